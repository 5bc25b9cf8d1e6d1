import assert from "node:assert/strict";
import net from "node:net";
import { test } from "uvu";
import { openTcpEnds, rawHttp, start, startServer, stopAll } from "./helpers.ts";

test.after.each(stopAll);

test("curl's request is printed whole, echoed back as text, and the server exits 0", async () => {
  const server = await startServer("http_show_request");
  assert.match(server.stdout(), /^listening on 127\.0\.0\.1:\d+ \(HTTP\), open http:\/\/127\.0\.0\.1:\d+\/ in a browser\n/);
  const { $ } = await import("zx");
  const curl = await $`curl -sS -i http://127.0.0.1:${server.port}/hello?x=1`;
  assert.match(
    curl.stdout,
    /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain; charset=utf-8\r\nContent-Length: \d+\r\nConnection: close\r\n\r\nGET \/hello\?x=1 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nUser-Agent: curl\//,
  );
  assert.equal(await server.ended(), 0, "it exits by itself after one request");
  assert.match(
    server.stdout(),
    /\nConnect From 127\.0\.0\.1:\d+\nGET \/hello\?x=1 HTTP\/1\.1\nHost: 127\.0\.0\.1:\d+\nUser-Agent: curl\/[\d.]+\nAccept: \*\/\*\n\n$/,
  );
});

test("a request that arrives in pieces is printed whole, body included", async () => {
  const server = await startServer("http_show_request");
  const pieces = ["POST /form HTT", "P/1.1\r\nHost: x\r\nContent-", "Length: 9\r\n", "\r\nname=", "你"];
  const reply = await rawHttp(server.port, [...pieces.slice(0, 4), Buffer.from("name=你", "utf8").subarray(5), "\n"], { pause: 60 });
  assert.equal(reply.closed, true);
  assert.match(reply.text, /\r\n\r\nPOST \/form HTTP\/1\.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nname=/);
  assert.equal(await server.ended(), 0);
  assert.match(server.stdout(), /Connect From 127\.0\.0\.1:\d+\nPOST \/form HTTP\/1\.1\nHost: x\nContent-Length: 9\n\nname=你\\n\n$/);
});

test("a spare connection that sends nothing does not count; the real request after it does", async () => {
  const server = await startServer("http_show_request");
  const spare = rawHttp(server.port, [], { ms: 10_000 });
  await new Promise((wake) => setTimeout(wake, 100));
  const real = await rawHttp(server.port, ["GET /real HTTP/1.1\r\nHost: x\r\n\r\n"]);
  assert.match(real.text, /GET \/real/);
  assert.equal((await spare).closed, true, "the spare connection is closed when the server ends");
  assert.equal(await server.ended(), 0);
  assert.equal(server.stdout().match(/Connect From/g)?.length, 1);
});

test("--wait: a quiet connection is dropped, a request cut short is shown with a note", async () => {
  const server = await startServer("http_show_request", ["--keep", "--wait", "0.5"]);
  const quiet = await rawHttp(server.port, [], { ms: 5_000 });
  assert.equal(quiet.closed, true);
  assert.equal(quiet.text, "");
  const cut = await rawHttp(server.port, ["GET / HTTP/1.1\r\nHost: x\r\n"], { ms: 5_000 });
  assert.match(cut.text, /^HTTP\/1\.1 200 OK/);
  await server.waitFor("(incomplete: no more bytes came for 0.5 s)");
  assert.doesNotMatch(server.stdout(), /Connect From[^\n]*\n\n/, "the quiet one printed nothing");
});

test("--keep: a client that neither reads its answer nor closes is dropped after --wait seconds", async () => {
  const server = await startServer("http_show_request", ["--keep", "--wait", "0.5"]);
  const socket = net.connect(server.port, "127.0.0.1");
  socket.pause(); // it never reads the answer
  socket.on("error", () => {});
  await new Promise((connected) => socket.once("connect", connected));
  const clientPort = socket.localPort ?? 0;
  socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  const more = setInterval(() => socket.writable && socket.write("more"), 100); // and goes on sending
  try {
    await server.waitFor("GET / HTTP/1.1");
    assert.equal(openTcpEnds(server.port, clientPort), 1);
    await new Promise((wake) => setTimeout(wake, 1_500));
    assert.equal(openTcpEnds(server.port, clientPort), 0, "the server's end is gone");
  } finally {
    clearInterval(more);
    socket.destroy();
  }
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
});

test("a head with no blank line within 64 KiB is cut and shown", async () => {
  const server = await startServer("http_show_request");
  const reply = await rawHttp(server.port, [`GET / HTTP/1.1\r\nX-Long: ${"z".repeat(70_000)}`]);
  assert.match(reply.text, /^HTTP\/1\.1 200 OK/);
  assert.equal(await server.ended(), 0);
  assert.match(server.stdout(), /\(cut: no blank line within 65536 bytes\)\n$/);
});

test("Ctrl-C before any request: exit code 0", async () => {
  const server = await startServer("http_show_request");
  assert.equal(await server.stop(), 0);
});

test("the port already taken: one error line, exit code 1", async () => {
  const server = await startServer("http_show_request");
  const second = start("http_show_request", ["--port", String(server.port)]);
  assert.equal(await second.stop("SIGCONT"), 1);
  assert.equal(second.stderr(), `error: 127.0.0.1:${server.port} is already in use: is another server running? try --port 9999\n`);
});

test.run();
