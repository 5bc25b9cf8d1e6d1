/**
 * The lessons read like the course: each fits on a screen, with the
 * course's numbered Chinese step comments in the course's order, a short
 * header, and only node: built-ins and small lib/ files beside it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import { ROOT } from "./helpers.ts";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

/** Lines of code: not blank, not a comment. */
function codeLines(text: string): number {
  let inComment = false;
  let count = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inComment) {
      inComment = !line.includes("*/");
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("/*")) {
      inComment = !line.includes("*/");
      continue;
    }
    count++;
  }
  return count;
}

/** The lib files a file imports, and the ones those import, once each. */
function libFiles(file: string, seen = new Set<string>()): Set<string> {
  for (const [, path] of read(file).matchAll(/from "(?:\.\.\/lib|\.)\/(\w+\.ts)"/g)) {
    const lib = `lib/${path}`;
    if (!seen.has(lib)) {
      seen.add(lib);
      libFiles(lib, seen);
    }
  }
  return seen;
}

const SERVER_STEPS = ["1. 创建套接字", "2. 绑定地址", "3. 循环收发消息", "4. 关闭套接字"];
const CLIENT_STEPS = ["1. 创建套接字", "2. 循环收发消息", "3. 关闭套接字"];
const TCP_STEPS = ["1. 创建套接字", "2. 绑定地址", "3. 设置监听", "4. 等待客户端连接", "5. 接收请求"];

const LESSONS: { name: string; code: number; withLib: number; steps: string[] }[] = [
  { name: "udp_server", code: 25, withLib: 150, steps: SERVER_STEPS },
  { name: "udp_client", code: 30, withLib: 180, steps: CLIENT_STEPS },
  { name: "word_server", code: 35, withLib: 200, steps: SERVER_STEPS },
  { name: "word_client", code: 30, withLib: 180, steps: CLIENT_STEPS },
  { name: "http_show_request", code: 45, withLib: 200, steps: [...TCP_STEPS, "6. 打印请求", "7. 关闭套接字"] },
  { name: "http_home", code: 70, withLib: 200, steps: [...TCP_STEPS, "6. 发送响应", "7. 关闭套接字"] },
  { name: "udp_relay", code: 70, withLib: 200, steps: SERVER_STEPS },
  { name: "udp_ping", code: 40, withLib: 200, steps: CLIENT_STEPS },
];

for (const { name, code, withLib, steps } of LESSONS) {
  const file = `scripts/${name}.ts`;
  const text = read(file);

  test(`${name}: at most ${code} lines of code, and ${withLib} with the lib files it imports`, () => {
    const own = codeLines(text);
    const libs = [...libFiles(file)];
    const total = own + libs.reduce((sum, lib) => sum + codeLines(read(lib)), 0);
    assert.ok(own <= code, `${file} has ${own} lines of code`);
    assert.ok(total <= withLib, `${file} and ${libs.join(", ")} have ${total} lines of code`);
    assert.ok(!libs.includes("lib/http.ts"), "the keep-alive parser is not part of it");
  });

  test(`${name}: the course's steps, numbered, in Chinese with English, in the course's order`, () => {
    let from = 0;
    for (const step of steps) {
      const at = text.indexOf(`${step} — `, from);
      assert.ok(at > from, `${file} has "// ${step} — …" after the step before it`);
      assert.match(text.slice(at, text.indexOf("\n", at)), new RegExp(`^${step} — [a-z]`), "English after the dash");
      from = at;
    }
    const numbered = [...text.matchAll(/(\d)\. [\u4e00-\u9fff]+ — /g)].map((m) => Number(m[1]));
    assert.deepEqual(
      numbered,
      steps.map((_, i) => i + 1),
      "no other numbered steps",
    );
  });

  test(`${name}: a header of at most 6 lines with the section and a Run: line; only node: and ../lib imports; console.log`, () => {
    const header = text.slice(0, text.indexOf("*/") + 2).split("\n");
    assert.ok(text.startsWith("/**") && header.length <= 6, `the header has ${header.length} lines`);
    assert.match(
      header[1] ?? "",
      /^ \* \d\.\d[–\d.]* [^—]*[\u4e00-\u9fff]+ — [a-z]/,
      "the course section: its Chinese heading, then English",
    );
    assert.match(header.join("\n"), /\n \* Run: npx tsx scripts\/\w+\.ts/);
    for (const [, from] of text.matchAll(/^import .* from "([^"]+)";$/gm))
      assert.match(from ?? "", /^(node:\w+(\/\w+)?|\.\.\/lib\/\w+\.ts)$/);
    assert.doesNotMatch(text, /logLine|process\.stdout\.write/, "lines are printed with console.log, as Python's print");
  });
}

test("lib/address.ts holds the address and the flags in at most 60 lines of code; nothing in lib/ batches the log", () => {
  assert.ok(codeLines(read("lib/address.ts")) <= 60, `${codeLines(read("lib/address.ts"))} lines`);
  assert.doesNotMatch(read("lib/address.ts"), /parseAddress/);
  for (const lib of ["address", "exits", "prompt", "reply", "safe_text", "words"]) {
    assert.doesNotMatch(read(`lib/${lib}.ts`), /logLine|setInterval/, lib);
  }
});

test("the line counter skips comments and blank lines", () => {
  assert.equal(codeLines("/**\n * a\n */\nconst a = 1; // one\n\n// two\n/* three */\nlet b;\n"), 2);
});

test.run();
