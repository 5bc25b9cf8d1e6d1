/**
 * The checker (npm run check) against our lessons, against course-style
 * Python solutions (fixtures/course), and against broken ones
 * (fixtures/broken), each of which must fail the check it should, with the
 * message it should. The checks run a few at a time, each on a port of its own.
 */
import assert from "node:assert/strict";
import { test } from "uvu";
import { timeWaitOn } from "../check/ports.ts";
import { check, cli, DICT, lesson, PAGE, python, type Result } from "./checking.ts";
import { stopAll } from "./helpers.ts";

test.after(stopAll);

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
    "a server that an empty connection ends",
    "home-page",
    "home_dies_on_empty_connection.py",
    "goes on after a connection that sends nothing",
    /printed "IndexError: list index out of range"\n.*\n.*check `if not request:` \(whatever your variable is called\)[\s\S]*404 .*\n.*未检查 not checked: 你的程序出错退出了[\s\S]*your program ended during the checks \(exit code 1\)/,
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
    assert.match(output, /通过：必需的 (\d) 项检查通过了 \1 项 — passed: \1 of \1 required checks passed\.$/);
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
      / {4}发送 sent: {4}.+\n {4}收到 got: {5}.+\n {4}原因 likely: {2}.*[\u4e00-\u9fff].*\n {18}[A-Za-z]/,
      "sent, got, and the mistake in Chinese and English",
    );
    assert.match(
      output,
      /未通过：必需的 \d 项检查有 \d 项没有通过(，\d 项没有检查)? — not yet: \d of \d required checks did not pass(, \d could not be checked)?\.$/,
    );
  });
}

test("a correct program is checked in under 5 s; the going-further checks are reported, not required", async () => {
  const lessonServer = await (results[1] as Promise<Result>);
  assert.ok(lessonServer.seconds < 5, `${lessonServer.seconds} s`);
  const courseClient = await (results[8] as Promise<Result>);
  assert.ok(courseClient.seconds < 10, `${courseClient.seconds} s`); // 6 s of it: waiting for the course's client, which never says a reply did not come
  assert.match(
    courseClient.output,
    /\n {2}✗ 回复一直不来时，过一段时间告诉用户并继续 — says so when a reply never comes, and goes on\n.*settimeout/s,
  );
  assert.equal(courseClient.code, 0);
  const lessonClient = await (results[2] as Promise<Result>);
  assert.match(lessonClient.output, /\n {2}✓ 回复一直不来时/);
});

test("home-page: a page sent with the wrong charset passes what the course asks, and fails the going-further checks in Chromium", async () => {
  const { code, output } = await (results[0] as Promise<Result>);
  assert.equal(code, 0, output);
  assert.match(output, /\n {2}✗ Content-Type 写明 charset=utf-8 .*\n(.*\n){3}.*or with another one, a browser may garble the Chinese/);
  assert.match(output, /\n {2}✗ 在 Chromium 里打开主页，中文显示正常 .*\n.*looking for "你好，浏览器！"\n.*got: +status 200, "ä½.å¥½/);
  const lesson = await (results[6] as Promise<Result>);
  assert.match(lesson.output, /\n {2}✓ 在 Chromium 里打开主页，中文显示正常/);
  assert.equal(timeWaitOn(lesson.port), 0, "the checker's connections, Chromium's through its relay, leave no TIME_WAIT");
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

test.run();
