/**
 * The exercises/ folders, each complete: the lesson that solves it, a task in Chinese and English with a
 * line for each check, starters in Python and TypeScript that parse and follow the lesson's numbered
 * steps, a course-style solution, and mistakes whose headers name a check; every exercise in the tables
 * of the READMEs; a learner's own my_* files left alone by git and the lint. A missing piece is named.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { test } from "uvu";
import { $ } from "zx";
import { EXERCISES } from "../check/exercises/index.ts";
import { ROOT } from "./helpers.ts";
import { mistakesOf } from "./mistakes.ts";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const starters = (role: string) => [`${role}.py`, `${role}.ts`];

test("every folder of exercises/ is an exercise of check/exercises/index.ts, and every exercise has its folder", () => {
  const folders = readdirSync(join(ROOT, "exercises"), { withFileTypes: true }).filter((entry) => entry.isDirectory());
  const names = EXERCISES.map((exercise) => exercise.name);
  for (const folder of folders) assert.ok(names.includes(folder.name), `exercises/${folder.name} is in check/exercises/index.ts`);
  for (const name of names) assert.ok(existsSync(join(ROOT, "exercises", name)), `exercises/${name}/ exists`);
  assert.equal(new Set(names).size, names.length, "each name once");
});

for (const exercise of EXERCISES) {
  const { name, role, lesson } = exercise;
  const checks = [...exercise.required, ...exercise.further];

  test(`${name}: its four pieces are there: the lesson, the README, the starters, the solution, and a mistake`, () => {
    const missing = [
      lesson,
      `exercises/${name}/README.md`,
      ...starters(role).map((file) => `exercises/${name}/${file}`),
      `exercises/${name}/solution.py`,
    ].filter((file) => !existsSync(join(ROOT, file)));
    assert.deepEqual(missing, [], `missing: ${missing.join(", ")}`);
    assert.ok(mistakesOf(name).length > 0, `exercises/${name}/mistakes/ has at least one program`);
    assert.ok(exercise.required.length > 0, "at least one required check");
    assert.equal(new Set(checks.map((check) => check.id)).size, checks.length, "each check's id once");
  });

  test(`${name}: each mistake opens with its header, naming a check of the exercise`, () => {
    for (const { file, header } of mistakesOf(name)) {
      assert.ok(header, `exercises/${name}/mistakes/${file} opens with "# 错误 mistake: …", "# 不通过 fails: <check>", "# 提示 says: …"`);
      assert.ok(
        checks.some((check) => check.id === header.fails),
        `exercises/${name}/mistakes/${file}: "${header.fails}" is not a check of ${name} (${checks.map((check) => check.id).join(", ")})`,
      );
      assert.match(header.mistake, /[\u4e00-\u9fff].* — [A-Za-z]/, `exercises/${name}/mistakes/${file}: the mistake in Chinese — English`);
    }
  });

  test(`${name}: a task in Chinese and English, how to check it, and a line for each check`, () => {
    const readme = read(`exercises/${name}/README.md`);
    assert.match(readme, new RegExp(`^# ${exercise.section.replace(".", "\\.")}[^—]*[\\u4e00-\\u9fff]+ — [a-z]`));
    assert.match(readme, /\*\*任务\*\*：[\u4e00-\u9fff]/);
    assert.match(readme, /\*\*Task\*\*: [a-z]/);
    assert.match(readme, new RegExp(`npm run check -- ${name} -- python3 exercises/${name}/my_${role}\\.py`));
    // And the same two commands for Windows cmd, where the course's learners mostly are.
    const windows = `exercises\\\\${name}\\\\`;
    assert.match(readme, new RegExp(`\`\`\`bat\\ncopy ${windows}\\w+\\.py ${windows}my_${role}\\.py\\n`), `${name}: copy, in cmd`);
    assert.match(readme, new RegExp(`npm run check -- ${name} -- py ${windows}my_${role}\\.py`), `${name}: py, in cmd`);
    for (const check of checks) {
      assert.ok(readme.includes(check.name[0]), `exercises/${name}/README.md names the check "${check.name[0]}"`);
      assert.ok(readme.includes(check.name[1]), `exercises/${name}/README.md names the check "${check.name[1]}"`);
    }
  });

  test(`${name}: in the table of exercises/README.md and of both READMEs`, () => {
    for (const file of ["exercises/README.md", "README.md", "README.zh-CN.md"]) {
      assert.match(read(file), new RegExp(`\\| \\[?\`?${name}\`?\\]?`), `${file} has a row for ${name}`);
    }
  });

  test(`${name}: the starters parse, and have the lesson's numbered steps in its order`, () => {
    const steps = [...read(lesson).matchAll(/(\d)\. ([\u4e00-\u9fff]+) — /g)].map((m) => `${m[1]}. ${m[2]}`);
    assert.ok(steps.length >= 3);
    for (const starter of starters(role)) {
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

test("the Python starters, solutions and mistakes compile", async () => {
  const files = EXERCISES.flatMap(({ name, role }) => [
    `exercises/${name}/${role}.py`,
    `exercises/${name}/solution.py`,
    ...mistakesOf(name)
      .filter(({ file }) => file.endsWith(".py"))
      .map(({ file }) => `exercises/${name}/mistakes/${file}`),
  ]).map((file) => join(ROOT, file));
  await $`python3 -c ${"import sys\nfor f in sys.argv[1:]: compile(open(f, encoding='utf-8').read(), f, 'exec')"} ${files}`;
});

test("the TCP exercises' Python starters and READMEs set SO_REUSEADDR, and hint at a connection that sends nothing", () => {
  for (const { name } of EXERCISES.filter(({ protocol, role }) => protocol === "tcp" && role === "server")) {
    const starter = read(`exercises/${name}/server.py`);
    assert.match(starter, /# 2\. 绑定地址 [^\n]*(\n[^\n]*)?s\.setsockopt\(SOL_SOCKET, SO_REUSEADDR, 1\)[^\n]*\n[^\n]*TIME_WAIT/, name);
    assert.match(starter, /# 5\. 接收请求 .*(\n.*)?(b''|sends nothing)/, name);
    assert.match(read(`exercises/${name}/README.md`), /SO_REUSEADDR[\s\S]*TIME_WAIT[\s\S]*SO_REUSEADDR[\s\S]*TIME_WAIT/, name);
  }
});

test("no file of check/ is over 300 lines: a new exercise is a file of its own", () => {
  const files = readdirSync(join(ROOT, "check"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  for (const file of files) {
    const lines = read(`check/${file}`).split("\n").length;
    assert.ok(lines <= 300, `check/${file} has ${lines} lines`);
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
