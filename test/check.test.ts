/**
 * The checker (npm run check) against our lessons, against course-style
 * Python solutions (fixtures/course), and against broken ones
 * (fixtures/broken), each of which must fail the check it should, with the
 * message it should. The checks run a few at a time, each on a port of its own.
 */
import assert from "node:assert/strict";
import { test } from "uvu";
import { $ } from "zx";
import { checkExercise } from "../check/run.ts";
import { freePort, ROOT, startServer, stopAll } from "./helpers.ts";

test.after(stopAll);

const DICT = `${ROOT}fixtures/dict.txt`;
const PAGE = `${ROOT}index.html`;

interface Result {
  code: number;
  output: string;
  seconds: number;
}

/** Checks `exercise` against `command`, which is given the port as {port}. */
async function check(exercise: string, command: string[]): Promise<Result> {
  const port = await freePort();
  const lines: string[] = [];
  const started = performance.now();
  const code = await checkExercise(
    {
      name: exercise,
      host: "127.0.0.1",
      port,
      dict: DICT,
      page: PAGE,
      command: command.map((part) => part.replace("{port}", String(port))),
    },
    (line) => lines.push(line),
  );
  return { code, output: lines.join("\n"), seconds: (performance.now() - started) / 1000 };
}

/** Runs the checks four at a time, and keeps each one's result for its test. */
function pool<T>(jobs: (() => Promise<T>)[], size = 4): Promise<T>[] {
  const slots = Array.from({ length: size }, () => Promise.resolve());
  return jobs.map((job, i) => {
    const result = (slots[i % size] as Promise<void>).then(job);
    slots[i % size] = result.then(
      () => {},
      () => {},
    );
    return result;
  });
}

const lesson = (name: string) => ["node", "--import", "tsx", `scripts/${name}.ts`, "--port", "{port}"];
const python = (file: string, ...args: string[]) => ["python3", `fixtures/${file}`, "{port}", ...args];

const PASSING: [what: string, exercise: string, command: string[]][] = [
  ["the lesson udp_server.ts", "udp-server", lesson("udp_server")],
  ["the lesson udp_client.ts", "udp-client", lesson("udp_client")],
  ["the lesson word_server.ts", "word-server", lesson("word_server")],
  ["the lesson word_client.ts", "word-client", lesson("word_client")],
  ["the lesson http_show_request.ts", "show-request", lesson("http_show_request")],
  ["the lesson http_home.ts", "home-page", lesson("http_home")],
  ["the course's UDP server", "udp-server", python("course/udp_server.py")],
  ["the course's UDP client", "udp-client", python("course/udp_client.py")],
  ["a course-style word server", "word-server", python("course/word_server.py", DICT)],
  ["a course-style word client", "word-client", python("course/word_client.py")],
  ["the course's request printer", "show-request", python("course/http_show_request.py")],
  ["a course-style home page server", "home-page", python("course/http_home.py", PAGE)],
];

