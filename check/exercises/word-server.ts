/** 1.5 案例：查找单词，服务端: answers a word with its explanation from the word book, and an unknown word too. */
import { join } from "node:path";
import { loadWordBook, lookUp, type WordBook } from "../../lib/words.ts";
import { token } from "../net.ts";
import { show } from "../show.ts";
import { defineExercise, fail, pass } from "../types.ts";
import { noReply } from "./udp-server.ts";

export default defineExercise<WordBook>({
  name: "word-server",
  section: "1.5",
  title: ["案例：查找单词，服务端", "word lookup, the server"],
  role: "server",
  protocol: "udp",
  lesson: "scripts/word_server.ts",
  inputs: [{ flag: "dict", about: ["服务端读的单词本", "the word book the server reads"], file: join("fixtures", "dict.txt") }],
  setup: ({ inputs }) => loadWordBook(inputs.dict ?? ""), // the same book the server reads
  required: [
    {
      id: "known-word",
      name: ["查到单词，回复它的解释", "answers a known word with its explanation"],
      async run(context) {
        const { ask, inputs, state: book } = context;
        const entries = [...book.entries()];
        const [word, explanation] = entries[Math.floor(entries.length / 2)] ?? ["", ""];
        const reply = await ask(word);
        if (reply === null) return fail(noReply(context), show(word), "没有回复 no reply");
        if (reply.data.toString("utf8").includes(explanation)) return pass();
        return fail(
          [
            `回复里没有 ${word} 的解释：是否在单词本 (${inputs.dict}) 里找到了这一行？`,
            `the reply lacks the explanation of ${word}: did the server find its line in the word book (${inputs.dict})?`,
          ],
          show(word),
          show(reply.data),
        );
      },
    },
    {
      id: "unknown-word",
      name: ["查不到的单词，回复说没有找到", "answers an unknown word, without an explanation"],
      async run({ ask, state: book, hint }) {
        const word = token("xyzzy");
        const reply = await ask(word);
        if (reply === null) {
          return fail(
            hint({
              python: [
                "查不到的单词没有回复：找不到时也要 sendto 一个回复，客户端才不会一直等",
                "no reply for an unknown word: sendto a reply when it is not found too, or the client waits for ever",
              ],
              typescript: [
                "查不到的单词没有回复：找不到时也要 send 一个回复，客户端才不会一直等",
                "no reply for an unknown word: send a reply when it is not found too, or the client waits for ever",
              ],
            }),
            show(word),
            "没有回复 no reply",
          );
        }
        const text = reply.data.toString("utf8");
        const explanation = [...book.values()].find((value) => value.length > 12 && text.includes(value));
        if (explanation === undefined) return pass();
        return fail(["查不到的单词却回复了一个解释", "an unknown word got an explanation"], show(word), show(text));
      },
    },
  ],
  further: [
    {
      id: "case-and-spaces",
      name: ["大写和前后空格不影响查找", "finds a word in upper case or with spaces around it"],
      async run({ ask, state: book, hint }) {
        const word = [...book.keys()].find((key) => /^[a-z]{4,}$/.test(key) && lookUp(book, key.toUpperCase())?.word === key) ?? "network";
        const query = `  ${word.toUpperCase()} `;
        const reply = await ask(query);
        if (reply?.data.toString("utf8").includes(book.get(word) ?? "\u0000")) return pass();
        return fail(
          hint({
            python: [
              "查找前先 strip() 并转成小写：word.strip().lower()",
              "strip and lower the word before looking it up: word.strip().lower()",
            ],
            typescript: [
              "查找前先去掉空格并转成小写：word.trim().toLowerCase()",
              "trim and lower the word before looking it up: word.trim().toLowerCase()",
            ],
          }),
          show(query),
          show(reply?.data),
        );
      },
    },
  ],
});
