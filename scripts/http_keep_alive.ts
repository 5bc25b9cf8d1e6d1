/**
 * Going further: 2.2 无连接 revisited — HTTP/1.1 keeps the connection open for the next request
 *
 * 2.2 calls HTTP 无连接, one request per connection, and scripts/http_home.ts
 * answers that way. HTTP/1.1 keeps the connection open for the next request
 * instead, and a server that does so must deal with more: requests that
 * arrive in pieces or several at once (pipelining), a client slow to read its
 * answers (backpressure), connections that go quiet (an idle clock, 408), and
 * requests it must refuse (400, 413, 431, 501, 505). This is the same home
 * page server with all of that; lib/http.ts is its request parser. It also
 * answers HEAD, OPTIONS (204), 100-continue, and /home with a 301 to /.
 *
 * Run: npx tsx scripts/http_keep_alive.ts [--host 127.0.0.1] [--port 8888] [--page index.html] [--idle 5]
 */

import { STATUS_CODES } from "node:http";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { formatAddress, readFlags } from "../lib/address.ts";
import { explainSocketError, fail, onStop } from "../lib/exits.ts";
import { fileProblem } from "../lib/file_problem.ts";
import { escapeHtml, type HttpRequest, httpDate, keepsAlive, pageFile, RequestReader, showRequestLine } from "../lib/http.ts";
import { secondsFlag } from "../lib/number_flags.ts";
import { say } from "../lib/say.ts";

const { host, port, flags } = readFlags("http_keep_alive.ts [--host HOST] [--port PORT] [--page PATH] [--idle SECONDS]", {
  page: { type: "string" },
  idle: { type: "string" },
});
/** A connection with no request for this long is closed. */
const idleMs = secondsFlag(flags, "idle", 5) * 1000;
const pagePath = typeof flags.page === "string" ? flags.page : fileURLToPath(new URL("../index.html", import.meta.url));
const page = pageFile(pagePath);
try {
  page(); // read it once now, so that a missing page is reported at start
} catch (err) {
  fail(say("cannotReadPage", pagePath, fileProblem(err as NodeJS.ErrnoException)));
}

const ALLOW = "GET, HEAD, OPTIONS";

// 1. 创建套接字, 2. 绑定地址 — and 3. 设置监听 — create a TCP socket, bind it and listen: Python's
//    socket(), bind(), listen(). Node accepts connections itself and hands
//    each one over, as Python's accept() would: here it becomes a Connection
//    (below). The course's listen(3) lets only 3 connections wait to be
//    accepted; a browser opens several at once, and a busy server many, so
//    this one keeps Node's default queue (511).
const server = net.createServer({ noDelay: true }, (socket) => new Connection(socket)); // send each response at once
/** Every open connection, for the idle clock (below) and for Ctrl-C. */
const connections = new Set<Connection>();
let listening = false;
server.on("error", (err) => {
  if (!listening) fail(explainSocketError(err, host, port));
  console.error(`warning: ${explainSocketError(err, host, port)}`);
});
server.listen({ host, port }, () => {
  listening = true;
  const bound = server.address() as net.AddressInfo;
  console.log(say("listeningHttp", formatAddress(bound.address, bound.port)));
});

// 4. 等待客户端连接 — serve one connection: it may carry many requests, one after another.
//    A Connection holds what the server knows about one: its socket, the
//    client's address, the reader of its requests, and its clock.
class Connection {
  readonly socket: net.Socket;
  readonly client: string;
  readonly reader = new RequestReader();
  closing = false;
  lastHeard = performance.now(); // when the client last sent bytes
  requestStarted: number | undefined; // when the first byte of a request not yet whole came

  constructor(socket: net.Socket) {
    this.socket = socket;
    this.client = formatAddress(socket.remoteAddress ?? "?", socket.remotePort ?? 0);
    connections.add(this);
    socket.on("close", () => connections.delete(this));
    socket.on("data", (chunk) => this.received(chunk));
    socket.on("drain", () => this.drained());
    socket.on("error", () => socket.destroy()); // a client that went away: nothing to do
  }

  // 5. 接收请求 — read the requests. TCP hands over bytes in pieces of any size; the
  //    reader (lib/http.ts) collects them, splits them into requests at the
  //    blank line and parses each request line and its headers.
  received(chunk: Buffer) {
    const now = performance.now();
    if (!this.closing) this.lastHeard = now; // once closing, what still comes does not keep the connection
    this.reader.push(chunk);
    this.serve();
    if (!this.reader.midRequest || this.closing) this.requestStarted = undefined;
    else this.requestStarted ??= now;
  }

  // Answer every whole request, in order, unless the client is slow to take
  // the answers: then wait until it has (the "drain" event).
  serve() {
    while (!this.closing && !this.socket.writableNeedDrain) {
      const item = this.reader.next();
      if (item === undefined) break; // wait for more bytes
      if (item.kind === "continue") this.socket.write("HTTP/1.1 100 Continue\r\n\r\n");
      else if (item.kind === "error")
        this.respond(item.error.requestLine, item.error.status, errorPage(item.error.status, item.error.reason));
      else this.answer(item.request);
    }
    if (this.socket.writableNeedDrain) this.socket.pause();
  }

  drained() {
    this.lastHeard = performance.now(); // the client is reading: not idle
    this.socket.resume();
    this.serve();
  }

