/**
 * The checker as a learner runs it: its command line, a program that cannot
 * start or binds another port, a port another program holds, TIME_WAIT,
 * checking twice in a row, Ctrl-C.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import { $ } from "zx";
import { readCommandLine } from "../check/command_line.ts";
import { asTyped, timeWaitOn } from "../check/ports.ts";
import { checkExercise } from "../check/run.ts";
import { check, cli, program } from "./checking.ts";
import { checkerCommand, eventually, freePort, lessonCommand, ROOT, rawHttp, startServer, stopAll } from "./helpers.ts";

test.after.each(stopAll);

test("bad usage: an error in Chinese and English, exit code 2", async () => {
  for (const [args, message] of [
    [["no-such-exercise"], /there is no exercise called no-such-exercise\. The exercises: udp-server,/],
    [["udp_server"], /没有叫 udp_server 的练习，你是想输入 udp-server 吗？.* — .*did you mean udp-server\?/],
    [["udp-client"], /udp-client is a client: give its command after --/],
    [["udp-server", "--port", "99999"], /--port takes a whole number from 1 to 65535/],
    [["udp-server", "--bogus"], /没有这个选项：--bogus — there is no option --bogus/],
    [["udp-server", "--port"], /--port needs a value after it/],
  ] as const) {
    const { stderr, exitCode } = await cli([...args]);
    assert.equal(exitCode, 2, args.join(" "));
    assert.match(stderr.trimEnd(), /^error: .*[\u4e00-\u9fff].* — [A-Za-z-].* \(usage: npm run check -- <exercise>.*\)$/);
    assert.equal(stderr.trimEnd().split("\n").length, 1, "one line");
    assert.match(stderr, message);
  }
});

test("a port's holder is named by the command the learner typed, without tsx's own arguments", () => {
  const tsx = "/home/me/lessons/node_modules/tsx/dist";
  assert.deepEqual(
    asTyped(["/usr/bin/node", "--require", `${tsx}/preflight.cjs`, "--import", `file://${tsx}/loader.mjs`, "server.ts", "--port", "9"]),
    ["tsx", "server.ts", "--port", "9"],
  );
  assert.deepEqual(asTyped(["C:\\node\\node.exe", "--import", "file:///C:/x/node_modules/tsx/dist/loader.mjs", "s.ts"]), ["tsx", "s.ts"]);
  assert.deepEqual(asTyped(["python3", "my_server.py", "8888"]), ["python3", "my_server.py", "8888"]);
  assert.deepEqual(asTyped(["node", "--import", "tsx", "s.ts"]), ["node", "--import", "tsx", "s.ts"]);
});

test("without a command it checks the server already running, or says that none is", async () => {
  const server = await startServer("udp_server");
  const running = await cli(["udp-server", "--port", String(server.port)]);
  assert.equal(running.exitCode, 1, "a required check it could not run did not pass");
  assert.match(
    running.stdout,
    /未通过：必需的 5 项检查通过了 4 项，1 项没法检查 — not yet: 4 of 5 required checks passed; 1 could not be checked\.$/m,
  );
  assert.match(running.stdout, /程序 program: 已经在运行的那个 the one already running there/);
  assert.match(
    running.stdout,
    /- 打印收到的每条消息 — prints each message it receives\n {4}未检查 not checked: 检查器没有启动你的程序.* — the checker did not start your program/,
  );
  const nobody = await cli(["home-page", "--port", String(await freePort())]);
  assert.equal(nobody.exitCode, 1);
  assert.match(nobody.stdout, /nothing listens at 127\.0\.0\.1:\d+: start your server first, or give its command after --/);
});

test("a program that cannot start, or ends at once, gets a clear answer and no stack trace", async () => {
  const missing = await cli(["udp-server", "--port", String(await freePort()), "--", "no-such-program-xyz"]);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stdout, /启动不了 it could not be started/);
  assert.match(missing.stdout, /could not be started: spawn no-such-program-xyz ENOENT/);
  const crash = await cli(["home-page", "--port", String(await freePort()), "--", "python3", "-c", "raise SystemExit('oops: \\x1b[2J')"]);
  assert.equal(crash.exitCode, 1);
  assert.match(crash.stdout, /it ended \(exit code 1\) before it bound .*\n.*│ oops: \\x1b\[2J/);
  assert.doesNotMatch(crash.stdout + crash.stderr, /\n\s+at .*\.ts:\d+/, "no stack trace of the checker's own");
});

test("--watch: a broken program is checked, a save that fixes it checks again by itself, and Ctrl-C stops both", async () => {
  const port = String(await freePort());
  mkdirSync(join(ROOT, "test-output"), { recursive: true });
  const folder = mkdtempSync(join(ROOT, "test-output", "watch-"));
  const mine = join(folder, "my_server.py");
  copyFileSync(join(ROOT, "exercises/udp-server/mistakes/no_reply.py"), mine);
  const [file, ...args] = checkerCommand();
  const watching = spawn(file as string, [...args, "udp-server", "--watch", "--port", port, "--", "python3", mine, port], { cwd: ROOT });
  const exited = once(watching, "close"); // after its output has all come, not only its exit
  let printed = "";
  watching.stdout.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  /** Resolves once `text` has been printed `times` times. */
  const seen = (text: string, times = 1) =>
    new Promise<void>((resolve, reject) => {
      const look = () => {
        if (printed.split(text).length <= times) return;
        watching.stdout.off("data", look);
        resolve();
      };
      watching.stdout.on("data", look);
      watching.once("exit", () => reject(new Error(`the checker ended:\n${printed}`)));
      if (watching.exitCode !== null) reject(new Error(`the checker ended:\n${printed}`));
      look();
    });
  try {
    await seen("waiting for your next save");
    assert.match(printed, /✗ 回复每个数据报[\s\S]*not yet: 1 of 5/);
    // An editor's save: the new text written to a file beside it, then renamed over it, and touched again.
    writeFileSync(`${mine}.new`, readFileSync(join(ROOT, "exercises/udp-server/solution.py")));
    renameSync(`${mine}.new`, mine);
    writeFileSync(mine, readFileSync(mine));
    await seen("waiting for your next save", 2);
    assert.match(printed.slice(printed.indexOf("not yet")), /passed: 5 of 5 required checks passed/);
    assert.equal(printed.split("监视 watching").length, 3, `one save, one check:\n${printed}`);
  } finally {
    watching.kill("SIGINT");
  }
  const [code] = await exited;
  assert.equal(code, 130);
  assert.match(printed, /no longer watching/);
  const left = await $({ nothrow: true })`pgrep -f ${`my_server.py ${port}`}`;
  assert.equal(left.stdout.trim(), "", "the program was stopped too");
  rmSync(folder, { recursive: true });
});

