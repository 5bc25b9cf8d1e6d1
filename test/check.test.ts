/**
 * The checker (npm run check) against each exercise's lesson and course-style solution, which pass every
 * required check, and against each of its mistakes (exercises/<name>/mistakes/), each of which must fail
 * the check its header names, with a message that has the word its header names. The cases come from the
 * folders, so a new exercise or mistake is tested without an edit here. The checks run a few at a time,
 * each on a port of its own.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import { EXERCISES, exerciseNamed } from "../check/exercises/index.ts";
import { timeWaitOn } from "../check/ports.ts";
import { check, cli, lesson, program, type Result } from "./checking.ts";
import { pool, ROOT, stopAll } from "./helpers.ts";
import { type Mistake, mistakesOf } from "./mistakes.ts";

test.after(stopAll);

const PASSING = EXERCISES.flatMap(({ name, lesson: path }) => [
  { what: `the lesson ${path}`, exercise: name, command: lesson(path.replace(/^scripts\/|\.ts$/g, "")) },
  { what: "the course-style solution.py", exercise: name, command: program(name, "solution.py") },
]);
const MISTAKES = EXERCISES.flatMap(({ name }) => mistakesOf(name).flatMap(({ header }) => (header ? [header] : [])));

const run = pool([
  ...PASSING.map(
    ({ exercise, command }) =>
      () =>
        check(exercise, command),
  ),
  ...MISTAKES.map(
    ({ exercise, file }) =>
      () =>
        check(exercise, program(exercise, file)),
  ),
]);
const passing = new Map(PASSING.map((passing, i) => [`${passing.exercise} ${passing.what}`, run[i] as Promise<Result>]));
const failing = new Map(MISTAKES.map((mistake, i) => [`${mistake.exercise} ${mistake.file}`, run[PASSING.length + i] as Promise<Result>]));

for (const { what, exercise } of PASSING) {
  test(`${exercise}: ${what} passes every required check`, async () => {
    const { code, output } = (await passing.get(`${exercise} ${what}`)) as Result;
    assert.equal(code, 0, output);
    assert.match(output, /通过：必需的 (\d) 项检查通过了 \1 项 — passed: \1 of \1 required checks passed\.$/);
    assert.doesNotMatch(output.slice(0, output.indexOf("going further")), /✗/);
  });
}

/** The line of the check `id` of the exercise, in a report. */
function checkLine(output: string, { exercise, fails }: Mistake): string | undefined {
  const definition = exerciseNamed(exercise);
  const named = [...(definition?.required ?? []), ...(definition?.further ?? [])].find((each) => each.id === fails);
  assert.ok(named, `${exercise} has a check ${fails}`);
  return output.split("\n").find((line) => line.replace(/^ +/, "").slice(2).startsWith(`${named.name[0]} — ${named.name[1]}`));
}

for (const mistake of MISTAKES) {
  const { exercise, file, fails, says } = mistake;
  const required = exerciseNamed(exercise)?.required.some((each) => each.id === fails);
  test(`${exercise}: ${file} fails "${fails}"${required ? "" : " (going further)"}, and says "${says}"`, async () => {
    const { code, output } = (await failing.get(`${exercise} ${file}`)) as Result;
    assert.equal(code, required ? 1 : 0, output);
    const line = checkLine(output, mistake);
    assert.ok(line?.trim().startsWith("✗ "), `"${fails}" failed:\n${output}`);
    if (required)
      assert.equal(
        output.split("\n").find((each) => each.startsWith("✗ ")),
        line,
        "it is the first check to fail",
      );
    // What is said under that check's line, up to the next check's.
    const lines = output.split("\n");
    const at = lines.indexOf(line as string);
    const end = lines.findIndex((each, i) => i > at && (/^ *[✓✗-] /.test(each) || each === ""));
    const block = lines.slice(at, end < 0 ? undefined : end).join("\n");
    assert.ok(block.includes(says), `the message under "${fails}" says "${says}":\n${output}`);
    assert.match(
      block,
      / {4,6}发送 sent: {4}.+\n {4,6}收到 got: {5}.+\n {4,6}原因 likely: {2}.*[\u4e00-\u9fff].*\n {18,20}[A-Za-z]/,
      "sent, got, and the mistake in Chinese and English",
    );
    if (required) {
      assert.match(
        output,
        /未通过：必需的 \d 项检查有 \d 项没有通过(，\d 项没有检查)? — not yet: \d of \d required checks did not pass(, \d could not be checked)?\.$/,
      );
    }
  });
}

