import assert from "node:assert/strict";
import { test } from "uvu";
import { $ } from "zx";
import { rawHttp, start, startServer, stopAll } from "./helpers.ts";

test.after.each(stopAll);

test("curl's request is printed whole with its parts named, echoed back as text, and the server exits 0", async () => {
  const server = await startServer("http_show_request");
  assert.match(server.stdout(), /^正在监听 .* — listening on 127\.0\.0\.1:\d+ \(HTTP\), open http:\/\/127\.0\.0\.1:\d+\/ in a browser\n/);
  const curl = await $`curl -sS -i http://127.0.0.1:${server.port}/hello?x=1`;
  assert.match(
    curl.stdout,
    /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\nContent-Length: \d+\r\nConnection: close\r\n\r\nGET \/hello\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nUser-Agent: curl\/[\d.]+\r\nAccept: \*\/\*\r\n\r\n$/,
  );
  assert.equal(await server.ended(), 0, "it exits by itself after one request");
  assert.match(
    server.stdout(),
    /\nConnect From 127\.0\.0\.1:\d+\nGET \/hello\?x=1 HTTP\/1\.1\nHost: 127\.0\.0\.1:\d+\nUser-Agent: curl\/[\d.]+\nAccept: \*\/\*\n\n请求行 1 行，请求头 3 行，空行，请求体 0 字节 — request line; headers: 3; blank line; body: 0 bytes\n$/,
  );
});

test("a request that arrives in pieces is printed whole, its body included", async () => {
  const server = await startServer("http_show_request");
  const body = Buffer.from("name=你\n", "utf8"); // 9 bytes, the last character cut between two pieces
  const reply = await rawHttp(
    server.port,
    ["POST /form HTT", "P/1.1\r\nHost: x\r\nContent-", "Length: 9\r\n", "\r\nname=", body.subarray(5, 7), body.subarray(7)],
    {
      pause: 60,
    },
  );
  assert.equal(reply.closed, true);
  assert.match(reply.text, /\r\n\r\nPOST \/form HTTP\/1\.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nname=/);
  assert.equal(await server.ended(), 0);
  assert.match(
    server.stdout(),
    /Connect From 127\.0\.0\.1:\d+\nPOST \/form HTTP\/1\.1\nHost: x\nContent-Length: 9\n\nname=你\\n\n请求行 1 行，请求头 2 行，空行，请求体 9 字节 — request line; headers: 2; blank line; body: 9 bytes\n$/,
  );
});

test("Python's http.client: a POST with a body, lines ending in CRLF", async () => {
  const server = await startServer("http_show_request");
  const { stdout } = await $`python3 -c ${`
import http.client
c = http.client.HTTPConnection("127.0.0.1", ${server.port}, timeout=10)
c.request("POST", "/submit", body="a=1&b=2", headers={"Content-Type": "application/x-www-form-urlencoded"})
r = c.getresponse()
print(r.status, r.read().decode().split("\\r\\n")[0])
`}`;
  assert.equal(stdout, "200 POST /submit HTTP/1.1\n");
  assert.equal(await server.ended(), 0);
  assert.match(
    server.stdout(),
    /\nContent-Length: 7\n.*\n\na=1&b=2\n请求行 1 行，请求头 \d 行，空行，请求体 7 字节 — request line; headers: \d; blank line; body: 7 bytes\n$/s,
  );
});

test("a spare connection that sends nothing is shown connecting; the request on the next one is printed, and both close", async () => {
  const server = await startServer("http_show_request");
  const spare = rawHttp(server.port, [], { ms: 10_000 });
  await server.waitFor("Connect From");
  const real = await rawHttp(server.port, ["GET /real HTTP/1.1\r\nHost: x\r\n\r\n"]);
  assert.match(real.text, /\r\n\r\nGET \/real HTTP\/1\.1\r\nHost: x\r\n\r\n$/);
  assert.equal((await spare).closed, true, "the spare connection is closed when the server ends");
  assert.equal(await server.ended(), 0);
  assert.equal(server.stdout().match(/Connect From/g)?.length, 2);
  assert.equal(server.stdout().match(/请求行/g)?.length, 1);
});

test("lines typed in netcat end in a bare newline, and are shown all the same", async () => {
  const server = await startServer("http_show_request");
  const reply = await rawHttp(server.port, ["GET / HTTP/1.1\n", "Host: x\n", "\n"]);
  assert.match(reply.text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.equal(await server.ended(), 0);
  assert.match(
    server.stdout(),
    /\nGET \/ HTTP\/1\.1\nHost: x\n\n请求行 1 行，请求头 1 行，空行，请求体 0 字节 — request line; headers: 1; blank line; body: 0 bytes\n$/,
  );
});

test("--keep shows every request until Ctrl-C; control characters are escaped", async () => {
  const server = await startServer("http_show_request", ["--keep"]);
  await rawHttp(server.port, ["GET /one HTTP/1.1\r\nHost: x\r\n\r\n"]);
  await rawHttp(server.port, ["GET /two HTTP/1.1\r\nHost: x\r\nX-Evil: \x1b]0;owned\x07\r\n\r\n"]);
  await server.waitFor("X-Evil");
  assert.equal(await server.stop(), 0);
  assert.equal(server.stdout().match(/Connect From/g)?.length, 2);
  assert.match(server.stdout(), /X-Evil: \\x1b\]0;owned\\x07\n/);
  assert.ok(!server.stdout().includes("\u001b"));
  assert.match(server.stdout(), /\n服务端已关闭 — server closed\n$/);
});

test("a head with no blank line within 64 KiB is shown as far as it came", async () => {
  const server = await startServer("http_show_request");
  const reply = await rawHttp(server.port, [`GET / HTTP/1.1\r\nX-Long: ${"z".repeat(70_000)}`]);
  assert.match(reply.text, /^HTTP\/1\.1 200 OK/);
  assert.equal(await server.ended(), 0);
  assert.match(
    server.stdout(),
    /\nX-Long: z{1000,}\n\n请求行 1 行，请求头 1 行，空行，请求体 0 字节 — request line; headers: 1; blank line; body: 0 bytes\n$/,
  );
});

test("Ctrl-C before any request: exit code 0", async () => {
  const server = await startServer("http_show_request");
  assert.equal(await server.stop(), 0);
});

test("the port already taken: one error line, exit code 1", async () => {
  const server = await startServer("http_show_request");
  const second = start("http_show_request", ["--port", String(server.port)]);
  assert.equal(await second.ended(), 1);
  assert.equal(
    second.stderr(),
    `error: 127.0.0.1:${server.port} 已被占用：是不是还有一个服务端在运行？换一个端口试试：--port 9999 — 127.0.0.1:${server.port} is already in use: is another server running? try --port 9999\n`,
  );
});

test.run();
