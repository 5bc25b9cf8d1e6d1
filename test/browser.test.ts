import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { HtmlValidate } from "html-validate";
import { type Browser, chromium } from "playwright-core";
import { test } from "uvu";
import { ROOT, startServer, stopAll } from "./helpers.ts";

/** Screenshots and other files the tests write. */
const OUTPUT = join(ROOT, "test-output");

let browser: Browser | undefined;
test.before(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
});
test.after(async () => {
  await browser?.close();
});
test.after.each(stopAll);

async function newPage() {
  if (!browser) throw new Error("Chromium did not start");
  return browser.newPage();
}

test("Chromium loads the home page: title, Chinese text intact, a screenshot", async () => {
  const server = await startServer("http_home");
  const page = await newPage();
  const response = await page.goto(`http://127.0.0.1:${server.port}/`);
  assert.equal(response?.status(), 200);
  assert.equal(response?.headers()["content-type"], "text/html; charset=utf-8");
  assert.equal(await page.title(), "主页 · Home page — socket-lessons");
  assert.equal(await page.textContent("h1"), "你好，浏览器！ Hello, browser!");
  assert.match((await page.textContent("body")) ?? "", /服务器返回了响应/);
  mkdirSync(OUTPUT, { recursive: true });
  const shot = join(OUTPUT, "home-page.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 10_000, "a real screenshot");
  await server.waitFor(/"GET \/ HTTP\/1\.1" 200$/);
  assert.doesNotMatch(server.stdout(), /favicon/, "the page asks for no icon");
  await page.close();
});

test("Chromium follows the link to a missing page and gets the 404 page", async () => {
  const server = await startServer("http_home");
  const page = await newPage();
  await page.goto(`http://127.0.0.1:${server.port}/`);
  const [response] = await Promise.all([page.waitForNavigation(), page.click("text=A page that does not exist")]);
  assert.equal(response?.status(), 404);
  assert.equal(await page.title(), "404 Not Found");
  const [home] = await Promise.all([page.waitForNavigation(), page.click("text=Home page")]);
  assert.equal(home?.status(), 200);
  assert.equal(await page.title(), "主页 · Home page — socket-lessons");
  await server.waitFor('"GET /no-such-page HTTP/1.1" 404');
  await page.close();
});

for (const [name, sameConnection] of [
  ["http_home", false],
  ["http_keep_alive", true],
] as const) {
  test(`Chromium reloads the page from ${name}, ${sameConnection ? "over its kept-alive connection" : "on a new connection each time"}`, async () => {
    const server = await startServer(name);
    const page = await newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.reload();
    await page.reload();
    assert.equal(await page.title(), "主页 · Home page — socket-lessons");
    const logged = () => server.stdout().match(/^127\.0\.0\.1:(\d+) "GET \/ HTTP\/1\.1" 200$/gm) ?? [];
    for (let tries = 0; logged().length < 3 && tries < 100; tries++) await new Promise((wake) => setTimeout(wake, 20));
    const lines = logged();
    assert.equal(lines.length, 3);
    const ports = new Set(lines.map((line) => line.split(" ")[0]));
    if (sameConnection) assert.ok(ports.size < 3, `reused a connection: ${[...ports].join(", ")}`);
    else assert.equal(ports.size, 3, `one request per connection: ${[...ports].join(", ")}`);
    await page.close();
  });
}

test("Chromium follows http_keep_alive's 301 from /home to the home page", async () => {
  const server = await startServer("http_keep_alive");
  const page = await newPage();
  const response = await page.goto(`http://127.0.0.1:${server.port}/home`);
  assert.equal(response?.url(), `http://127.0.0.1:${server.port}/`);
  assert.equal(await page.title(), "主页 · Home page — socket-lessons");
  await server.waitFor('"GET /home HTTP/1.1" 301');
  await page.close();
});

test("http_show_request prints the request Chromium made, and Chromium shows it", async () => {
  const server = await startServer("http_show_request");
  const page = await newPage();
  await page.goto(`http://127.0.0.1:${server.port}/`);
  const shown = (await page.textContent("body")) ?? "";
  assert.match(shown, /^GET \/ HTTP\/1\.1\r?\nHost: 127\.0\.0\.1:\d+\r?\n/);
  assert.equal(await server.ended(), 0);
  const printed = server.stdout();
  assert.match(printed, /\nConnect From 127\.0\.0\.1:\d+\nGET \/ HTTP\/1\.1\nHost: 127\.0\.0\.1:\d+\n/);
  assert.match(printed, /\nUser-Agent: Mozilla\/5\.0 .*Chrome\/[\d.]+/);
  assert.match(
    printed,
    /\n\n请求行 1 行，请求头 \d+ 行，空行，请求体 0 字节 — request line; headers: \d+; blank line; body: 0 bytes\n$/,
    "the blank line, then the parts named",
  );
  await page.close();
});

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

test("index.html passes html-validate", async () => {
  const report = await validator.validateFile(join(ROOT, "index.html"));
  assert.deepEqual(
    report.results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)),
    [],
  );
  assert.equal(report.valid, true);
});

for (const name of ["http_home", "http_keep_alive"]) {
  test(`${name}'s error pages pass html-validate`, async () => {
    const server = await startServer(name);
    for (const [path, init] of [
      ["/missing<b>", {}],
      ["/", { method: "DELETE" }],
    ] as const) {
      const html = await (await fetch(`http://127.0.0.1:${server.port}${path}`, init)).text();
      const report = await validator.validateString(html);
      assert.equal(report.valid, true, `${path}: ${JSON.stringify(report.results[0]?.messages.map((m) => m.message))}`);
    }
  });
}

test.run();
