/**
 * 2.2 进阶：无连接再探 — going further after 2.5: HTTP/1.1 keeps a connection open for the next request. The
 * home page, served on one connection for several requests, Connection: close honoured, several
 * connections at once.
 */

import { readFileSync } from "node:fs";
import { formatAddress } from "../../lib/address.ts";
import { getRequest, type HttpConnection, type HttpResponse, httpConnection, notThePage, responseProblem } from "../http.ts";
import { token } from "../net.ts";
import { show } from "../show.ts";
import { type Context, defineExercise, fail, type Outcome, pass, type Words } from "../types.ts";

/** How long an answer may take, and how long a close that should come at once may take (under the solution's 5 s idle time). */
const ANSWER_MS = 5_000;
const CLOSE_MS = 2_000;
/** How long the second of two connections may wait: a server that serves one at a time never answers it. */
const SECOND_MS = 3_000;

/** One connection for one check, opened and closed with a reset, whatever the check finds. */
async function onConnection(context: Context<unknown>, check: (connection: HttpConnection) => Promise<Outcome>): Promise<Outcome> {
  const connection = httpConnection(context.host, context.port);
  try {
    if (!(await connection.opened)) {
      return fail(
        ["连接不上服务端：它是否在这个地址上 listen？", "cannot connect: does the server listen at this address?"],
        `连接 connect to ${formatAddress(context.host, context.port)}`,
        "连接被拒绝 refused",
      );
    }
    return await check(connection);
  } finally {
    connection.close();
  }
}

/** What an answer that did not come, or is not well formed, means. */
function noAnswer(response: HttpResponse | string | null, which: Words): Words {
  if (response === null) return [`${which[0]}没有得到回答`, `${which[1]} got no answer`];
  if (response === "nothing")
    return [`${which[0]}之前服务端就关闭了连接`, `the server closed the connection before ${which[1]} was answered`];
  const [zh, en] = responseProblem(typeof response === "string" ? response : "");
  return [`${which[0]}的回答格式不对：${zh}`, `the answer to ${which[1]} is not well formed: ${en}`];
}

const isResponse = (response: HttpResponse | string | null): response is HttpResponse => typeof response === "object" && response !== null;

