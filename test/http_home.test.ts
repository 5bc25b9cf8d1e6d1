import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "uvu";
import { $ } from "zx";
import { timeWaitOn } from "../check/ports.ts";
import {
  eventually,
  parseResponses,
  python,
  type RawReply,
  ROOT,
  rawHttp,
  run,
  type Server,
  start,
  startServer,
  stopAll,
} from "./helpers.ts";

// One server for the tests that need nothing special; the others start their own.
let shared: Server | undefined;
// Two idle connections are opened as the suite begins, so that their 10 s pass while the other tests run.
let idleConnections: Promise<[RawReply, RawReply]>;
let idleSeconds = 0;
test.before(async () => {
  shared = await startServer("http_home", [], true);
  const started = Date.now();
  idleConnections = Promise.all([rawHttp(shared.port, [], { ms: 25_000 }), rawHttp(shared.port, ["GET / HTTP/1.1\r\n"], { ms: 25_000 })]);
  idleConnections.then(() => {
    idleSeconds = (Date.now() - started) / 1000;
  });
});
test.after.each(stopAll);
test.after(async () => {
  await shared?.stop();
});

const PAGE = readFileSync(join(ROOT, "index.html"));
const get = (path = "/", method = "GET") => `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

function home(): Server {
  if (shared === undefined) throw new Error("the shared server did not start");
  return shared;
}

/** Sends a request in `pieces`, reads until the server closes, and parses the one response strictly. */
async function ask(port: number, pieces: (string | Buffer)[], head = false) {
  const reply = await rawHttp(port, pieces, { ms: 5_000 });
  assert.equal(reply.closed, true, "one request per connection: the server closes it");
  const responses = parseResponses(reply.bytes, head ? new Set([0]) : new Set());
  assert.equal(responses.length, 1);
  return responses[0] as (typeof responses)[0];
}

test("GET / answers 200 with index.html byte for byte, its type, its length in bytes, a date, and closes", async () => {
  const server = home();
  assert.match(server.stdout(), /^正在监听 .* — listening on 127\.0\.0\.1:\d+ \(HTTP\), open http:\/\/127\.0\.0\.1:\d+\/\n/);
  const ok = await ask(server.port, [get("/")]);
  assert.equal(ok.statusLine, "HTTP/1.1 200 OK");
  assert.equal(ok.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(ok.headers.get("content-length"), String(PAGE.length), "bytes, not characters: the page has Chinese in it");
  assert.ok(PAGE.length > PAGE.toString("utf8").length);
  assert.equal(ok.headers.get("connection"), "close");
  assert.ok(Math.abs(Date.parse(ok.headers.get("date") ?? "") - Date.now()) < 5_000);
  assert.deepEqual(ok.body, PAGE);
  await server.waitFor(/^127\.0\.0\.1:\d+ "GET \/ HTTP\/1\.1" 200$/);
});

test("curl -v: the status line, the headers, the blank line, the page; /index.html?x=1 is the page too", async () => {
  const { port } = home();
  const curl = await $`curl -sS -v --http1.1 http://127.0.0.1:${port}/index.html?x=1`;
  assert.equal(curl.stdout, PAGE.toString("utf8"));
  assert.match(
    curl.stderr,
    /< HTTP\/1\.1 200 OK\r?\n< Date: .*\r?\n< Content-Type: text\/html; charset=utf-8\r?\n< Content-Length: \d+\r?\n< Connection: close\r?\n<\s*\n/,
  );
});

test("Python's http.client reads the page and the 404", async () => {
  const { port } = home();
  const out = await python(`
import http.client
for path in ["/", "/nope"]:
    c = http.client.HTTPConnection("127.0.0.1", ${port}, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    print(r.status, r.getheader("Content-Type"), len(r.read()))
    c.close()
`);
  assert.equal(out, `200 text/html; charset=utf-8 ${PAGE.length}\n404 text/html; charset=utf-8 ${out.split("\n")[1]?.split(" ").at(-1)}\n`);
  assert.match(out.split("\n")[1] ?? "", /^404 .* [1-9]\d+$/);
});

