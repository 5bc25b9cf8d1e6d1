import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import { eventually, openTcpEnds, parseResponses, python, ROOT, rawHttp, run, type Server, startServer, stopAll } from "./helpers.ts";

// One server for the tests that need nothing special; the others start their own.
let shared: Server | undefined;
test.before(async () => {
  shared = await startServer("http_keep_alive", ["--idle", "1"], true);
});
test.after.each(stopAll);
test.after(async () => {
  await shared?.stop();
});

const PAGE = readFileSync(join(ROOT, "index.html"));
const get = (path = "/", extra = "") => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

async function home(args?: string[]): Promise<Server> {
  if (args === undefined && shared !== undefined) return shared;
  return startServer("http_keep_alive", args);
}

/** Sends `pieces` and parses what comes back; the connection must close or stay as `expectClose` says. */
async function exchange(server: Server, pieces: (string | Buffer)[], count: number, heads = new Set<number>()) {
  const reply = await rawHttp(server.port, pieces, {
    ms: 15_000, // it ends as soon as the responses are in
    until: (text) => {
      try {
        return parseResponses(Buffer.from(text, "latin1"), heads).length >= count;
      } catch {
        return false;
      }
    },
  });
  return { ...reply, responses: parseResponses(reply.bytes, heads) };
}

