/**
 * Checks one exercise: starts the learner's program when given its command,
 * waits until it has bound its port (a client is started by its checks,
 * with the checker playing the server), runs the checks, prints a line for
 * each, stops the program, and returns the exit code: 0 when every required
 * check passed, 1 when one failed.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatAddress } from "../lib/address.ts";
import { showText } from "../lib/safe_text.ts";
import { type Context, EXERCISES, type Outcome, type Words } from "./exercises.ts";
import { portInUse, until } from "./net.ts";
import { startProgram } from "./program.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Which exercises have passed on this machine (gitignored). */
export const PASSES = join(ROOT, ".check", "passed.json");
/** How long a program may take to bind its port. */
const START_MS = 20_000;

export function readPasses(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(PASSES, "utf8"));
  } catch {
    return {};
  }
}

function recordPass(exercise: string) {
  const passes = { ...readPasses(), [exercise]: new Date().toISOString().slice(0, 10) };
  mkdirSync(dirname(PASSES), { recursive: true });
  writeFileSync(PASSES, `${JSON.stringify(passes, null, 2)}\n`);
}

/** The tail of what a program printed, shown safely. */
function tail(output: string): string {
  const text = output.trim();
  if (text === "") return "      (it printed nothing)";
  return text
    .split("\n")
    .slice(-6)
    .map((line) => `      │ ${showText(line).slice(0, 160)}`)
    .join("\n");
}

export interface CheckRequest {
  name: string;
  host: string;
  port: number;
  dict: string;
  page: string;
  /** The learner's program's command; empty to check a server already running. */
  command: string[];
  /** How long the program may take to bind its port (20 s). */
  startMs?: number;
}

export async function checkExercise(
  { name, host, port, dict, page, command, startMs = START_MS }: CheckRequest,
  print: (line: string) => void = console.log,
): Promise<number> {
  const exercise = EXERCISES[name];
  if (exercise === undefined) throw new Error(`no exercise ${name}`);

  const printOutcome = (check: Words, outcome: Outcome, further: boolean) => {
    const mark = outcome.skipped ? "-" : outcome.ok ? "✓" : "✗";
    print(`${further ? "  " : ""}${mark} ${check[0]} — ${check[1]}`);
    const pad = further ? "      " : "    ";
    if (outcome.skipped) print(`${pad}not checked: ${outcome.skipped[1]} (${outcome.skipped[0]})`);
    if (outcome.ok) return;
    if (outcome.sent) print(`${pad}sent:   ${outcome.sent}`);
    if (outcome.got) print(`${pad}got:    ${outcome.got}`);
    if (outcome.why) print(`${pad}likely: ${outcome.why[0]}\n${pad}        ${outcome.why[1]}`);
  };

  const address = formatAddress(host, port);
  print(`${name}: ${exercise.section} ${exercise.title[0]} — ${exercise.title[1]}, at ${address}`);
  print(command.length ? `program: ${command.join(" ")}\n` : "program: the one already running there\n");

  const context: Context = { host, port, dict, page, atEnd: [] };
  if (command.length > 0) {
    context.restart = async () => {
      await context.program?.stop();
      const program = startProgram(command);
      context.program = program;
      if (!exercise.client) {
        const ready = await until(
          () => portInUse(exercise.protocol, port),
          startMs,
          () => program.ended() !== undefined,
        );
        if (!ready) return undefined;
      }
      return program;
    };
  }

  // A server: started, and ready once its port is bound.
  if (!exercise.client) {
    if (context.restart) await context.restart();
    const program = context.program;
    if (!portInUse(exercise.protocol, port)) {
      const ended = program?.ended();
      print(`✗ 程序在 ${address} 上运行 — the program is running at ${address}`);
      if (program === undefined) {
        print(`    likely: ${address} 上没有服务端：先启动它，或者在 -- 之后给出它的命令`);
        print(`            nothing listens at ${address}: start your server first, or give its command after --`);
      } else if (ended) {
        print(
          `    got:    it ended (exit code ${ended.code ?? ended.signal}) before it bound ${address}; it printed:\n${tail(program.output())}`,
        );
        print("    likely: 看看上面的输出：是语法错误、端口被占用，还是别的错误？");
        print("            read what it printed above: a syntax error, a port in use, or another error?");
      } else {
        print(`    got:    after ${startMs / 1000} s nothing is bound to ${address}; it printed:\n${tail(program.output())}`);
        print(`    likely: 程序绑定的是别的地址或端口吗？用 --port 告诉检查器它用的端口`);
        print(`            does the program bind another address or port? tell the checker its port with --port`);
      }
      await program?.stop();
      return 1;
    }
  }

  let failed = 0;
  let passed = 0;
  let shownFurther = false;
  let firstPassed = false;
  for (const check of exercise.checks) {
    if (check.further && !shownFurther) {
      print("\n进阶 going further (not required):");
      shownFurther = true;
    }
    let outcome: Outcome;
    if (check.further && failed > 0) outcome = { ok: true, skipped: ["先通过必需的检查", "pass the required checks first"] };
    else if (check.afterFirst && !firstPassed) outcome = { ok: true, skipped: ["第一项检查没有通过", "the first check did not pass"] };
    else {
      outcome = await check
        .run(context)
        .catch((err: Error): Outcome => ({ ok: false, why: ["检查器出错", `the checker failed: ${err.message}`] }));
    }
    if (check === exercise.checks[0]) firstPassed = outcome.ok && !outcome.skipped;
    printOutcome(check.name, outcome, check.further === true);
    if (!check.further && !outcome.ok) failed++;
    if (!check.further && outcome.ok && !outcome.skipped) passed++;
  }
  const program = context.program;
  const printedBefore = program?.output() ?? ""; // not what it prints when stopped
  await program?.stop();
  for (const close of context.atEnd) close();

  const required = exercise.checks.filter((check) => !check.further).length;
  print("");
  if (failed === 0) {
    print(`通过 passed: ${passed} of ${required} required checks passed${passed < required ? ", the others could not be checked" : ""}.`);
    if (passed === required) recordPass(name);
    return 0;
  }
  if (printedBefore.trim()) print(`Your program printed, at the end:\n${tail(printedBefore)}\n`);
  print(`未通过 not yet: ${failed} of ${required} required checks failed.`);
  return 1;
}
