/** 1.1 UDP 服务端编程: a server that answers each datagram from the address it came to, and prints it. */
import { formatAddress } from "../../lib/address.ts";
import { token } from "../net.ts";
import { printed, show } from "../show.ts";
import { type Context, defineExercise, fail, NO_PROGRAM, pass, skip, type Words } from "../types.ts";

/** No reply: what the server should have done, in the program's language. */
export const noReply = ({ host, port, replyMs, code }: Context<unknown>): Words => {
  const receive = code({ python: "recvfrom", typescript: 'server.on("message")' });
  const reply = code({ python: "sendto", typescript: "server.send" });
  const address = code({ python: "addr", typescript: "client.port, client.address" });
  const seconds = replyMs() / 1000;
  return [
    `${seconds} 秒内没有回复：服务端是否用 ${receive} 收到了数据报，并把回复 ${reply} 给了客户端的地址 (${address})？它应该在 ${formatAddress(host, port)} 上监听`,
    `no reply within ${seconds} s: did the server receive the datagram with ${receive}, and ${reply} its reply to the client's address (${address})? It should listen on ${formatAddress(host, port)}`,
  ];
};

export default defineExercise({
  name: "udp-server",
  section: "1.1",
  title: ["UDP 服务端编程", "the UDP server"],
  role: "server",
  protocol: "udp",
  lesson: "scripts/udp_server.ts",
  required: [
    {
      id: "answers",
      name: ["回复每个数据报", "answers a datagram"],
      async run(context) {
        const { host, port, ask } = context;
        const message = token("hello");
        const reply = await ask(message);
        if (reply === null) return fail(noReply(context), `${show(message)} 发往 to ${formatAddress(host, port)}`, "没有回复 no reply");
        return pass();
      },
    },
    {
      id: "same-port",
      name: ["把回复发回客户端的地址", "replies from the address the client sent to"],
      afterFirst: true,
      async run(context) {
        const { port, ask, code } = context;
        const reply = await ask(token("where"));
        if (reply === null) return fail(noReply(context));
        if (reply.from.port === port) return pass();
        const send = code({ python: "sendto", typescript: "send" });
        return fail(
          [
            `回复来自另一个端口：请用收到消息的同一个套接字 ${send}`,
            `the reply came from another port: ${send} with the same socket that received the message`,
          ],
          `发往端口 ${port} 的一个数据报 a datagram to port ${port}`,
          `来自端口 ${reply.from.port} 的回复 a reply from port ${reply.from.port}`,
        );
      },
    },
    {
      id: "prints",
      name: ["打印收到的每条消息", "prints each message it receives"],
      afterFirst: true,
      async run({ ask, replyMs, program, hint }) {
        if (program === undefined) return skip(NO_PROGRAM);
        const message = token("print-me");
        const from = program.output().length;
        await ask(message);
        if (await program.waitForOutput((output) => output.slice(from).includes(message), replyMs())) return pass();
        const why = hint({
          python: [
            "服务端没有打印收到的消息：recvfrom 之后用 print 输出它",
            "the server did not print the message: print it after recvfrom",
          ],
          typescript: [
            '服务端没有打印收到的消息：在 on("message") 里用 console.log 输出它',
            'the server did not print the message: console.log it in on("message")',
          ],
        });
        return fail(why, show(message), `它打印了 it printed ${printed(program, from)}`);
      },
    },
    {
      id: "empty-datagram",
      name: ["收到空数据报后照常工作", "goes on after an empty datagram"],
      afterFirst: true,
      async run({ ask }) {
        await ask(Buffer.alloc(0));
        if ((await ask(token("after-empty"))) !== null) return pass();
        return fail(
          [
            "空数据报之后服务端不再回复：它是否因此出错退出了？",
            "after an empty datagram the server no longer answers: did it fail and end?",
          ],
          '"" (an empty datagram), then another message',
          "第二个没有回复 no reply to the second",
        );
      },
    },
    {
      id: "several-clients",
      name: ["同时有几个客户端时，每个都得到回复", "several clients at once each get their reply"],
      afterFirst: true,
      async run({ ask, hint }) {
        const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => ask(token(`client${i}`))));
        const missing = replies.filter((reply) => reply === null).length;
        if (missing === 0) return pass();
        return fail(
          hint({
            python: [
              "有的客户端没有收到回复：回复要发给 recvfrom 返回的那个地址",
              "some clients got no reply: send each reply to the address recvfrom returned with its datagram",
            ],
            typescript: [
              "有的客户端没有收到回复：回复要发给 message 事件给出的 client 地址",
              "some clients got no reply: send each reply to the client address the message event gave",
            ],
          }),
          "5 datagrams from 5 sockets at once",
          `${missing} got no reply`,
        );
      },
    },
  ],
  further: [
    {
      id: "not-utf8",
      name: ["收到不是 UTF-8 的 2,000 字节后照常工作", "goes on after 2,000 bytes that are not UTF-8"],
      afterFirst: true,
      async run({ ask, hint }) {
        await ask(Buffer.alloc(2000, 0xff));
        if ((await ask(token("after-binary"))) !== null) return pass();
        const why = hint({
          python: [
            "data.decode() 遇到不是 UTF-8 的字节会出错：可以用 data.decode(errors='replace')，或捕获 UnicodeDecodeError",
            "data.decode() fails on bytes that are not UTF-8: use data.decode(errors='replace'), or catch UnicodeDecodeError",
          ],
          typescript: [
            "解码不是 UTF-8 的字节时程序不能出错：data.toString() 会把它们换成 �",
            "decoding bytes that are not UTF-8 must not fail: data.toString() replaces them with �",
          ],
        });
        return fail(
          why,
          "2,000 个 0xff 字节，然后一条消息 2,000 bytes of 0xff, then a message",
          "这条消息没有回复 no reply to the message",
        );
      },
    },
  ],
});
