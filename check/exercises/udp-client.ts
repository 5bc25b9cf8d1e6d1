/** 1.2 UDP 客户端编程: a client that sends each line typed as one datagram and prints the reply. */
import { type FakeServer, fakeServer, token } from "../net.ts";
import { quitsOnEmptyLine, typeLine } from "../play_server.ts";
import { printed, show } from "../show.ts";
import { defineExercise, fail, NO_PROGRAM, pass, skip } from "../types.ts";

export default defineExercise<FakeServer>({
  name: "udp-client",
  section: "1.2",
  title: ["UDP 客户端编程", "the UDP client"],
  role: "client",
  protocol: "udp",
  lesson: "scripts/udp_client.ts",
  setup: ({ host, port }) => fakeServer(host, port), // the checker plays the server
  cleanup: (server) => server.close(),
  required: [
    {
      id: "prompts-and-sends",
      name: ["提示输入，把一行作为一个数据报发给服务端", "prompts, and sends a line as one datagram to the server"],
      async run(context) {
        const typed = await typeLine(context, "hello from the checker");
        if ("status" in typed) return typed;
        const { client, datagram } = typed;
        const reply = token("Thanks");
        const from = client.output().length;
        context.state.send(reply, datagram.from);
        if (await client.waitForOutput((output) => new RegExp(`Response:\\s*${reply}`).test(output.slice(from)), context.replyMs()))
          return pass();
        return fail(
          context.hint({
            python: [
              '客户端没有打印回复：recvfrom 之后 print("Response:", data.decode())',
              'the client did not print the reply: after recvfrom, print("Response:", data.decode())',
            ],
            typescript: [
              '客户端没有打印回复：收到 message 事件后 console.log("Response:", data.toString())',
              'the client did not print the reply: on the message event, console.log("Response:", data.toString())',
            ],
          }),
          `回复 the reply ${show(reply)}`,
          `它打印了 it printed ${printed(client, from)}`,
        );
      },
    },
    { id: "quits", name: ["输入空行就退出", "quits on an empty line"], run: quitsOnEmptyLine },
  ],
  further: [
    {
      id: "says-no-reply",
      name: ["回复一直不来时，过一段时间告诉用户并继续", "says so when a reply never comes, and goes on"],
      async run(context) {
        if (context.restart === undefined) return skip(NO_PROGRAM);
        const typed = await typeLine(context, "is anyone there?"); // and no reply
        if ("status" in typed) return typed;
        const { client, from } = typed;
        try {
          // A client that says so after its own time limit (settimeout(2)), with room for a busy machine.
          const said = await client.waitForOutput((output) => output.length > from, 6_000);
          // And goes on: still running, not ended by an error it did not catch (a Traceback, socket.timeout).
          if (said && !(await client.waitForEnd(300)) && !/Traceback|Error:/.test(client.output().slice(from))) return pass();
          return fail(
            context.hint({
              python: [
                "recvfrom 会一直等下去：用 settimeout(2) 设一个时限，捕获 socket.timeout 后告诉用户",
                "recvfrom waits for ever: set a time limit with settimeout(2), catch socket.timeout and say so",
              ],
              typescript: [
                "等回复要有时限：比如用 setTimeout 等 2 秒，到时还没有 message 事件就告诉用户",
                "waiting for the reply needs a time limit: a setTimeout of 2 s, say, that tells the user when no message event came",
              ],
            }),
            "一行文字，没有回复 a line, and no reply",
            "6 秒内什么也没打印 nothing printed for 6 s",
          );
        } finally {
          await client.stop();
        }
      },
    },
  ],
});