test("GET / answers 200 with index.html, its type, its length and a date", async () => {
  const server = await home();
  assert.match(server.stdout(), /^正在监听 .* — listening on 127\.0\.0\.1:\d+ \(HTTP\), open http:\/\/127\.0\.0\.1:\d+\/\n/);
  const { responses, closed } = await exchange(server, [get("/")], 1);
  const [ok] = responses;
  assert.equal(ok?.statusLine, "HTTP/1.1 200 OK");
  assert.equal(ok?.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(ok?.headers.get("content-length"), String(PAGE.length));
  assert.ok(Math.abs(Date.parse(ok?.headers.get("date") ?? "") - Date.now()) < 5_000);
  assert.deepEqual(ok?.body, PAGE);
  assert.equal(closed, false, "HTTP/1.1 keeps the connection open");
  await server.waitFor(/^127\.0\.0\.1:\d+ "GET \/ HTTP\/1\.1" 200$/);
});

test("GET /home is moved for good: 301 with Location: /, and the connection stays open", async () => {
  const server = await home();
  const { responses } = await exchange(server, [get("/home"), get("/home?x=1", "Connection: close\r\n")], 2);
  for (const moved of responses) {
    assert.equal(moved.statusLine, "HTTP/1.1 301 Moved Permanently");
    assert.equal(moved.headers.get("location"), "/");
    assert.match(moved.body.toString(), /<h1>301 Moved Permanently<\/h1>/);
  }
  assert.equal(responses[0]?.headers.has("connection"), false, "kept open for the next request");
  assert.equal(responses[1]?.headers.get("connection"), "close");
});

test("GET /index.html and a query string give the page too", async () => {
  const server = await home();
  const { responses } = await exchange(server, [get("/index.html"), get("/?lang=zh"), get("http://127.0.0.1/index.html")], 3);
  assert.deepEqual(
    responses.map((r) => r.status),
    [200, 200, 200],
  );
  for (const response of responses) assert.deepEqual(response.body, PAGE);
});

test("any other path is 404 with a small HTML page; what came from the request is escaped", async () => {
  const server = await home();
  const { responses } = await exchange(server, [get("/%3Cscript%3Ealert(1)%3C/script%3E")], 1);
  const [missing] = responses;
  assert.equal(missing?.statusLine, "HTTP/1.1 404 Not Found");
  assert.equal(missing?.headers.get("content-type"), "text/html; charset=utf-8");
  const html = missing?.body.toString("utf8") ?? "";
  assert.match(html, /<title>404 Not Found<\/title>/);
  assert.match(html, /there is no page \/&#60;script&#62;alert\(1\)&#60;\/script&#62; here/);
  assert.doesNotMatch(html, /<script>/);
});

test("no path reaches another file: traversal attempts are 404", async () => {
  const server = await home();
  const paths = [
    "/../package.json",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/scripts/http_keep_alive.ts",
    "//etc/passwd",
    "/index.html/",
    "/.git/config",
  ];
  const { responses } = await exchange(
    server,
    paths.map((path) => get(path)),
    paths.length,
  );
  assert.deepEqual(
    responses.map((r) => r.status),
    paths.map(() => 404),
  );
  for (const response of responses) assert.doesNotMatch(response.body.toString(), /root:|"name"|import /);
});

test("HEAD gets the same head as GET and no body", async () => {
  const server = await home();
  const { responses } = await exchange(server, [`HEAD / HTTP/1.1\r\nHost: x\r\n\r\n`, get("/")], 2, new Set([0]));
  const [head, full] = responses;
  assert.equal(head?.status, 200);
  assert.equal(head?.body.length, 0);
  assert.equal(head?.headers.get("content-length"), String(PAGE.length));
  assert.equal(head?.headers.get("content-type"), full?.headers.get("content-type"));
  assert.deepEqual(full?.body, PAGE, "the next response starts right after the head");
});

test("OPTIONS is 204 with Allow; other methods are 405 with Allow", async () => {
  const server = await home();
  const requests = ["OPTIONS", "POST", "PUT", "DELETE", "BREW"].map(
    (method) => `${method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
  );
  const { responses } = await exchange(server, [...requests, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"], 6);
  assert.deepEqual(
    responses.map((r) => r.status),
    [204, 405, 405, 405, 405, 204],
  );
  for (const response of responses) assert.equal(response.headers.get("allow"), "GET, HEAD, OPTIONS");
  assert.equal(responses[0]?.headers.has("content-length"), false, "204 has no Content-Length");
});

test("a POST with a 100 kB body is read whole, then answered 405, and the connection goes on", async () => {
  const server = await home();
  const body = Buffer.alloc(100_000, "x");
  const post = Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  const { responses, closed } = await exchange(server, [post, get("/")], 2);
  assert.deepEqual(
    responses.map((r) => r.status),
    [405, 200],
  );
  assert.equal(closed, false);
});

test("a POST with Connection: close gets its whole 405 before the close", async () => {
  const server = await home();
  const body = Buffer.alloc(100_000, "y");
  const head = `POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const reply = await rawHttp(server.port, [head, body.subarray(0, 50_000), body.subarray(50_000)]);
  const responses = parseResponses(reply.bytes);
  assert.equal(responses.length, 1);
  assert.equal(responses[0]?.status, 405);
  assert.equal(responses[0]?.headers.get("connection"), "close");
  assert.equal(reply.closed, true);
});

test("a chunked body is read to its end; Expect: 100-continue gets 100 Continue first", async () => {
  const server = await home();
  const chunked =
    "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
  const expecting = "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
  const { responses } = await exchange(server, [chunked, expecting, "abc", get("/")], 4);
  assert.deepEqual(
    responses.map((r) => r.statusLine),
    ["HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 100 Continue", "HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 200 OK"],
  );
});

test("a request split into many small pieces is read whole", async () => {
  const server = await home();
  const request = get("/", "User-Agent: split-test\r\nAccept: text/html\r\n");
  const pieces = request.match(/[\s\S]{1,5}/g) ?? [];
  assert.ok(pieces.length > 10);
  const { responses } = await exchange(server, pieces, 1);
  assert.equal(responses[0]?.status, 200);
  assert.deepEqual(responses[0]?.body, PAGE);
});

test("pipelined requests in one packet are answered in order", async () => {
  const server = await home();
  const batch = [
    get("/"),
    get("/missing"),
    `HEAD / HTTP/1.1\r\nHost: x\r\n\r\n`,
    get("/index.html"),
    "OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n",
  ].join("");
  const { responses } = await exchange(server, [batch], 5, new Set([2]));
  assert.deepEqual(
    responses.map((r) => r.status),
    [200, 404, 200, 200, 204],
  );
});

test("many pipelined requests from a client that reads slowly all arrive, in order", async () => {
  const server = await home();
  const batch = Array.from({ length: 300 }, (_, i) => get(i % 2 ? "/" : `/missing-${i}`)).join("");
  const { responses } = await exchange(server, [batch], 300);
  assert.equal(responses.length, 300);
  responses.forEach((response, i) => {
    assert.equal(response.status, i % 2 ? 200 : 404, `response ${i}`);
  });
});

test("keep-alive: HTTP/1.1 stays open; Connection: close closes after the response", async () => {
  const server = await home();
  const open = await exchange(server, [get("/")], 1);
  assert.equal(open.closed, false);
  assert.equal(open.responses[0]?.headers.has("connection"), false);
  const closing = await rawHttp(server.port, [get("/", "Connection: close\r\n") + get("/")]);
  const responses = parseResponses(closing.bytes);
  assert.equal(responses.length, 1, "nothing after the response that closes");
  assert.equal(responses[0]?.headers.get("connection"), "close");
  assert.equal(closing.closed, true);
});

test("HTTP/1.0 closes after the response unless it asks for keep-alive", async () => {
  const server = await home();
  const plain = await rawHttp(server.port, ["GET / HTTP/1.0\r\n\r\n"]);
  assert.equal(parseResponses(plain.bytes)[0]?.headers.get("connection"), "close");
  assert.equal(plain.closed, true);
  const kept = await exchange(
    server,
    ["GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET /x HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"],
    2,
  );
  assert.deepEqual(
    kept.responses.map((r) => [r.status, r.headers.get("connection")]),
    [
      [200, "keep-alive"],
      [404, "keep-alive"],
    ],
  );
  assert.equal(kept.closed, false);
});

const malformed: [string, string, number][] = [
  ["a request line with two spaces", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["a request line without a version", "GET /\r\nHost: x\r\n\r\n", 400],
  ["a lower-case version", "GET / http/1.1\r\nHost: x\r\n\r\n", 400],
  ["a method that is not a token", "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["a space before a header's colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400],
  ["a header without a colon", "GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n", 400],
  ["a folded header line", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  2\r\n\r\n", 400],
  ["a control character in a header value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n", 400],
  ["a bare CR", "GET / HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n", 400],
  ["HTTP/1.1 without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400],
  ["two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400],
  ["a Content-Length that is not a number", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n", 400],
  ["two different Content-Lengths", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400],
  [
    "Content-Length and Transfer-Encoding",
    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    400,
  ],
  ["a bad chunk size", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400],
  ["a target that is not a path", "GET index.html HTTP/1.1\r\nHost: x\r\n\r\n", 400],
  ["HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505],
  ["HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505],
  ["an unknown transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501],
  ["a body over 1 MiB", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413],
];
for (const [what, request, status] of malformed) {
  test(`${what}: ${status}, then the connection closes`, async () => {
    const server = await home();
    const keepsOpen = status === 400 && /target/.test(what); // a bad target is answered, and the connection kept
    const reply = keepsOpen ? await exchange(server, [request], 1) : await rawHttp(server.port, [request]);
    const responses = parseResponses(reply.bytes);
    assert.equal(responses.length, 1);
    assert.equal(responses[0]?.status, status);
    assert.match(responses[0]?.body.toString() ?? "", new RegExp(`<h1>${status} `));
    if (!keepsOpen) {
      assert.equal(responses[0]?.headers.get("connection"), "close");
      assert.equal(reply.closed, true);
    }
    await server.waitFor(new RegExp(` ${status}$`));
  });
}

test("a request head over 8 KiB is 431", async () => {
  const server = await home();
  const reply = await rawHttp(server.port, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(9_000)}\r\n\r\n`]);
  const [response] = parseResponses(reply.bytes);
  assert.equal(response?.statusLine, "HTTP/1.1 431 Request Header Fields Too Large");
  assert.equal(reply.closed, true);
  const endless = await rawHttp(server.port, [`GET /${"a".repeat(10_000)}`]);
  assert.equal(parseResponses(endless.bytes)[0]?.status, 431);
});

test("the server keeps serving after bad requests", async () => {
  const server = await home();
  await rawHttp(server.port, [Buffer.from("\x00\xff garbage\r\n\r\n", "latin1")]);
  await rawHttp(server.port, ["GET / HTTP/1.1\r\nHost: x\r\n"]); // then gone
  const { responses } = await exchange(server, [get("/")], 1);
  assert.equal(responses[0]?.status, 200);
  await server.waitFor('"\\x00\\xff garbage" 400');
});

test("the log line escapes what the client sent", async () => {
  const server = await home();
  await exchange(server, [get("/\x1b[31m")], 1).catch(() => undefined);
  await exchange(server, [Buffer.from("GET /你好 HTTP/1.1\r\nHost: x\r\n\r\n", "utf8")], 1).catch(() => undefined);
  await server.waitFor('"GET /你好 HTTP/1.1" 400');
  assert.ok(!server.stdout().includes("\u001b"));
});

test("blank lines before a request are skipped", async () => {
  const server = await home();
  const { responses } = await exchange(server, [`\r\n\r\n${get("/")}`], 1);
  assert.equal(responses[0]?.status, 200);
});

test("--idle: a connection idle in the middle of a request gets 408; an idle one is closed", async () => {
  const server = await home(); // started with --idle 1
  const started = Date.now();
  const idle = await rawHttp(server.port, [], { ms: 5_000 });
  assert.equal(idle.closed, true);
  assert.equal(idle.text, "");
  assert.ok(Date.now() - started >= 900);
  const partial = await rawHttp(server.port, ["GET / HTTP/1.1\r\nHost: x\r\n"], { ms: 5_000 });
  assert.equal(parseResponses(partial.bytes)[0]?.status, 408);
  assert.equal(partial.closed, true);
});

test("a request trickled in a byte at a time gets 408 after --idle seconds, and the connection closes", async () => {
  const server = await home(); // started with --idle 1
  const started = Date.now();
  const reply = await new Promise<string>((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1");
    let got = "";
    const trickle = setInterval(() => socket.write("X"), 200);
    socket.on("connect", () => socket.write("GET / HTTP/1.1\r\nX-Slow: "));
    socket.on("data", (chunk) => {
      got += chunk.toString("latin1");
    });
    socket.on("close", () => {
      clearInterval(trickle);
      resolve(got);
    });
    socket.on("error", () => {});
  });
  assert.equal(parseResponses(Buffer.from(reply, "latin1"))[0]?.status, 408);
  assert.ok(Date.now() - started < 8_000, "not held open by the trickle, which goes on for ever");
});

test("a client that sends many requests and never reads the answers is cut off after --idle seconds", async () => {
  const server = await home(); // started with --idle 1
  const socket = net.connect(server.port, "127.0.0.1");
  socket.pause(); // read nothing: the answers pile up until the server stops writing
  socket.on("error", () => {});
  await new Promise((connected) => socket.once("connect", connected));
  const clientPort = socket.localPort ?? 0;
  socket.write(get("/").repeat(5000)); // 5,000 answers, about 20 MB
  await eventually(() => openTcpEnds(server.port, clientPort) === 1, "the server's end is open, its answers queued");
  // --idle 1: a 408 after 1 s, then cut one idle period later
  await eventually(() => openTcpEnds(server.port, clientPort) === 0, "the server's end is gone, queued answers and all");
  socket.destroy();
  assert.equal((await exchange(server, [get("/")], 1)).responses[0]?.status, 200, "the server still serves");
});

test("a client that trickles a request, never reads, and goes on sending after its 408 is cut", async () => {
  const server = await home(); // started with --idle 1
  const socket = net.connect(server.port, "127.0.0.1");
  socket.pause(); // it never reads the 408
  socket.on("error", () => {});
  await new Promise((connected) => socket.once("connect", connected));
  const clientPort = socket.localPort ?? 0;
  socket.write("GET / HTTP/1.1\r\nX-Slow: ");
  const trickle = setInterval(() => socket.writable && socket.write("x"), 100);
  try {
    await eventually(() => openTcpEnds(server.port, clientPort) === 1, "the server's end is open");
    // a 408 after 1 s, then cut one idle period later
    await eventually(() => openTcpEnds(server.port, clientPort) === 0, "the bytes it goes on sending do not keep it open");
  } finally {
    clearInterval(trickle);
    socket.destroy();
  }
});

test("500 idle connections do not block a fresh request, and are closed after --idle seconds", async () => {
  const server = await home(); // started with --idle 1
  const closed: Promise<void>[] = [];
  const sockets = await Promise.all(
    Array.from(
      { length: 500 },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(server.port, "127.0.0.1", () => resolve(socket));
          socket.on("error", reject);
          closed.push(new Promise((done) => socket.on("close", () => done())));
        }),
    ),
  );
  const response = await fetch(`http://127.0.0.1:${server.port}/`);
  assert.equal(response.status, 200);
  await response.arrayBuffer();
  const all = Promise.all(closed);
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("idle connections still open after 5 s")), 5_000));
  await Promise.race([all, timeout]);
  assert.ok(sockets.every((socket) => socket.destroyed || socket.readyState === "closed"));
});

test("--page serves another file, and an edit shows on the next request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "page-"));
  const file = join(dir, "page.html");
  writeFileSync(file, "<!DOCTYPE html><title>one</title>");
  const server = await home(["--page", file]);
  assert.equal((await exchange(server, [get("/")], 1)).responses[0]?.body.toString(), "<!DOCTYPE html><title>one</title>");
  writeFileSync(file, "<!DOCTYPE html><title>two, longer</title>");
  await new Promise((wake) => setTimeout(wake, 150)); // the server looks at the file at most every 100 ms
  assert.equal((await exchange(server, [get("/")], 1)).responses[0]?.body.toString(), "<!DOCTYPE html><title>two, longer</title>");
});

test("a missing page file: one error line, exit code 1", async () => {
  const missing = await run("http_keep_alive", ["--port", "0", "--page", "/no/such/page.html"]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^error: 读不了页面 \/no\/such\/page\.html：没有这个文件；用 --page PATH 指定另一个 — cannot read the page \/no\/such\/page\.html: there is no such file; give another with --page PATH\n$/,
  );
  assert.equal(missing.stderr.trimEnd().split("\n").length, 1);
});

test("a page removed while serving gives 500 and a warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "page-"));
  const file = join(dir, "page.html");
  writeFileSync(file, "<!DOCTYPE html><title>here</title>");
  const server = await home(["--page", file]);
  const { rmSync } = await import("node:fs");
  rmSync(file);
  await new Promise((wake) => setTimeout(wake, 150));
  assert.equal((await exchange(server, [get("/")], 1)).responses[0]?.status, 500);
  assert.match(server.stderr(), /^warning: 读不了页面 .* — cannot read the page/);
});

test("the port already taken: exit code 1; Ctrl-C: exit code 0", async () => {
  const server = await home([]);
  const second = await run("http_keep_alive", ["--port", String(server.port)]);
  assert.equal(second.code, 1);
  assert.equal(
    second.stderr,
    `error: 127.0.0.1:${server.port} 已被占用：是不是还有一个服务端在运行？换一个端口试试：--port 9999 — 127.0.0.1:${server.port} is already in use: is another server running? try --port 9999\n`,
  );
  await exchange(server, [get("/")], 1); // a kept-alive connection must not hold up the exit
  const open = rawHttp(server.port, [get("/")], { ms: 5_000 });
  await server.waitFor(/" 200$/);
  assert.equal(await server.stop(), 0);
  assert.match(server.stdout(), /server closed\n$/);
  await open;
});

test("curl -v shows a correct response head", async () => {
  const server = await home();
  const { $ } = await import("zx");
  const result = await $`curl -sS -v --http1.1 http://127.0.0.1:${server.port}/ -o /dev/null`;
  assert.match(
    result.stderr,
    /< HTTP\/1\.1 200 OK\r\n< Date: .*\r\n< Content-Type: text\/html; charset=utf-8\r\n< Content-Length: \d+\r\n/,
  );
  const head = await $`curl -sS -I http://127.0.0.1:${server.port}/nope`;
  assert.match(head.stdout, /^HTTP\/1\.1 404 Not Found\r\n/);
  const twice =
    await $`curl -sS -o /dev/null -o /dev/null -w ${"%{num_connects} %{http_code}\n"} http://127.0.0.1:${server.port}/ http://127.0.0.1:${server.port}/index.html`;
  assert.equal(twice.stdout, "1 200\n0 200\n", "curl reused the connection");
});

test("fetch reads the page, Chinese intact", async () => {
  const server = await home();
  const response = await fetch(`http://127.0.0.1:${server.port}/`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
  const text = await response.text();
  assert.match(text, /你好，浏览器！/);
  const missing = await fetch(`http://127.0.0.1:${server.port}/nope`, { method: "POST", body: "a=1" });
  assert.equal(missing.status, 405);
  assert.equal(missing.headers.get("allow"), "GET, HEAD, OPTIONS");
});

test("Python's http.client, a strict parser, reads every response", async () => {
  const server = await home();
  const printed = await python(`
import http.client
c = http.client.HTTPConnection("127.0.0.1", ${server.port}, timeout=5)
for method, path in [("GET", "/"), ("HEAD", "/"), ("GET", "/nope"), ("OPTIONS", "/"), ("DELETE", "/")]:
    c.request(method, path)
    r = r = c.getresponse()
    body = r.read()
    print(r.status, r.reason, len(body), r.getheader("Content-Type"))
`);
  assert.equal(
    printed,
    [
      `200 OK ${PAGE.length} text/html; charset=utf-8`,
      "200 OK 0 text/html; charset=utf-8",
      `404 Not Found ${printed.split("\n")[2]?.split(" ")[3]} text/html; charset=utf-8`,
      "204 No Content 0 None",
      `405 Method Not Allowed ${printed.split("\n")[4]?.split(" ")[4]} text/html; charset=utf-8`,
      "",
    ].join("\n"),
  );
});

test.run();
