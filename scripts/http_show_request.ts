/**
 * 2.3 HTTP 请求 — see the request a browser sends
 * A bare TCP server that prints the first request it gets, as it came, names its
 * parts, sends it back to the browser as text, and exits (--keep: goes on until Ctrl-C).
 * Run: npx tsx scripts/http_show_request.ts [--host 127.0.0.1] [--port 8888] [--keep]   then open http://127.0.0.1:8888/
 */
import net from "node:net";
import { formatAddress, readFlags } from "../lib/address.ts";
import { explainSocketError, fail, onStop } from "../lib/exits.ts";
import { showText } from "../lib/safe_text.ts";
import { say } from "../lib/say.ts";

const { host, port, flags } = readFlags("http_show_request.ts [--host HOST] [--port PORT] [--keep]", { keep: { type: "boolean" } });

// 1. 创建套接字 — create a TCP socket: socket(AF_INET, SOCK_STREAM)
const server = net.createServer(connected);
server.on("error", (err) => (server.listening ? console.error(`warning: ${err.message}`) : fail(explainSocketError(err, host, port))));
// 2. 绑定地址 — bind, and 3. 设置监听 — listen(3): at most 3 connections wait to be accepted
server.listen({ host, port, backlog: 3 }, () => {
  const address = formatAddress(host, (server.address() as net.AddressInfo).port);
  console.log(say("listeningShow", address));
});

// 4. 等待客户端连接 — a connection arrives: c, addr = s.accept(). A browser may open a spare one that sends nothing.
function connected(c: net.Socket) {
  console.log(`Connect From ${formatAddress(c.remoteAddress ?? "?", c.remotePort ?? 0)}`);
  c.on("error", () => c.destroy()); // the browser went away: nothing to show

  // 5. 接收请求 — receive: data = c.recv(2048) may get only part of the request, since TCP
  //    delivers bytes in pieces; collect them up to the blank line, then the body Content-Length announces.
  let data = Buffer.alloc(0);
  c.on("data", (chunk) => {
    data = Buffer.concat([data, chunk]);
    const text = data.toString("latin1"); // one character per byte: positions in the text are positions in the bytes
    const blank = /\r?\n\r?\n/.exec(text);
    const length = Number(/^content-length:[ \t]*(\d+)/im.exec(text.slice(0, blank?.index))?.[1] ?? 0);
    if (blank && data.length >= blank.index + blank[0].length + length) show(c, data.subarray(0, blank.index + blank[0].length + length));
    else if (data.length > 65536) show(c, data); // no blank line in 64 KiB: show what came
  });
  c.setTimeout(20_000, () => (data.length > 0 ? show(c, data) : c.destroy())); // quiet for 20 s: show what came, or drop it
}

// 6. 打印请求 — print the request: the request line, the headers, the blank line, the body.
function show(c: net.Socket, request: Buffer) {
  c.removeAllListeners("data").setTimeout(0);
  const text = request.toString("latin1");
  const [, head = text, body = ""] = /^(.*?)\r?\n\r?\n(.*)$/s.exec(text) ?? []; // the head, then the body after the blank line
  const lines = head.split(/\r?\n/);
  for (const line of lines) console.log(showText(Buffer.from(line, "latin1"))); // print(data.decode())
  console.log(""); // 空行: the blank line that ends the head
  if (body.length > 0) console.log(showText(Buffer.from(body, "latin1")));
  console.log(say("requestParts", lines.length - 1, body.length)); // 请求行, 请求头, 空行, 请求体

  // Send the request back to the browser as plain text, so that it shows what it sent.
  c.write(`HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${request.length}\r\nConnection: close\r\n\r\n`);
  // 7. 关闭套接字 — close the connection, c.close(), and without --keep the server too, s.close(), and exit
  c.end(request, () => flags.keep || process.exit(0));
}

// Ctrl-C: close the listening socket and exit
onStop(() => {
  server.close();
  console.log(say("serverClosed"));
});
