/**
 * Checks a learner's own program, in any language, over real sockets, with
 * the same black-box checks that test the lessons.
 *
 *   npm run check                                  the exercises, and which have passed here
 *   npm run check -- <exercise> [--host H] [--port N] [--dict PATH] [--page PATH] [-- <command…>]
 *
 * With a command, the checker starts the program, waits until it has bound
 * its port (or, for a client, plays the server), checks it, and stops it.
 * Without one, it checks the server already running at the address.
 * Exit code 0: every required check passed; 1: one failed; 2: bad usage.
 */
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandLine, nearestName, readCommandLine, USAGE, UsageError } from "./command_line.ts";
import { EXERCISES, exerciseNamed } from "./exercises/index.ts";
import { windows } from "./processes.ts";
import { stopEveryProgram } from "./program.ts";
import { readPasses } from "./report.ts";
import { checkExercise } from "./run.ts";
import type { Words } from "./types.ts";
import { programFolder, watchAndCheck } from "./watch.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Bad usage: one `error:` line, as the lessons' (中文 — English (usage: …)), exit code 2. */
function usageError([zh, en]: Words): never {
  console.error(`error: ${zh} — ${en} (usage: ${USAGE})`);
  process.exit(2);
}

/** The checker's options, for --help. */
const OPTIONS: [option: string, zh: string, en: string][] = [
  ["--port PORT", "你的程序用的端口（默认 8888，和课程一样）", "the port your program uses (8888, as in the course)"],
  ["--host HOST", "你的程序用的地址（默认 127.0.0.1）", "the address your program uses (127.0.0.1)"],
  ["--dict PATH", "word-server 读的单词本（默认 fixtures/dict.txt）", "the word book word-server reads (fixtures/dict.txt)"],
  ["--page PATH", "home-page 和 keep-alive 发送的主页（默认 index.html）", "the page home-page and keep-alive send (index.html)"],
  ["--watch", "检查以后等着：每保存一次就重新检查，按 Ctrl-C 结束", "check, then check again at every save; Ctrl-C ends"],
  [
    "-- <命令 command>",
    "你的程序的命令，比如 python3 exercises/udp-server/my_server.py",
    "your program's command, such as python3 exercises/udp-server/my_server.py",
  ],
];

function listExercises() {
  const passes = readPasses();
  console.log("练习 Exercises: npm run check -- <exercise> [-- <your program's command>]\n");
  for (const { name, section, title, role } of EXERCISES) {
    const passed = passes[name] ? `✓ 已通过 passed ${passes[name]}` : "";
    console.log(`  ${name.padEnd(13)} ${section} ${title[0]} — ${title[1]}  ${passed}`.trimEnd());
    const mine = join("exercises", name, `my_${role}.py`);
    console.log(`  ${"".padEnd(13)} npm run check -- ${name} -- ${windows ? "py" : "python3"} ${mine}`); // Windows' Python is py
  }
  console.log("\n每个练习的任务（中文和英文）和 Python、TypeScript 的起步文件在 exercises/<练习>/README.md。把起步文件复制成 my_server.py");
  console.log("（或 my_client.py、my_server.ts……），写好后检查它。");
  console.log("The task of each, in Chinese and English, and starters in Python and TypeScript: exercises/<exercise>/README.md.");
  console.log("Copy a starter to my_server.py (or my_client.py, my_server.ts, …), fill it in, check it.");
}

async function main() {
  let line: CommandLine;
  try {
    line = readCommandLine(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) usageError(err.words);
    throw err;
  }
  const { name, options: values, command } = line;
  if (line.help) {
    console.log(`用法 usage: ${USAGE}\n`);
    for (const [option, zh, en] of OPTIONS) console.log(`  ${option.padEnd(14)} ${zh}\n  ${"".padEnd(14)} ${en}`);
    console.log("");
    listExercises();
    return 0;
  }
  if (name === undefined) {
    listExercises();
    return 0;
  }
  const exercise = exerciseNamed(name);
  if (exercise === undefined) {
    const names = EXERCISES.map((each) => each.name);
    const near = nearestName(name, names);
    usageError([
      `没有叫 ${name} 的练习${near ? `，你是想输入 ${near} 吗？` : "。"}练习有：${names.join(", ")}`,
      `there is no exercise called ${name}${near ? `: did you mean ${near}?` : "."} The exercises: ${names.join(", ")}`,
    ]);
  }
  const host = (values.host ?? "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
  const port = Number(values.port ?? 8888);
  if (isIP(host) === 0 && host !== "localhost")
    usageError([
      `--host 应该是一个地址，比如 127.0.0.1，而不是 ${JSON.stringify(host)}`,
      `--host takes an address such as 127.0.0.1, not ${JSON.stringify(host)}`,
    ]);
  if (!/^\d{1,5}$/.test(values.port ?? "8888") || port < 1 || port > 65535) {
    usageError([
      `--port 应该是 1 到 65535 之间的整数，而不是 ${JSON.stringify(values.port)}`,
      `--port takes a whole number from 1 to 65535, not ${JSON.stringify(values.port)}`,
    ]);
  }
  if (exercise.role === "client" && command.length === 0) {
    usageError([
      `${name} 是客户端练习：在 -- 之后给出你的程序的命令，检查器扮演服务端，并向你的客户端输入`,
      `${name} is a client: give its command after --, and the checker plays the server and types into it`,
    ]);
  }
  const inputs: Record<string, string> = {};
  for (const { flag, file } of exercise.inputs ?? []) {
    inputs[flag] = values[flag] ?? join(ROOT, file);
    if (!existsSync(inputs[flag]))
      usageError([`--${flag} 指定的文件不存在：${inputs[flag]}`, `--${flag}: there is no file ${inputs[flag]}`]);
  }
  if (line.watch) {
    const folder = programFolder(command);
    if (folder === undefined) {
      const named = command.find((word) => /[\\/]|\.(py|ts|js|mjs)$/i.test(word) && !word.startsWith("-"));
      usageError(
        named
          ? [
              `找不到文件 ${named}：文件名写对了吗？--watch 监视它所在的文件夹`,
              `there is no file ${named}: is its name right? --watch watches its folder`,
            ]
          : [
              "--watch 要知道监视哪个文件夹：-- 之后的命令里要有你的程序文件，比如 python3 exercises/udp-server/my_server.py",
              "--watch watches your program's folder: the command after -- must name its file, as in python3 exercises/udp-server/my_server.py",
            ],
      );
    }
    const options = Object.entries(values).flatMap(([option, value]) => (value === undefined ? [] : [`--${option}=${value}`]));
    watchAndCheck(folder, [name, ...options, "--", ...command]); // the same check, without --watch

    return undefined;
  }
  stopOnSignal();
  return checkExercise({ name, host, port, inputs, command });
}

/**
 * Ctrl-C, or the terminal closed: the program runs in a process group of its own, so the checker stops it
 * (and any it would start next) before it ends.
 */
function stopOnSignal() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, async () => {
      await stopEveryProgram();
      console.log("\n检查被中断，你的程序也已停止 — the check was interrupted, and your program stopped");
      process.exit(130);
    });
  }
}

// `npm run check … | head`: once the pipe is closed, the rest of the report is dropped, and the checks
// run on to the end, so that the program is stopped and the exit code is right.
process.stdout.on("error", () => {});

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`error: 检查器自己出错了：${(err as Error).message} — the checker itself failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
