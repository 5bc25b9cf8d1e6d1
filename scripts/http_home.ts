/**
 * 2.5 案例：主页访问 — the home page, on the raw HTTP protocol
 * A web server on a bare TCP socket, the course's way: one request per connection
 * (2.2 无连接). It reads the request, answers with index.html or 404, and closes.
 * Run: npx tsx scripts/http_home.ts [--host 127.0.0.1] [--port 8888] [--page index.html]   then open http://127.0.0.1:8888/
 */
import { readFileSync } from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { formatAddress, readFlags } from "../lib/address.ts";
import { explainSocketError, fail, onStop } from "../lib/exits.ts";
import { fileProblem } from "../lib/file_problem.ts";
import { say } from "../lib/say.ts";

const { host, port, flags } = readFlags("http_home.ts [--host HOST] [--port PORT] [--page PATH]", { page: { type: "string" } });
const here = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url)); // a file beside index.html

// The pages: path → file. Another page is one more row: ["/about.html", here("about.html")],
const home = String(flags.page ?? here("index.html"));
const PAGES = new Map([
  ["/", home],
  ["/index.html", home],
]);
const STATUS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
};

/** A file's bytes, as Python's open(file, "rb").read() gives them; undefined when it cannot be read (at start: an error line). */
function read(file: string, atStart = false): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    if (atStart) fail(say("cannotReadPage", file, fileProblem(err as NodeJS.ErrnoException)));
  }
}

// A page that cannot be read at start is one error line, not a stack trace.
for (const file of PAGES.values()) read(file, true);

// 1. 创建套接字 — create a TCP socket; 2. 绑定地址 — bind it; 3. 设置监听 — listen
const server = net.createServer(serve); // socket(AF_INET, SOCK_STREAM); serve() gets each connection accept() returns
server.on("error", (err) => (server.listening ? console.error(`warning: ${err.message}`) : fail(explainSocketError(err, host, port))));
server.listen(port, host, () => console.log(say("listeningHttp", formatAddress(host, (server.address() as net.AddressInfo).port))));

// 4. 等待客户端连接 — a connection: c, addr = s.accept()
function serve(c: net.Socket) {
  const client = formatAddress(c.remoteAddress ?? "?", c.remotePort ?? 0); // addr
  const timer = setTimeout(() => c.destroy(), 10_000); // a connection gets 10 s to send its request
  c.on("close", () => clearTimeout(timer)).on("error", () => c.destroy()); // the browser went away: nothing to do

  // 5. 接收请求 — receive the request. TCP delivers bytes in pieces, so collect them up to the blank line that ends the head.
  let request = ""; // the bytes so far, one character for each (latin1)
  c.on("data", (chunk) => {
    const from = Math.max(0, request.length - 3); // the blank line may have begun in the piece before: search from there
    request += chunk.toString("latin1");
    const found = request.slice(from, 8196).search(/\r?\n\r?\n/) !== -1; // within the first 8 KiB
    if (!found && request.length <= 8192) return; // not all here yet
    c.removeAllListeners("data"); // one request per connection: what comes after it is not read

    // The request line, GET /index.html?x=1 HTTP/1.1, split at the spaces and at the ? of a query: the method, then the path.
    const [requestLine = ""] = request.split(/\r?\n/, 1);
    const [method, path = ""] = requestLine.split(/[ ?]/);
    let status = 200;
    // A head over 8 KiB is refused; a request line that is not METHOD /path HTTP/1.x cannot be read.
    if (!found) status = 431;
    else if (!/^[A-Z]+ \/[\x21-\x7e]* HTTP\/1\.[01]$/.test(requestLine)) status = 400;
    else if (method !== "GET" && method !== "HEAD") status = 405;
    else if (!PAGES.has(path)) status = 404;
    // The page is read for every request, so an edit shows on reload; one gone missing gets 500.
    const page = status === 200 ? read(PAGES.get(path) ?? "") : undefined;
    if (status === 200 && page === undefined) status = 500;
    const title = `${status} ${STATUS[status]}`; // 200 OK, 404 Not Found, ...
    const body = page ?? Buffer.from(`<!DOCTYPE html>\n<title>${title}</title>\n<h1>${title}</h1>\n<a href="/">主页 Home page</a>\n`);
    console.log(`${client} "${status === 400 || status === 431 ? `(${say("unreadableRequest")})` : requestLine}" ${status}`);

    // 6. 发送响应 — the status line, the headers, a blank line, then the body (none for HEAD).
    let head = `HTTP/1.1 ${title}\r\n`;
    head += `Date: ${new Date().toUTCString()}\r\n`; // when it was sent, as every response should say
    head += "Content-Type: text/html; charset=utf-8\r\n";
    head += `Content-Length: ${body.length}\r\n`; // in bytes, not characters
    if (status === 405) head += "Allow: GET, HEAD\r\n";
    head += "Connection: close\r\n\r\n";
    c.write(method === "HEAD" ? head : Buffer.concat([Buffer.from(head), body])); // c.send(head.encode() + body): HEAD asks for the head only

    // 7. 关闭套接字 — close the connection once the response is sent: one request per connection
    c.end();
  });
}

// Ctrl-C: close the listening socket, s.close(), and exit
onStop(() => {
  server.close();
  console.log(say("serverClosed"));
});