test("Ctrl-C stops the checker and the program it started", async () => {
  const port = String(await freePort());
  const checker = $({
    nothrow: true,
    cwd: ROOT,
  })`${checkerCommand()} udp-client --port ${port} -- python3 exercises/udp-client/solution.py ${port}`;
  let printed = "";
  const decoder = new TextDecoder();
  for await (const chunk of checker.stdout) {
    printed += decoder.decode(chunk, { stream: true }); // a character may be split between two chunks
    if (printed.includes("进阶")) break; // the course's client now waits for ever
  }
  process.kill(checker.pid as number, "SIGINT"); // the checker alone, as Ctrl-C in its terminal reaches it first
  assert.equal((await checker).exitCode, 130);
  const left = await $({ nothrow: true })`pgrep -f ${`udp_client.py ${port}`}`;
  assert.ok(left.exitCode === 0 || left.exitCode === 1, "pgrep ran (1: nothing found)");
  assert.equal(left.stdout.trim(), "", "the course's client was stopped too");
});

test("a program that binds another port is told which, at once, and a program that binds nothing after a while", async () => {
  const port = await freePort();
  const other = await freePort();
  const run = (command: string[], startMs: number) => {
    const lines: string[] = [];
    const started = performance.now();
    return checkExercise({ name: "udp-server", host: "127.0.0.1", port, inputs: {}, command, startMs }, (line) => lines.push(line)).then(
      (code) => ({ code, output: lines.join("\n"), seconds: (performance.now() - started) / 1000 }),
    );
  };
  const elsewhere = await run([...lessonCommand("udp_server"), "--port", String(other)], 20_000);
  assert.equal(elsewhere.code, 1);
  assert.match(
    elsewhere.output,
    new RegExp(
      `got: +它绑定的是端口 ${other}，不是 ${port} — it bound port ${other}, not ${port}\\n.*用 --port ${other} 告诉检查器.*\\n.*tell the checker with --port ${other}`,
    ),
  );
  assert.ok(elsewhere.seconds < 15, `told in ${elsewhere.seconds} s, not after the 20 s a program may take to start`);
  const nowhere = await run(["python3", "-c", "import time; print('started'); time.sleep(30)"], 2_000);
  assert.match(
    nowhere.output,
    /after 2 s nothing is bound to 127\.0\.0\.1:\d+; it printed:\n.*started[\s\S]*tell the checker its port with --port/,
  );
});

