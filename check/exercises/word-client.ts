/** 1.5 案例：查找单词，客户端: sends each word typed and prints the server's answer. */
import { type FakeServer, fakeServer, token } from "../net.ts";
import { quitsOnEmptyLine, typeLine } from "../play_server.ts";
import { printed, show } from "../show.ts";
import { defineExercise, fail, pass } from "../types.ts";

export default defineExercise<FakeServer>({
  name: "word-client",
  section: "1.5",
  title: ["案例：查找单词，客户端", "word lookup, the client"],
  role: "client",
  protocol: "udp",
  lesson: "scripts/word_client.ts",
  setup: ({ host, port }) => fakeServer(host, port), // the checker plays the word server
  cleanup: (server) => server.close(),
  required: [
    {
      id: "prompts-and-sends",
      name: ["提示输入，把一个单词作为一个数据报发给服务端", "prompts, and sends a word as one datagram to the server"],
      async run(context) {
        const typed = await typeLine(context, "network");
        if ("status" in typed) return typed;
        const { client, datagram } = typed;
        const answer = `network  n. ${token("an interconnected system")}`;
        const from = client.output().length;
        context.state.send(answer, datagram.from);
        if (await client.waitForOutput((output) => output.slice(from).includes(answer), context.replyMs())) return pass();
        return fail(
          context.hint({
            python: [
              "客户端没有打印服务端的回答：recvfrom 之后 print(data.decode())",
              "the client did not print the server's answer: after recvfrom, print(data.decode())",
            ],
            typescript: [
              "客户端没有打印服务端的回答：收到 message 事件后 console.log 它",
              "the client did not print the server's answer: console.log it on the message event",
            ],
          }),
          `回复 the reply ${show(answer)}`,
          `它打印了 it printed ${printed(client, from)}`,
        );
      },
    },
    { id: "quits", name: ["输入空行就退出", "quits on an empty line"], run: quitsOnEmptyLine },
  ],
  further: [],
});
