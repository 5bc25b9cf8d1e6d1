/**
 * 1.5 案例：查找单词 — word lookup, the server
 * Receives a word, looks it up in the word book (fixtures/dict.txt, from WordNet),
 * and sends back the word and its explanation, or `没有找到：<word> — Not found: <word>`.
 * Run: npx tsx scripts/word_server.ts [--host 127.0.0.1] [--port 8888] [--dict fixtures/dict.txt]
 */
import dgram from "node:dgram";
import { fileURLToPath } from "node:url";
import { formatAddress, readFlags, udpType } from "../lib/address.ts";
import { explainSocketError, fail, onStop } from "../lib/exits.ts";
import { showText } from "../lib/safe_text.ts";
import { phrase, say } from "../lib/say.ts";
import { loadWordBook, lookUp } from "../lib/words.ts";

const { host, port, flags } = readFlags("word_server.ts [--host HOST] [--port PORT] [--dict PATH]", { dict: { type: "string" } });
const dictPath = String(flags.dict ?? fileURLToPath(new URL("../fixtures/dict.txt", import.meta.url)));
const book = await loadWordBook(dictPath).catch((err) => fail(err.message)); // read once, before serving

// 1. 创建套接字 — create the socket
const server = dgram.createSocket(udpType(host)); // socket(AF_INET, SOCK_DGRAM)
let listening = false; // a port already in use ends the server; a later error is only reported
server.on("error", (err) => (listening ? console.error(`warning: ${err.message}`) : fail(explainSocketError(err, host, port))));

// 2. 绑定地址 — bind the address
server.bind(port, host, () => {
  listening = true;
  const bound = server.address();
  console.log(say("listeningWords", formatAddress(bound.address, bound.port), book.size));
});

// 3. 循环收发消息 — receive a word, look it up, send the answer; Node calls this once for each datagram
server.on("message", (data, client) => {
  const word = data.toString().trim(); // word = data.decode()
  const found = lookUp(book, word);
  let answer = say("notFound", word.length > 100 ? `${word.slice(0, 100)}…` : word); // a long query gets a short answer
  if (found) answer = `${found.word}  ${found.explanation}`;
  else if (word === "") answer = say("sendAWord");
  const { zh, en } = phrase(found ? "found" : word ? "notFoundShort" : "noWord");
  const result = `${zh} ${en}`;
  console.log(`From client ${formatAddress(client.address, client.port)}, Word: ${showText(data)} -> ${result}`);
  server.send(answer, client.port, client.address); // sendto(answer.encode(), addr)
});

// 4. 关闭套接字 — close the socket on Ctrl-C
onStop(() => {
  server.close();
  console.log(say("serverClosed"));
});
