/**
 * The exercises/ folders: a task in Chinese and English for each exercise
 * the checker knows, starters that parse and follow the lesson's numbered
 * steps, and a learner's own my_* files left alone by git and the lint.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { test } from "uvu";
import { $ } from "zx";
import { EXERCISES } from "../check/exercises.ts";
import { ROOT } from "./helpers.ts";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const starters = (name: string) => (EXERCISES[name]?.client ? ["client.py", "client.ts"] : ["server.py", "server.ts"]);

for (const [name, exercise] of Object.entries(EXERCISES)) {
  test(`${name}: a task in Chinese and English, and how to check it`, () => {
    const readme = read(`exercises/${name}/README.md`);
    assert.match(readme, new RegExp(`^# ${exercise.section.replace(".", "\\.")} [^—]*[\\u4e00-\\u9fff]+ — [a-z]`));
    assert.match(readme, /\*\*任务\*\*：[\u4e00-\u9fff]/);
    assert.match(readme, /\*\*Task\*\*: [a-z]/);
    assert.match(readme, new RegExp(`npm run check -- ${name} -- python3 exercises/${name}/my_`));
  });

  test(`${name}: the starters parse, and have the lesson's numbered steps in its order`, () => {
    const lesson = read(exercise.lesson.replace("npx tsx ", ""));
    const steps = [...lesson.matchAll(/(\d)\. ([\u4e00-\u9fff]+) — /g)].map((m) => `${m[1]}. ${m[2]}`);
    assert.ok(steps.length >= 3);
    for (const starter of starters(name)) {
      const text = read(`exercises/${name}/${starter}`);
      let from = -1;
      for (const step of steps) {
        const at = text.indexOf(step, from + 1);
        assert.ok(at > from, `${starter} has "${step}" in the lesson's order`);
        from = at;
      }
      if (starter.endsWith(".ts")) transformSync(text, { loader: "ts" }); // throws on a syntax error
    }
  });
}

test("the Python starters compile", async () => {
  const files = Object.keys(EXERCISES).map((name) => join(ROOT, "exercises", name, starters(name)[0] as string));
  assert.ok(files.every((file) => existsSync(file)));
  await $`python3 -c ${"import sys\nfor f in sys.argv[1:]: compile(open(f, encoding='utf-8').read(), f, 'exec')"} ${files}`;
});

test("the TCP exercises' Python starters and READMEs set SO_REUSEADDR, and hint at a connection that sends nothing", () => {
  for (const name of Object.keys(EXERCISES).filter((name) => EXERCISES[name]?.protocol === "tcp" && !EXERCISES[name]?.client)) {
    const starter = read(`exercises/${name}/server.py`);
    assert.match(starter, /# 2\. 绑定地址 [^\n]*(\n[^\n]*)?s\.setsockopt\(SOL_SOCKET, SO_REUSEADDR, 1\)[^\n]*\n[^\n]*TIME_WAIT/, name);
    assert.match(starter, /# 5\. 接收请求 .*(\n.*)?(b''|sends nothing)/, name);
    assert.match(read(`exercises/${name}/README.md`), /SO_REUSEADDR[\s\S]*TIME_WAIT[\s\S]*SO_REUSEADDR[\s\S]*TIME_WAIT/, name);
  }
});

test("a learner's my_* files are left to the learner: ignored by git, the lint and the type check", async () => {
  const ignored = await $({
    cwd: ROOT,
    nothrow: true,
  })`git check-ignore exercises/udp-server/my_server.py exercises/home-page/my_server.ts`;
  assert.equal(ignored.stdout.trim().split("\n").length, 2);
  assert.ok((JSON.parse(read("biome.json")).files.includes as string[]).includes("!exercises"));
  assert.ok(!(JSON.parse(read("tsconfig.json")).include as string[]).includes("exercises"));
});

test.run();