test("a port another program holds: refused before any check, naming that program", async () => {
  const other = await startServer("udp_server");
  const port = String(other.port);
  for (const exercise of ["udp-server", "udp-client"]) {
    const { stdout, exitCode } = await cli([exercise, "--port", port, "--", "python3", `exercises/${exercise}/solution.py`, port]);
    assert.equal(exitCode, 1, stdout);
    assert.doesNotMatch(stdout, /✓/, "no check passes against a program that is not the learner's");
    assert.match(stdout, /is held by .*scripts\/udp_server\.(ts|mjs).* \(pid \d+\)/);
    assert.match(stdout, /在那个程序的终端里按 Ctrl-C 停掉它[\s\S]*Ctrl-C in its terminal[\s\S]*no check was run/);
  }
  const without = await cli(["udp-server", "--port", port]);
  assert.match(without.stdout, /the one already running there: .*udp_server.* \(pid \d+\)/);
});

test("checked twice in a row at once: the course's one-shot 2.3 program, and nothing left in TIME_WAIT", async () => {
  const port = await freePort();
  for (const run of [1, 2]) {
    const { code, output } = await check("show-request", program("show-request", "solution.py"), port);
    assert.equal(code, 0, `run ${run}:\n${output}`);
  }
  assert.equal(timeWaitOn(port), 0);
});

test("a bind that fails while closed connections wait in TIME_WAIT: explained, with SO_REUSEADDR", async () => {
  const port = await freePort();
  // A server without SO_REUSEADDR that answers one connection and closes it first: its end waits in TIME_WAIT.
  const answerOnce = `from socket import *\ns = socket()\ns.bind(("127.0.0.1", ${port}))\ns.listen(1)\nprint("ready", flush=True)\nc, _ = s.accept()\nc.recv(1024)\nc.send(b"bye")\nc.close()`;
  const server = spawn("python3", ["-c", answerOnce]); // not zx: leaving its output unread there would stop the program
  const ended = once(server, "close"); // listened for now: it may come before the reply's own close is seen
  await once(server.stdout, "data");
  await rawHttp(port, ["GET / HTTP/1.0\r\n\r\n"]); // reads until the server closes, then closes
  await ended;
  await eventually(() => timeWaitOn(port) > 0, "the server's end of the connection is in TIME_WAIT");
  const { stdout, exitCode } = await cli([
    "show-request",
    "--port",
    String(port),
    "--",
    "python3",
    "exercises/show-request/solution.py",
    String(port),
  ]);
  assert.equal(exitCode, 1);
  assert.match(stdout, /Address already in use/);
  assert.match(stdout, /TIME_WAIT.*SO_REUSEADDR.*\n.*TIME_WAIT for a while .*s\.setsockopt\(SOL_SOCKET, SO_REUSEADDR, 1\) before bind/);
});

test("the command line forgives a missing --, an option npm took, and options after the exercise", async () => {
  const port = String(await freePort());
  const npm = await $({
    nothrow: true,
    cwd: ROOT,
  })`npm run -s check udp-server --port ${port} -- python3 exercises/udp-server/solution.py ${port}`;
  assert.equal(npm.exitCode, 0, npm.stdout + npm.stderr);
  assert.match(npm.stdout, new RegExp(`at 127\\.0\\.0\\.1:${port}\\n程序 program: python3 exercises/udp-server/solution\\.py ${port}\\n`));
  const forms: [string[], NodeJS.ProcessEnv, ReturnType<typeof readCommandLine>][] = [
    [["udp-server", "python3", "x.py"], {}, { name: "udp-server", options: {}, help: false, watch: false, command: ["python3", "x.py"] }],
    [
      ["udp-server", "--port", "9", "py", "-u", "x.py"],
      {},
      { name: "udp-server", options: { port: "9" }, help: false, watch: false, command: ["py", "-u", "x.py"] },
    ],
    [
      ["--port=9", "udp-server", "--", "python3", "--port", "x"],
      {},
      { name: "udp-server", options: { port: "9" }, help: false, watch: false, command: ["python3", "--port", "x"] },
    ],
    [
      ["udp-server", "python3", "x.py"],
      { npm_lifecycle_event: "check", npm_config_port: "9" },
      { name: "udp-server", options: { port: "9" }, help: false, watch: false, command: ["python3", "x.py"] },
    ],
  ];
  for (const [argv, env, expected] of forms) assert.deepEqual(readCommandLine(argv, env), expected, argv.join(" "));
  assert.throws(
    () => readCommandLine(["udp-server", "x"], { npm_lifecycle_event: "check", npm_config_port: "true", npm_config_host: "true" }),
    /put -- after check/,
  );
});

test.run();