  // 6. 发送响应 — decide the answer to a request: which status, which body; then write it.
  answer(request: HttpRequest) {
    const path = pathOf(request.target);
    if (request.method === "OPTIONS") return this.respond(request.requestLine, 204, undefined, request);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return this.respond(request.requestLine, 405, errorPage(405, say("page.notGet", request.method)), request);
    }
    if (path === undefined) return this.respond(request.requestLine, 400, errorPage(400, say("page.notPath")), request);
    if (path === "/home") return this.respond(request.requestLine, 301, errorPage(301, say("page.movedHome")), request, "/");
    if (path !== "/" && path !== "/index.html") {
      return this.respond(request.requestLine, 404, errorPage(404, say("page.noSuchPage", path)), request);
    }
    let body: Buffer;
    try {
      body = page(); // index.html, read again when it changes
    } catch (err) {
      console.error(`warning: ${say("cannotReadPageNamed", pagePath, fileProblem(err as NodeJS.ErrnoException))}`);
      return this.respond(request.requestLine, 500, errorPage(500, say("page.unreadable")), request);
    }
    this.respond(request.requestLine, 200, body, request);
  }

  //    The response: the status line, the headers, a blank line, and
  //    the body. Content-Length tells the browser where the body ends.
  //    Without a request (it could not be read), the connection closes.
  respond(requestLine: string, status: number, body: Buffer | undefined, request?: HttpRequest, location?: string) {
    const { socket } = this;
    const keep = request !== undefined && keepsAlive(request);
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n`;
    head += `Date: ${httpDate()}\r\n`;
    if (status === 204 || status === 405) head += `Allow: ${ALLOW}\r\n`;
    if (location !== undefined) head += `Location: ${location}\r\n`; // 3xx: where to look instead
    if (body !== undefined) {
      head += "Content-Type: text/html; charset=utf-8\r\n";
      head += `Content-Length: ${body.length}\r\n`;
      head += "Cache-Control: no-cache\r\n"; // so a reload shows an edited page
    }
    if (!keep) head += "Connection: close\r\n";
    else if (request.version === "HTTP/1.0") head += "Connection: keep-alive\r\n"; // 1.0 closes unless told
    head += "\r\n";
    // HEAD asks for the head only: same headers, no body.
    const sendBody = body !== undefined && request?.method !== "HEAD";
    logLine(`${this.client} "${showRequestLine(requestLine)}" ${status}`); // console.log, in batches (see logLine below)
    // cork() holds the writes until uncork() (or end()), which sends the head
    // and the body together, without copying the page into a new buffer.
    socket.cork();
    socket.write(head, "latin1");
    if (sendBody) socket.write(body);

    // 7. 关闭套接字 — keep the connection for the next request, or send the response and
    //    close it. When all the client sent has been read, the socket closes as
    //    soon as the response is out; otherwise it waits for the client to
    //    close, reading and dropping what still comes, so that the client
    //    gets the whole response rather than a reset.
    if (keep) socket.uncork();
    else {
      this.closing = true;
      const finished = request !== undefined && !this.reader.midRequest;
      socket.end(() => finished && socket.destroy());
    }
  }

  //    And close a connection that has gone quiet (called every so often, see
  //    below). A request must arrive whole within --idle seconds of its first
  //    byte: a client that is stuck in the middle of one, or trickles it in a
  //    byte now and then, gets 408 Request Timeout. A connection that sends
  //    nothing for --idle seconds is closed; if it still has not gone after
  //    that long again (it does not read what it was sent, or goes on
  //    sending), it is cut.
  checkIdle(now: number) {
    if (!this.closing && this.requestStarted !== undefined && now - this.requestStarted >= idleMs) {
      this.respond("(incomplete request)", 408, errorPage(408, say("page.tooSlow")));
      this.lastHeard = now;
    } else if (now - this.lastHeard >= idleMs) {
      if (this.closing) return this.socket.destroy();
      this.closing = true;
      this.lastHeard = now;
      this.socket.end();
    }
  }
}

/** The path of a request target, without its query: /index.html?x=1 → /index.html. */
function pathOf(target: string): string | undefined {
  const absolute = /^https?:\/\/[^/?#]*(.*)$/i.exec(target); // http://host/path, as proxies send
  const path = (absolute ? absolute[1] || "/" : target).split(/[?#]/)[0] ?? "";
  if (!path.startsWith("/")) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** A small HTML page for a status other than 200; the detail is escaped. */
function errorPage(status: number, detail: string): Buffer {
  const title = `${status} ${STATUS_CODES[status]}`;
  return Buffer.from(
    `<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>${title}</title></head>\n` +
      `<body><h1>${title}</h1><p>${escapeHtml(detail)}</p><p><a href="/">Home page · 主页</a></p></body>\n</html>\n`,
  );
}

// One clock for every connection, rather than a timer each: a few times per
// --idle period it asks each connection whether it has been quiet too long.
const idleClock = setInterval(
  () => {
    const now = performance.now();
    for (const connection of connections) connection.checkIdle(now);
  },
  Math.min(idleMs / 4, 1000),
);
idleClock.unref(); // the clock alone does not keep the server running

let logLines: string[] = [];
let logTimer: NodeJS.Timeout | undefined;

/**
 * Prints a line of the access log, as console.log does, but in batches: a
 * busy server answers thousands of requests a second, and one write for many
 * lines costs less than a write each. Lines are written 20 ms after the
 * first of them, or every 100 lines, and at exit.
 */
function logLine(line: string): void {
  logLines.push(line);
  if (logLines.length >= 100) flushLog();
  else logTimer ??= setTimeout(flushLog, 20);
}

function flushLog(): void {
  clearTimeout(logTimer);
  logTimer = undefined;
  if (logLines.length > 0) process.stdout.write(`${logLines.join("\n")}\n`);
  logLines = [];
}
process.on("exit", flushLog);

// Ctrl-C: stop listening, close every connection, exit 0.
onStop(() => {
  server.close();
  for (const connection of connections) connection.socket.destroy();
  logLine(say("serverClosed"));
});
