/** 2.3 HTTP 请求: a TCP server that prints the request a browser sends. */
import { formatAddress } from "../../lib/address.ts";
import { browserRequest } from "../http.ts";
import { exchangeHttp, token } from "../net.ts";
import { printed, show } from "../show.ts";
import { afterEmptyConnection, EMPTY_CONNECTION, ENDED_AFTER_ONE, running } from "../tcp_server.ts";
import { defineExercise, fail, NO_PROGRAM, pass, skip } from "../types.ts";

export default defineExercise({
  name: "show-request",
  section: "2.3",
  title: ["HTTP 请求：打印浏览器发来的请求", "the request: print what a browser sends"],
  role: "server",
  protocol: "tcp",
  lesson: "scripts/http_show_request.ts",
  endsAfterRequest: true, // the course's program accepts one connection, prints it, and ends
  required: [
    {
      id: "prints-request",
      name: ["打印浏览器发来的请求行和请求头", "prints the request line and the headers a browser sends"],
      async run({ host, port, program, hint }) {
        const path = `/${token("check")}`;
        const from = program?.output().length ?? 0;
        const reply = await exchangeHttp(host, port, browserRequest(path, host, port), 3_000);
        if (reply.error) {
          return fail(
            ["连接不上服务端：它是否在这个地址上 listen？", "cannot connect: does the server listen at this address?"],
            `连接 connect to ${formatAddress(host, port)}`,
            reply.error,
          );
        }
        if (program === undefined) return skip(NO_PROGRAM);
        const lines = [`GET ${path} HTTP/1.1`, "User-Agent: socket-lessons-check", "Accept-Language: zh-CN,zh;q=0.9"];
        if (await program.waitForOutput((output) => lines.every((line) => output.slice(from).includes(line)), 3_000)) return pass();
        return fail(
          hint({
            python: ["没有打印收到的请求：recv 之后 print(data.decode())", "the request was not printed: after recv, print(data.decode())"],
            typescript: [
              "没有打印收到的请求：收到 data 事件后 console.log 这些字节",
              "the request was not printed: console.log the bytes on the data event",
            ],
          }),
          show(browserRequest(path, host, port)),
          `它打印了 it printed ${printed(program, from)}`,
        );
      },
    },
  ],
  further: [
    {
      id: "empty-connection",
      name: EMPTY_CONNECTION, // going further here: the course's 2.3 program accepts one connection, and the empty one uses it up
      async run(context) {
        return afterEmptyConnection(context, async () => {
          const { host, port, program } = context;
          const path = `/${token("after-empty")}`;
          const from = program?.output().length ?? 0;
          const reply = await exchangeHttp(host, port, browserRequest(path, host, port), 3_000);
          const live = context.program;
          const seen = live === undefined || (await live.waitForOutput((output) => output.slice(from).includes(path), 3_000));
          if (reply.error === undefined && seen) return pass();
          return fail(
            [
              "空连接之后，服务端不再打印请求：把 accept 放进循环，空连接就关闭它，再等下一个",
              "after an empty connection the server prints no more requests: accept in a loop, close an empty connection and wait for the next",
            ],
            show(browserRequest(path, host, port)),
            reply.error ?? `it printed ${live ? printed(live, from) : "nothing"}`,
          );
        });
      },
    },
    {
      id: "prints-body",
      name: ["POST 请求的请求体也打印出来", "prints a POST's body too"],
      async run(context) {
        if (context.program === undefined) return skip(NO_PROGRAM);
        const program = await running(context);
        if (program === undefined) return skip(ENDED_AFTER_ONE);
        const { host, port } = context;
        const body = `name=${token("body")}`;
        const request = `POST /form HTTP/1.1\r\nHost: ${formatAddress(host, port)}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
        const from = program.output().length;
        await exchangeHttp(host, port, request, 3_000);
        if (await program.waitForOutput((output) => output.slice(from).includes(body), 3_000)) return pass();
        return fail(
          ["请求体在空行之后：打印整个请求", "the body comes after the blank line: print the whole request"],
          show(request),
          `它打印了 it printed ${printed(program, from)}`,
        );
      },
    },
  ],
});
