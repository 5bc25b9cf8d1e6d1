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
import { parseArgs } from "node:util";
import { EXERCISES, type Exercise } from "./exercises.ts";
import { runningPrograms } from "./program.ts";
import { checkExercise, readPasses } from "./run.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const USAGE = "npm run check -- <exercise> [--host HOST] [--port PORT] [--dict PATH] [--page PATH] [-- <command…>]";

function usageError(zh: string, en: string): never {
  console.error(`error: ${en} (${zh})\nusage: ${USAGE}`);
  process.exit(2);
}

function listExercises() {
  const passes = readPasses();
  console.log("练习 Exercises: npm run check -- <exercise> [-- <your program's command>]\n");
  for (const [name, exercise] of Object.entries(EXERCISES)) {
    const passed = passes[name] ? `✓ passed ${passes[name]}` : "";
    console.log(`  ${name.padEnd(13)} ${exercise.section} ${exercise.title[0]} — ${exercise.title[1]}  ${passed}`.trimEnd());
    const mine = join("exercises", name, exercise.client ? "my_client.py" : "my_server.py");
    console.log(`  ${"".padEnd(13)} npm run check -- ${name} -- python3 ${mine}`);
  }
  console.log("\n每个练习的任务和起步文件 The task of each, in Chinese and English, and starters in Python and TypeScript:");
  console.log("exercises/<exercise>/README.md. Copy a starter to my_server.py (or my_client.py, my_server.ts, …), fill it in, check it.");
}

async function main() {
  const argv = process.argv.slice(2);
  const split = argv.indexOf("--");
  const command = split === -1 ? [] : argv.slice(split + 1);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  const options = {
    host: { type: "string" },
    port: { type: "string" },
    dict: { type: "string" },
    page: { type: "string" },
    help: { type: "boolean", short: "h" },
  } as const;
  try {
    parsed = parseArgs({ args: split === -1 ? argv : argv.slice(0, split), options, allowPositionals: true, strict: true });
  } catch (err) {
    usageError("命令行参数有误", (err as Error).message.replace(/\s*\n\s*/g, " "));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(`usage: ${USAGE}`);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined) {
    listExercises();
    return 0;
  }
  const exercise: Exercise | undefined = EXERCISES[name];
  if (exercise === undefined || extra.length > 0) {
    usageError(
      `没有这个练习：${name}；练习有 ${Object.keys(EXERCISES).join(", ")}`,
      `no exercise is called ${[name, ...extra].join(" ")}: they are ${Object.keys(EXERCISES).join(", ")}; put your program's command after --`,
    );
  }
  const host = (values.host ?? "127.0.0.1").replace(/^\[(.*)\]$/, "$1");
  const port = Number(values.port ?? 8888);
  if (isIP(host) === 0 && host !== "localhost")
    usageError("--host 应该是一个地址，比如 127.0.0.1", `--host takes an address such as 127.0.0.1, not ${JSON.stringify(host)}`);
  if (!/^\d{1,5}$/.test(values.port ?? "8888") || port < 1 || port > 65535) {
    usageError("--port 应该是 1 到 65535 之间的整数", `--port takes a whole number from 1 to 65535, not ${JSON.stringify(values.port)}`);
  }
  if (exercise.client && command.length === 0) {
    usageError(
      "客户端练习需要你的程序的命令：检查器扮演服务端，并向你的客户端输入",
      `${name} is a client: give its command after --, and the checker plays the server and types into it`,
    );
  }
  const dict = values.dict ?? join(ROOT, "fixtures", "dict.txt");
  const page = values.page ?? join(ROOT, "index.html");
  for (const [flag, file] of [
    ["--dict", dict],
    ["--page", page],
  ]) {
    if (!existsSync(file as string)) usageError(`${flag} 指定的文件不存在`, `${flag}: there is no file ${file}`);
  }

  return checkExercise({ name, host, port, dict, page, command });
}

// `npm run check … | head`: once the pipe is closed, the rest of the report is dropped, and the checks
// run on to the end, so that the program is stopped and the exit code is right.
process.stdout.on("error", () => {});

// Ctrl-C: the program runs in a process group of its own, so the checker stops it before it ends.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await Promise.all([...runningPrograms].map((program) => program.stop()));
    process.exit(130);
  });
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error(`error: the checker itself failed: ${(err as Error).message}`);
  process.exitCode = 1;
}