const report = (key: string) => (passing.get(key) ?? failing.get(key)) as Promise<Result>;

test("the going-further checks are reported, not required: the course's client, which waits for ever, still passes", async () => {
  // How long a check takes is measured by npm run bench:check, not here: this machine is shared.
  const courseClient = await report("udp-client the course-style solution.py");
  assert.match(
    courseClient.output,
    /\n {2}✗ 回复一直不来时，过一段时间告诉用户并继续 — says so when a reply never comes, and goes on\n.*settimeout/s,
  );
  assert.equal(courseClient.code, 0);
  assert.match((await report("udp-client the lesson scripts/udp_client.ts")).output, /\n {2}✓ 回复一直不来时/);
});

test("home-page: a page sent with the wrong charset fails the going-further checks in Chromium, and the lesson leaves no TIME_WAIT", async () => {
  const { output } = await report("home-page mistakes/wrong_charset.py");
  assert.match(output, /\n {2}✗ 在 Chromium 里打开主页，中文显示正常 .*\n.*looking for "你好，浏览器！"\n.*got: +status 200, "ä½.å¥½/);
  const lessonRun = await report("home-page the lesson scripts/http_home.ts");
  assert.match(lessonRun.output, /\n {2}✓ 在 Chromium 里打开主页，中文显示正常/);
  assert.equal(timeWaitOn(lessonRun.port), 0, "the checker's connections, Chromium's through its relay, leave no TIME_WAIT");
});

test("home-page: a server that an empty connection ends is told what it printed, and the checks after it are not run", async () => {
  const { output } = await report("home-page mistakes/dies_on_empty_connection.py");
  assert.match(
    output,
    /printed "IndexError: list index out of range"\n[\s\S]*未检查 not checked: 你的程序出错退出了[\s\S]*your program ended during the checks \(exit code 1\)/,
  );
});

test("a hint names code in the program's language: Python's for a Python program, TypeScript's for a TypeScript one", async () => {
  const typescript = await report("udp-server mistakes/no_reply.ts");
  assert.match(typescript.output, /server\.send/);
  assert.doesNotMatch(typescript.output, /recvfrom|sendto/);
  assert.match((await report("udp-server mistakes/no_reply.py")).output, /recvfrom[\s\S]*sendto/);
});

test("npm run check alone lists the exercises; it records a pass of the learner's own program, not of a lesson, a solution or a mistake", async () => {
  await Promise.all(run); // every check above was of one of ours
  const passes = join(ROOT, "test-output", `passes-${process.pid}.json`);
  rmSync(passes, { force: true });
  process.env.SOCKET_LESSONS_PASSES = passes;
  const folder = mkdtempSync(join(ROOT, "test-output", "mine-"));
  copyFileSync(join(ROOT, "exercises/udp-server/solution.py"), join(folder, "my_server.py"));
  assert.equal((await check("udp-server", ["python3", join(folder, "my_server.py"), "{port}"])).code, 0);
  assert.equal((await check("udp-client", program("udp-client", "solution.py"))).code, 0);
  const { stdout, exitCode } = await cli([]);
  assert.equal(exitCode, 0);
  for (const { name, role } of EXERCISES) {
    const mark = name === "udp-server" ? " +✓ 已通过 passed \\d{4}-\\d\\d-\\d\\d" : "";
    assert.match(
      stdout,
      new RegExp(`\\n  ${name} +\\d\\.\\d [^\\n]*?${mark}\\n +npm run check -- ${name} -- python3 exercises/${name}/my_${role}\\.py`),
    );
  }
  assert.equal(stdout.match(/已通过/g)?.length, 1, "only the learner's own program's pass");
  rmSync(folder, { recursive: true });
});

test.run();