test("HEAD gets the same head and no body", async () => {
  const response = await ask(home().port, [get("/", "HEAD")], true);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-length"), String(PAGE.length));
  assert.equal(response.body.length, 0);
});

test("another path gets 404, another method 405 with Allow; both with a small HTML page", async () => {
  const { port, waitFor } = home();
  const missing = await ask(port, [get("/no-such-page")]);
  assert.equal(missing.statusLine, "HTTP/1.1 404 Not Found");
  assert.match(missing.body.toString(), /<h1>404 Not Found<\/h1>/);
  const post = await ask(port, ["POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\na=1"]);
  assert.equal(post.statusLine, "HTTP/1.1 405 Method Not Allowed");
  assert.equal(post.headers.get("allow"), "GET, HEAD");
  await waitFor('"POST / HTTP/1.1" 405');
});

test("a request that arrives in pieces, or with bare newlines as netcat sends, is served", async () => {
  const { port } = home();
  assert.equal((await ask(port, ["GE", "T / HT", "TP/1.1\r\nHo", "st: x\r\n", "\r", "\n"])).status, 200);
  assert.equal((await ask(port, ["GET / HTTP/1.1\n", "Host: x\n", "\n"])).status, 200);
});

test("a request line it cannot read gets 400; what it held is not printed", async () => {
  const { port, stdout } = home();
  for (const bad of [
    "GET /\x1b]0;owned\x07 HTTP/1.1\r\n\r\n",
    "GET\r\n\r\n",
    "get / HTTP/1.1\r\n\r\n",
    "GET / HTTP/2.0\r\n\r\n",
    "\xff\xfe\r\n\r\n",
  ]) {
    const response = await ask(port, [Buffer.from(bad, "latin1")]);
    assert.equal(response.statusLine, "HTTP/1.1 400 Bad Request", JSON.stringify(bad));
  }
  assert.ok(!stdout().includes("\x1b"), "no escape sequence reaches the terminal");
});

test("a head over 8 KiB is refused with 431 and never served", async () => {
  const { port } = home();
  const response = await ask(port, [`GET / HTTP/1.1\r\nX-Big: ${"b".repeat(9_000)}\r\n\r\n`]);
  assert.equal(response.statusLine, "HTTP/1.1 431 Request Header Fields Too Large");
  assert.doesNotMatch(response.body.toString(), /你好/);
});

test("many clients at once are each answered, and the server goes on", async () => {
  const { port } = home();
  const responses = await Promise.all(Array.from({ length: 20 }, () => ask(port, [get("/")])));
  assert.deepEqual(
    responses.map((r) => r.status),
    Array(20).fill(200),
  );
  assert.equal((await ask(port, [get("/")])).status, 200);
});

test("a page that goes missing gets 500, and the server keeps serving; an edit shows on the next request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "home-"));
  const page = join(dir, "page.html");
  writeFileSync(page, "<p>one</p>");
  const server = await startServer("http_home", ["--page", page]);
  assert.equal((await ask(server.port, [get("/")])).body.toString(), "<p>one</p>");
  rmSync(page);
  const gone = await ask(server.port, [get("/")]);
  assert.equal(gone.statusLine, "HTTP/1.1 500 Internal Server Error");
  writeFileSync(page, "<p>two</p>");
  assert.equal((await ask(server.port, [get("/")])).body.toString(), "<p>two</p>");
  assert.equal(server.stderr(), "");
  rmSync(dir, { recursive: true });
});