export default defineExercise({
  name: "keep-alive",
  section: "2.2",
  title: ["进阶：无连接再探，持久连接", "going further: keep-alive, connectionless revisited"],
  role: "server",
  protocol: "tcp",
  lesson: "scripts/http_keep_alive.ts",
  inputs: [{ flag: "page", about: ["服务端发送的主页文件", "the page file the server sends"], file: "index.html" }],
  required: [
    {
      id: "two-on-one-connection",
      name: [
        "一个连接上的两个请求都得到回答，各带 Content-Length",
        "two requests on one connection are both answered, each with a Content-Length",
      ],
      run: (context) =>
        onConnection(context, async (connection) => {
          const { host, port, hint } = context;
          const request = getRequest("/", host, port);
          const sent = `${show(request)}，两次 twice`;
          connection.send(request);
          const first = await connection.next(ANSWER_MS);
          if (!isResponse(first)) return fail(noAnswer(first, ["第一个请求", "the first request"]), sent, show(first));
          if (first.contentLength === undefined) {
            return fail(
              [
                "回答没有 Content-Length：连接不关闭，客户端就只能靠它知道回答在哪里结束",
                "the answer has no Content-Length: on a connection that stays open, it is how the client knows where the answer ends",
              ],
              sent,
              show(first.statusLine),
            );
          }
          if (first.status !== 200)
            return fail(["主页的状态码应该是 200", "the home page's status should be 200"], sent, show(first.statusLine));
          const page = context.inputs.page ?? "";
          const wrong = notThePage(first, readFileSync(page), page, hint); // a Content-Length in characters spoils the next answer too
          if (wrong) return fail(wrong.why, sent, wrong.got);
          connection.send(request);
          const second = await connection.next(ANSWER_MS);
          if (isResponse(second) && second.contentLength !== undefined) return pass();
          if (second === "nothing" || second === null) {
            return fail(
              hint({
                python: [
                  "回答一个请求后就关闭了连接：HTTP/1.1 默认保持连接 (keep-alive)，浏览器会在同一个连接上发下一个请求。在一个循环里继续 recv 这个连接的下一个请求，直到对方关闭或要求 Connection: close",
                  "the connection closed after one answer: HTTP/1.1 keeps it open by default (keep-alive), and a browser sends its next request on it. recv the connection's next request in a loop, until the client closes or asks for Connection: close",
                ],
                typescript: [
                  "回答一个请求后就关闭了连接：HTTP/1.1 默认保持连接 (keep-alive)，浏览器会在同一个连接上发下一个请求。回答后不要 c.end()，继续在 data 事件里读下一个请求，直到对方关闭或要求 Connection: close",
                  "the connection closed after one answer: HTTP/1.1 keeps it open by default (keep-alive), and a browser sends its next request on it. do not c.end() after the answer: read the next request on the data event, until the client closes or asks for Connection: close",
                ],
              }),
              sent,
              second === null
                ? "第二个请求没有回答 no answer to the second"
                : "第一个回答之后连接就关闭了 the connection closed after the first answer",
            );
          }
          return fail(noAnswer(second, ["第二个请求", "the second request"]), sent, show(isResponse(second) ? second.statusLine : second));
        }),
    },
    {
      id: "connection-close",
      name: [
        "带 Connection: close 的请求得到回答，然后服务端关闭连接",
        "a request with Connection: close gets its answer, then the server closes",
      ],
      run: (context) =>
        onConnection(context, async (connection) => {
          const request = getRequest("/", context.host, context.port, "Connection: close\r\n");
          connection.send(request);
          const answer = await connection.next(ANSWER_MS);
          if (!isResponse(answer)) return fail(noAnswer(answer, ["这个请求", "the request"]), show(request), show(answer));
          if (await connection.closed(CLOSE_MS)) return pass();
          return fail(
            [
              "请求里有 Connection: close，回答之后服务端却没有关闭连接：看看请求头里的 Connection，是 close 就在回答后关闭",
              "the request said Connection: close, but the server kept the connection open after the answer: look at the Connection header, and close after the answer when it says close",
            ],
            show(request),
            `回答之后 ${CLOSE_MS / 1000} 秒连接还开着 still open ${CLOSE_MS / 1000} s after the answer`,
          );
        }),
    },
    {
      id: "two-connections-at-once",
      name: ["同时打开的两个连接都得到回答", "two connections open at once are both answered"],
      afterFirst: true,
      run: (context) =>
        onConnection(context, async (first) => {
          const { host, port, hint } = context;
          first.send(getRequest("/", host, port));
          if (!isResponse(await first.next(ANSWER_MS)))
            return fail(noAnswer(null, ["第一个连接上的请求", "the request on the first connection"]));
          // The first connection stays open, as a browser's does, while a second one asks.
          return onConnection(context, async (second) => {
            const request = getRequest(`/${token("second")}`, host, port);
            second.send(request);
            if (isResponse(await second.next(SECOND_MS))) return pass();
            return fail(
              hint({
                python: [
                  "第一个连接还开着时，第二个连接没有得到回答：服务端一次只服务一个连接。每接受一个连接，就为它开一个线程 (threading.Thread)，或者用 select",
                  "while the first connection is open, the second gets no answer: the server serves one connection at a time. start a thread (threading.Thread) for each connection it accepts, or use select",
                ],
                typescript: [
                  "第一个连接还开着时，第二个连接没有得到回答：服务端一次只服务一个连接。每个连接要有自己的 data 事件处理，不要等一个连接结束再接受下一个",
                  "while the first connection is open, the second gets no answer: the server serves one connection at a time. give each connection its own data handler; do not wait for one to end before taking the next",
                ],
              }),
              `第一个连接开着时，在第二个连接上 on a second connection while the first is open: ${show(request)}`,
              `${SECOND_MS / 1000} 秒内没有回答 no answer within ${SECOND_MS / 1000} s`,
            );
          });
        }),
    },
  ],
  further: [
    {
      id: "pipelined",
      name: ["连着发出的两个请求按顺序得到回答", "two requests sent back to back are answered in order"],
      run: (context) =>
        onConnection(context, async (connection) => {
          const { host, port } = context;
          const requests = getRequest("/", host, port) + getRequest(`/${token("no-such-page")}`, host, port);
          connection.send(requests); // in one piece: the second request arrives with the first
          const first = await connection.next(ANSWER_MS);
          const second = await connection.next(ANSWER_MS);
          if (isResponse(first) && isResponse(second) && first.status === 200 && second.status === 404) return pass();
          return fail(
            [
              "一次收到的字节里可能有不止一个请求：读到空行以后多出来的字节是下一个请求的开头，留着它，回答完这个再回答它",
              "one read may hold more than one request: the bytes after the blank line begin the next request; keep them, and answer it after this one",
            ],
            `${show(requests, 200)}（一次发出 in one piece）`,
            `${show(isResponse(first) ? first.statusLine : first)}, ${show(isResponse(second) ? second.statusLine : second)}`,
          );
        }),
    },
    {
      id: "http-1.0-closed",
      name: ["没有 keep-alive 的 HTTP/1.0 请求，回答后关闭连接", "an HTTP/1.0 request without keep-alive is closed after its answer"],
      run: (context) =>
        onConnection(context, async (connection) => {
          const request = `GET / HTTP/1.0\r\nHost: ${formatAddress(context.host, context.port)}\r\n\r\n`;
          connection.send(request);
          const answer = await connection.next(ANSWER_MS);
          if (isResponse(answer) && (await connection.closed(CLOSE_MS))) return pass();
          return fail(
            [
              "HTTP/1.0 默认每个请求一个连接：请求是 HTTP/1.0 又没有 Connection: keep-alive 时，回答后关闭连接",
              "HTTP/1.0 uses one connection per request by default: close after the answer when the request is HTTP/1.0 without Connection: keep-alive",
            ],
            show(request),
            isResponse(answer) ? `回答之后连接还开着 still open after the answer` : show(answer),
          );
        }),
    },
    {
      id: "idle-closed",
      name: ["空闲的连接过一会儿被关闭", "an idle connection is closed after a while"],
      run: (context) =>
        onConnection(context, async (connection) => {
          const request = getRequest("/", context.host, context.port);
          connection.send(request);
          if (isResponse(await connection.next(ANSWER_MS)) && (await connection.closed(15_000))) return pass();
          return fail(
            context.hint({
              python: [
                "一个什么也不再发送的连接一直开着：每个连接都占着一个线程和一个套接字。用 c.settimeout(5)，超时就关闭它",
                "a connection that sends nothing more stays open for ever: each one holds a thread and a socket. use c.settimeout(5), and close it on the timeout",
              ],
              typescript: [
                "一个什么也不再发送的连接一直开着：每个连接都占着一个套接字。用 c.setTimeout(5000, () => c.end()) 关闭它",
                "a connection that sends nothing more stays open for ever: each one holds a socket. close it with c.setTimeout(5000, () => c.end())",
              ],
            }),
            show(request),
            "15 秒后连接还开着 still open after 15 s",
          );
        }),
    },
  ],
});