/** Each broken solution, the check it must fail, and words of the message it must get. */
const BROKEN: [mistake: string, exercise: string, file: string, check: string, message: RegExp][] = [
  ["no reply", "udp-server", "udp_server_no_reply.py", "answers a datagram", /did the server .*sendto its reply to the client's address/],
  ["a reply to the wrong address", "udp-server", "udp_server_wrong_address.py", "answers a datagram", /sendto 给了客户端的地址 \(addr\)/],
  [
    "no blank line after the headers",
    "home-page",
    "home_no_blank_line.py",
    "GET / gets 200",
    /响应头后缺少空行：.*\n.*no blank line after the headers/,
  ],
  [
    "Content-Length counted in characters",
    "home-page",
    "home_length_in_characters.py",
    "the body is the page file",
    /Content-Length counted in characters, not bytes/,
  ],
  ["200 for every path", "home-page", "home_200_for_every_path.py", "a path that is not a page gets 404", /should get 404 Not Found/],
  [
    "a server that exits after one request",
    "home-page",
    "home_exits_after_one.py",
    "two requests, one after the other",
    /did the server end after one\? put accept in a while True loop/,
  ],
  [
    "a client that never prints the reply",
    "udp-client",
    "udp_client_no_print.py",
    "prompts, and sends a line",
    /the client did not print the reply/,
  ],
  [
    "a request printer that prints nothing",
    "show-request",
    "show_request_silent.py",
    "prints the request line",
    /the request was not printed: after recv, print\(data\.decode\(\)\)/,
  ],
];

const wrongCharset = () => check("home-page", python("broken/home_wrong_charset.py", PAGE));

const results = pool([
  wrongCharset,
  ...PASSING.map(
    ([, exercise, command]) =>
      () =>
        check(exercise, command),
  ),
  ...BROKEN.map(
    ([, exercise, file]) =>
      () =>
        check(exercise, python(`broken/${file}`, ...(exercise === "home-page" ? [PAGE] : []))),
  ),
]);

for (const [i, [what, exercise]] of PASSING.entries()) {
  test(`${exercise}: ${what} passes every required check`, async () => {
    const { code, output } = await (results[1 + i] as Promise<Result>);
    assert.equal(code, 0, output);
    assert.match(output, /通过 passed: (\d) of \1 required checks passed\.$/);
    assert.doesNotMatch(output.slice(0, output.indexOf("going further")), /✗/);
  });
}

for (const [i, [mistake, exercise, , check, message]] of BROKEN.entries()) {
  test(`${exercise}: ${mistake} fails "${check}", and says why`, async () => {
    const { code, output } = await (results[1 + PASSING.length + i] as Promise<Result>);
    assert.equal(code, 1, output);
    const failed = output.split("\n").find((line) => line.startsWith("✗ "));
    assert.ok(failed?.includes(check), `the first failed check:\n${output}`);
    assert.match(output, message);
    assert.match(
      output,
      / {4}sent: {3}.+\n {4}got: {4}.+\n {4}likely: .*[\u4e00-\u9fff].*\n {12}[A-Za-z]/,
      "sent, got, and the mistake in Chinese and English",
    );
    assert.match(output, /未通过 not yet: \d of \d required checks failed\.$/);
  });
}

test("a correct program is checked in under 5 s; the going-further checks are reported, not required", async () => {
  const lessonServer = await (results[1] as Promise<Result>);
  assert.ok(lessonServer.seconds < 5, `${lessonServer.seconds} s`);
  const courseClient = await (results[8] as Promise<Result>);
  assert.ok(courseClient.seconds < 8, `${courseClient.seconds} s`);
  assert.match(
    courseClient.output,
    /\n {2}✗ 回复一直不来时，过一段时间告诉用户并继续 — says so when a reply never comes, and goes on\n.*settimeout/s,
  );
  assert.equal(courseClient.code, 0);
  const lessonClient = await (results[2] as Promise<Result>);
  assert.match(lessonClient.output, /\n {2}✓ 回复一直不来时/);
});

const cli = (args: string[]) => $({ nothrow: true, cwd: ROOT })`node --import tsx check/check.ts ${args}`;

test("home-page: a page sent with the wrong charset passes what the course asks, and fails the going-further checks in Chromium", async () => {
  const { code, output } = await (results[0] as Promise<Result>);
  assert.equal(code, 0, output);
  assert.match(output, /\n {2}✗ Content-Type 写明 charset=utf-8 .*\n(.*\n){3}.*or with another one, a browser may garble the Chinese/);
  assert.match(output, /\n {2}✗ 在 Chromium 里打开主页，中文显示正常 .*\n.*looking for "你好，浏览器！"\n.*got: +status 200, "ä½.å¥½/);
  const lesson = await (results[6] as Promise<Result>);
  assert.match(lesson.output, /\n {2}✓ 在 Chromium 里打开主页，中文显示正常/);
});

test("npm run check alone lists the exercises, and which have passed here", async () => {
  await Promise.all(results); // the passes above are recorded
  const { stdout, exitCode } = await cli([]);
  assert.equal(exitCode, 0);
  for (const name of ["udp-server", "udp-client", "word-server", "word-client", "show-request", "home-page"]) {
    assert.match(
      stdout,
      new RegExp(`\\n  ${name} +\\d\\.\\d .* ✓ passed \\d{4}-\\d\\d-\\d\\d\\n +npm run check -- ${name} -- python3 exercises/${name}/my_`),
    );
  }
});

test("bad usage: one error line in English and Chinese, exit code 2", async () => {
  for (const [args, message] of [
    [["no-such-exercise"], /no exercise is called no-such-exercise/],
    [["udp-client"], /udp-client is a client: give its command after --/],
    [["udp-server", "--port", "99999"], /--port takes a whole number from 1 to 65535/],
    [["udp-server", "--bogus"], /Unknown option '--bogus'/],
  ] as const) {
    const { stderr, exitCode } = await cli([...args]);
    assert.equal(exitCode, 2, args.join(" "));
    assert.match(stderr, /^error: .*[\u4e00-\u9fff].*\nusage: npm run check -- <exercise>/);
    assert.match(stderr, message);
  }
});

test("without a command it checks the server already running, or says that none is", async () => {
  const server = await startServer("udp_server");
  const running = await cli(["udp-server", "--port", String(server.port)]);
  assert.equal(running.exitCode, 0, running.stdout);
  assert.match(running.stdout, /program: the one already running there/);
  assert.match(
    running.stdout,
    /- 打印收到的每条消息 — prints each message it receives\n {4}not checked: the checker did not start your program/,
  );
  const nobody = await cli(["home-page", "--port", String(await freePort())]);
  assert.equal(nobody.exitCode, 1);
  assert.match(nobody.stdout, /nothing listens at 127\.0\.0\.1:\d+: start your server first, or give its command after --/);
});

test("a program that cannot start, or ends at once, gets a clear answer and no stack trace", async () => {
  const missing = await cli(["udp-server", "--port", String(await freePort()), "--", "no-such-program-xyz"]);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stdout, /it ended .* before it bound/);
  assert.match(missing.stdout, /could not be started: spawn no-such-program-xyz ENOENT/);
  const crash = await cli(["home-page", "--port", String(await freePort()), "--", "python3", "-c", "raise SystemExit('oops: \\x1b[2J')"]);
  assert.equal(crash.exitCode, 1);
  assert.match(crash.stdout, /it ended \(exit code 1\) before it bound .*\n.*│ oops: \\x1b\[2J/);
  assert.doesNotMatch(crash.stdout + crash.stderr, /\n\s+at .*\.ts:\d+/, "no stack trace of the checker's own");
});

test("Ctrl-C stops the checker and the program it started", async () => {
  const port = String(await freePort());
  const checker = $({
    nothrow: true,
    cwd: ROOT,
  })`node --import tsx check/check.ts udp-client --port ${port} -- python3 fixtures/course/udp_client.py ${port}`;
  for await (const chunk of checker.stdout) if (String(chunk).includes("进阶")) break; // the course's client now waits for ever
  await checker.kill("SIGINT");
  assert.equal((await checker).exitCode, 130);
  const left = await $({ nothrow: true })`pgrep -f ${`udp_client.py ${port}`}`;
  assert.equal(left.stdout.trim(), "", "the course's client was stopped too");
});

test("a program that binds another port is told to say which with --port", async () => {
  const port = await freePort();
  const lines: string[] = [];
  const command = ["node", "--import", "tsx", "scripts/udp_server.ts", "--port", String(await freePort())];
  const code = await checkExercise(
    { name: "udp-server", host: "127.0.0.1", port, dict: DICT, page: PAGE, command, startMs: 3_000 },
    (line) => lines.push(line),
  );
  assert.equal(code, 1);
  assert.match(
    lines.join("\n"),
    /after 3 s nothing is bound to 127\.0\.0\.1:\d+; it printed:\n.*listening on 127\.0\.0\.1:\d+ \(UDP\)[\s\S]*tell the checker its port with --port/,
  );
});

test.run();