test("adding a page is one line, in a copy that copy_lesson.ts makes of the lesson and what it needs", async () => {
  // Inside the project, as a learner's exercise is, so that its package.json makes the copy an ES module.
  mkdirSync(join(ROOT, "test-output"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "test-output", "exercise-"));
  const copied = await run("copy_lesson", ["--lesson", "http_home", "--into", dir]);
  assert.equal(copied.code, 0, copied.stderr);
  const files = ["scripts/http_home.ts", "lib/address.ts", "lib/exits.ts", "lib/file_problem.ts", "lib/say.ts"];
  for (const file of [...files, "lib/messages.json", "lib/help.json", "index.html"]) {
    assert.ok(copied.stdout.includes(join(relative(ROOT, dir), file)), `${file} is copied and named:\n${copied.stdout}`);
  }
  assert.match(copied.stdout, /复制了 8 个文件。.* — copied 8 files\. Run your copy: npx tsx .*scripts[\\/]http_home\.ts\n$/);
  const again = await run("copy_lesson", ["--lesson", "http_home", "--into", dir]);
  assert.equal(again.code, 1, "a second copy into the same folder writes over nothing");
  assert.match(again.stderr, /^error: 这些文件已经有了.* — these files are there already, so nothing was copied/);
  const lesson = readFileSync(join(ROOT, "scripts/http_home.ts"), "utf8");
  const row = '  ["/about.html", here("about.html")],\n';
  const edited = lesson.replace(/(const PAGES = new Map\(\[\n(?: {2}\[.*\],\n)+)/, `$1${row}`);
  assert.notEqual(edited, lesson, "the pages table has a place for the row");
  writeFileSync(join(dir, "scripts/http_home.ts"), edited);
  const copy = `../${relative(ROOT, dir)}/scripts/http_home`; // run as scripts/<copy>.ts, as the lessons are
  assert.equal((await run(copy, ["--help"])).code, 0, "its --help reads the copied help.json");

  // Without about.html the copy says so at start, in one line.
  const missing = await run(copy, ["--port", "0"]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr,
    /^error: 读不了页面 .*about\.html：没有这个文件.* — cannot read the page .*about\.html: there is no such file.*\n$/,
  );

  writeFileSync(join(dir, "about.html"), "<p>关于 About</p>");
  const { port } = await startServer(copy);
  const about = await ask(port, [get("/about.html")]);
  assert.equal(about.body.toString(), "<p>关于 About</p>");
  rmSync(join(dir, "about.html"));
  assert.equal((await ask(port, [get("/about.html")])).status, 500, "a page gone missing is just as safe");
  assert.equal((await ask(port, [get("/")])).status, 200);
  rmSync(dir, { recursive: true });
});

test("a connection that sends nothing, or stops halfway, is closed after 10 s", async () => {
  const [quiet, half] = await idleConnections; // opened when the suite began
  assert.equal(quiet.closed, true);
  assert.equal(half.closed, true);
  assert.equal(quiet.text + half.text, "", "nothing is sent to them");
  assert.ok(idleSeconds >= 9.5 && idleSeconds < 25, `closed after ${idleSeconds} s`);
});

test("Ctrl-C closes the server with exit code 0", async () => {
  const server = await startServer("http_home");
  assert.equal(await server.stop(), 0);
  assert.match(server.stdout(), /server closed\n$/);
});

test("started again on the same port right after a request, it binds at once (Node sets SO_REUSEADDR)", async () => {
  const first = await startServer("http_home");
  await ask(first.port, [get()]); // the server closes first: its end of the connection waits in TIME_WAIT
  await eventually(() => timeWaitOn(first.port) > 0, "a connection waits in TIME_WAIT on the port");
  assert.equal(await first.stop(), 0);
  const again = start("http_home", ["--port", String(first.port)]);
  await again.waitFor(`listening on 127.0.0.1:${first.port}`);
  assert.equal((await ask(first.port, [get()])).status, 200);
});

test("a second server on the same port, or a page it cannot read: one error line, exit code 1", async () => {
  const second = start("http_home", ["--port", String(home().port)]);
  assert.equal(await second.ended(), 1);
  assert.equal(
    second.stderr(),
    `error: 127.0.0.1:${home().port} 已被占用：是不是还有一个服务端在运行？换一个端口试试：--port 9999 — 127.0.0.1:${home().port} is already in use: is another server running? try --port 9999\n`,
  );
  const page = await run("http_home", ["--port", "0", "--page", "/no/such/page.html"]);
  assert.equal(page.code, 1);
  assert.match(
    page.stderr,
    /^error: 读不了页面 \/no\/such\/page\.html：没有这个文件；用 --page PATH 指定另一个 — cannot read the page \/no\/such\/page\.html: there is no such file; give another with --page PATH\n$/,
  );
});

test.run();
