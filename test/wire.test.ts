/**
 * wire.ts between real clients and servers: UDP arrows, lost ones with a seed, TCP in order (opened,
 * request line, status line, closed), 粘包 as one arrow, the page in Chromium, the saved mermaid diagram
 * rendered by mermaid itself, and hostile bytes escaped in all three views.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { test } from "uvu";
import { launchBrowser } from "../check/browser.ts";
import { columns } from "../scripts/wire/terminal.ts";
import { ask, ROOT, run, type Server, startServer, stopAll } from "./helpers.ts";

const OUTPUT = join(ROOT, "test-output");
mkdirSync(OUTPUT, { recursive: true });
const HOSTILE = '\x1b]0;owned\x07<script>window.owned=1</script><img src=x onerror="window.owned=2">; %% #';

let browser: Browser | undefined;
test.before(async () => {
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
});
test.after.each(stopAll);

/** wire.ts in front of `server`, its page's port read from its second line. */
async function wire(server: Server, args: string[] = []): Promise<Server & { view: number; saved: string }> {
  const saved = join(OUTPUT, `wire-${server.port}.md`);
  const relay = await startServer("wire", ["--to", `127.0.0.1:${server.port}`, "--save", saved, ...args]);
  const view = Number(/view: http:\/\/127\.0\.0\.1:(\d+)\//.exec(await relay.waitFor("view:"))?.[1]);
  return { ...relay, view, saved };
}

/** Stops wire.ts with Ctrl-C and reads the Markdown it saved. */
async function saved(relay: Awaited<ReturnType<typeof wire>>): Promise<string> {
  assert.equal(await relay.stop(), 0);
  assert.match(relay.stdout(), /saved: .*wire-\d+\.md/);
  return readFileSync(relay.saved, "utf8");
}

test("UDP: each datagram an arrow, up and back, with its text and size; the totals and the mermaid diagram on Ctrl-C", async () => {
  const server = await startServer("udp_server");
  const relay = await wire(server);
  assert.match(
    relay.stdout(),
    /^正在监听 127\.0\.0\.1:\d+（UDP），转发到 127\.0\.0\.1:\d+ — listening on 127\.0\.0\.1:\d+ \(UDP\), relaying to 127\.0\.0\.1:\d+\n/,
  );
  assert.equal((await ask(relay.port, "你好"))?.toString(), "Thanks");
  await relay.waitFor('"Thanks" 6 B');
  assert.match(relay.stdout(), /\n {2}0\.000 s #1 {2}│─ "你好" 6 B ─+▶│\n/);
  assert.match(relay.stdout(), /\n +\d\.\d{3} s #1 {2}│◀─+ "Thanks" 6 B ─│\n/);
  for (const line of relay
    .stdout()
    .split("\n")
    .filter((line) => line.includes("│")))
    assert.ok(columns(line) <= 80, `fits 80 columns: ${line}`);
  const markdown = await saved(relay);
  assert.match(relay.stdout(), /一共 2 个数据报：转发 2 个，丢掉 0 个；客户端 1 个 — 2 datagrams: 2 passed, 0 dropped; clients: 1/);
  assert.match(markdown, /```mermaid\nsequenceDiagram\n {2}participant C1 as 客户端 client 1 127\.0\.0\.1#58;\d+\n {2}participant S as /);
  assert.match(markdown, /\n {2}C1->>S: 0\.000 s #34;你好#34; 6 B\n {2}S-->>C1: .* #34;Thanks#34; 6 B\n/);
});

test("UDP with --loss and a seed: the same datagrams lost every run, drawn as arrows that stop short (✗), and -x in mermaid", async () => {
  const server = await startServer("udp_server");
  const relay = await wire(server, ["--loss", "0.5", "--seed", "5"]);
  assert.match(relay.stdout(), /丢掉 50% — .*dropping 50%/);
  const client = await run("udp_client", ["--port", String(relay.port), "--timeout", "0.5"], "one\ntwo\nthree\nfour\n\n");
  assert.equal(client.code, 0);
  const markdown = await saved(relay);
  // Seed 5 drops "two" on its way, and the answer to "three" on its way back (as the relay lesson's README shows).
  assert.match(relay.stdout(), /│─ "two" 3 B ─+✗ +│/);
  assert.match(relay.stdout(), /│ +✗─+ "Thanks" 6 B ─│/);
  assert.match(markdown, /C1-xS: .* #34;two#34; 3 B #10007; 丢失 lost/);
  assert.match(markdown, /S-xC1: .* #34;Thanks#34; 6 B #10007; 丢失 lost/);
  assert.match(relay.stdout(), /一共 7 个数据报：转发 5 个，丢掉 2 个/);
});

test("TCP: a connection opened, the request line with its count of headers, the status line, each side's close, in order", async () => {
  const server = await startServer("http_home");
  const relay = await wire(server, ["--tcp"]);
  const response = await fetch(`http://127.0.0.1:${relay.port}/`);
  assert.equal(response.status, 200);
  await response.arrayBuffer();
  await relay.waitFor(/#1 .*关闭 close \(FIN\) ─+▶│/);
  const lines = relay
    .stdout()
    .split("\n")
    .filter((line) => line.includes(" #1 "));
  const order = [
    /连接 connect \(SYN\) ─+▶/,
    /─ GET \/ HTTP\/1\.1 \+\d 请求头 headers, \d+ B ─+▶/,
    /◀─+ HTTP\/1\.1 200 OK \+\d 响应头 headers, [\d,]+ B ─/,
    /关闭 close \(FIN\)/,
  ];
  let at = 0;
  for (const step of order) {
    const found = lines.findIndex((line, i) => i >= at && step.test(line));
    assert.ok(found >= 0, `${step} after line ${at}:\n${lines.join("\n")}`);
    at = found + 1;
  }
  const markdown = await saved(relay);
  assert.match(markdown, /participant C1 as 连接 connection 1 /);
  assert.match(relay.stdout(), /一共 1 个连接；客户端发了 \d+ 字节，服务端发了 \d+ 字节/);
});

test("TCP: three sends that the relay reads at once are one arrow (粘包); a connection that sends nothing is opened and closed", async () => {
  const server = await startServer("http_show_request", ["--keep"]);
  const relay = await wire(server, ["--tcp"]);
  const socket = net.connect(relay.port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  await relay.waitFor("连接 connect (SYN)");
  // The relay is paused while the three sends go, as a busy reader would be: they wait in its socket's buffer.
  process.kill(relay.pid() as number, "SIGSTOP");
  for (const piece of ["one", "two", "three"]) await new Promise((resolve) => socket.write(piece, resolve));
  process.kill(relay.pid() as number, "SIGCONT");
  await relay.waitFor('"onetwothree" 11 B');
  socket.destroy();
  const spare = net.connect(relay.port, "127.0.0.1", () => spare.end());
  await relay.waitFor(/#2 .*◀─+ 关闭 close \(FIN\) ─│/); // the server's close, after the client's
  assert.doesNotMatch(relay.stdout(), /"one" 3 B/, "one arrow, not three");
  const spareLines = relay
    .stdout()
    .split("\n")
    .filter((line) => / s #2 /.test(line));
  assert.match(
    spareLines.join("\n"),
    /^.*─ 连接 connect \(SYN\) ─+▶│\n.*─ 关闭 close \(FIN\) ─+▶│\n.*◀─+ 关闭 close \(FIN\) ─│$/,
    "the spare connection: opened and closed, nothing sent",
  );
});

test("the page in Chromium draws the arrows live, in Chinese, and shows an arrow's bytes in hex and text; hostile bytes stay text", async () => {
  assert.ok(browser, "Chromium starts");
  const server = await startServer("udp_server");
  const relay = await wire(server);
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${relay.view}/`);
  await ask(relay.port, "你好，服务端");
  await ask(relay.port, HOSTILE);
  await tab.waitForFunction('document.querySelectorAll("line.arrow").length === 4', undefined, { timeout: 10_000 });
  const labels = await tab.$$eval("text.label", (nodes) => nodes.map((node) => node.textContent));
  assert.ok(labels.includes('"你好，服务端" 18 B'), labels.join("\n"));
  assert.ok(
    labels.some((label) => label?.startsWith('"\\x1b]0;owned\\x07<script>')),
    labels.join("\n"),
  );
  await tab.locator("#arrow-0").dispatchEvent("click");
  const details = (await tab.textContent("#details")) ?? "";
  assert.match(details, /18 字节 bytes:\n你好，服务端\n\n十六进制 hex:\ne4 bd a0 e5 a5 bd/);
  assert.equal(await tab.evaluate("window.owned"), undefined, "no script from the network ran");
  assert.equal(await tab.$$eval("svg script, svg img, body img", (nodes) => nodes.length), 0, "no markup from the network");
  mkdirSync(OUTPUT, { recursive: true });
  await tab.screenshot({ path: join(OUTPUT, "wire-page.png"), fullPage: true });
  const markdown = await saved(relay);
  assert.ok(!relay.stdout().includes("\u001b"), "no escape sequence reached the terminal");
  assert.match(relay.stdout(), /"\\x1b\]0;owned\\x07<script>/);
  assert.ok(!markdown.includes("\u001b"), "no escape sequence in the saved diagram");
  assert.doesNotMatch(markdown, /<script|<img|%%|; %/, "nothing in the saved diagram that mermaid or Markdown would read as its own");
});

test("the saved diagram renders in mermaid itself: every arrow, a lost one as a cross, the Chinese intact", async () => {
  assert.ok(browser, "Chromium starts");
  const server = await startServer("udp_server");
  const relay = await wire(server, ["--loss", "0.5", "--seed", "5"]);
  await run("udp_client", ["--port", String(relay.port), "--timeout", "0.5"], "你好\ntwo\nthree\n\n");
  await ask(relay.port, HOSTILE);
  const markdown = await saved(relay);
  const diagram = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? "";
  const tab = await browser.newPage();
  await tab.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
  await tab.addScriptTag({ path: join(ROOT, "node_modules/mermaid/dist/mermaid.min.js") });
  // As a note-taking app would: mermaid at its strict security level, the diagram drawn into the page.
  const svg = String(
    await tab.evaluate(`(async () => {
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
      const { svg } = await mermaid.render("wire", ${JSON.stringify(diagram)});
      document.getElementById("out").innerHTML = svg;
      return svg;
    })()`),
  );
  const texts = await tab.$$eval(".messageText", (nodes) => nodes.map((node) => node.textContent ?? ""));
  assert.equal(texts.length, diagram.split("\n").filter((line) => /^ {2}(C\d+|S)-/.test(line)).length, "an arrow for every event");
  assert.ok(
    texts.some((text) => text.includes('"你好" 6 B')),
    texts.join("\n"),
  );
  assert.ok(
    texts.some((text) => text.includes("owned")),
    `the hostile datagram has its arrow:\n${texts.join("\n")}`,
  );
  assert.equal(await tab.$$eval("#out script, #out img", (nodes) => nodes.length), 0, "no markup from the network in the drawing");
  assert.match(svg, /class="messageLine[01]"/, "message lines drawn");
  assert.equal(await tab.evaluate("window.owned"), undefined, "no script from the saved diagram ran");
  await tab.screenshot({ path: join(OUTPUT, "wire-mermaid.png"), fullPage: true });
});

test("a flood: the terminal says how many more in one line a second, and the run keeps no more than it can show", async () => {
  const server = await startServer("udp_server");
  const relay = await wire(server);
  const socket = (await import("node:dgram")).createSocket("udp4");
  for (let i = 0; i < 3_000; i++) socket.send(`flood ${i}`, relay.port, "127.0.0.1");
  await relay.waitFor(/… 还有 [\d,]+ 个 — [\d,]+ more datagrams/);
  socket.close();
  const markdown = await saved(relay);
  assert.ok(relay.stdout().split("\n").length < 400, "the terminal was not flooded");
  assert.ok(markdown.split("\n").length < 2_100, "the saved diagram keeps at most 2,000 events");
});

test("bad usage: no --to, a bad --to, --loss with --tcp, a bad --view: one error line, exit code 2", async () => {
  for (const [args, message] of [
    [[], /--to takes the server's address as HOST:PORT/],
    [["--to", "127.0.0.1:99999"], /not "127\.0\.0\.1:99999"/],
    [["--to", "127.0.0.1:8888", "--tcp", "--loss", "0.3"], /--loss 只用于 UDP.* — --loss is for UDP only/],
    [["--to", "127.0.0.1:8888", "--view", "x"], /--view takes a whole number/],
    [["--to", "127.0.0.1:8888", "--loss", ""], /not ""/],
  ] as const) {
    const { code, stderr } = await run("wire", [...args]);
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr, /^error: /);
    assert.match(stderr, message);
  }
});

test.run();
