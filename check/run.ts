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
import { type Context, EXERCISES, type Exercise, type Outcome, type Words } from "./exercises.ts";
import { ADDRESS_IN_USE, addressInUseHelp, COMMAND_NOT_FOUND, describeHolder, pythonOnWindows, windowsError } from "./hints.ts";
import { askUdp, replyWindow, until } from "./net.ts";
import { portInUse, portsHeldBy } from "./ports.ts";
import { windows } from "./processes.ts";
import { type Program, startProgram } from "./program.ts";

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
  if (text === "") return "      （什么也没打印 it printed nothing）";
  return text
    .split("\n")
    .slice(-6)
    .map((line) => `      │ ${showText(line).slice(0, 160)}`)
    .join("\n");
}

function unknownExercise(name: string): never {
  throw new Error(`no exercise ${name}`);
}

/** The labels of a failed check's lines, in both languages, and how far the English line of `likely` is indented. */
const LABELS = { sent: "发送 sent:    ", got: "收到 got:     ", likely: "原因 likely:  ", width: 14 };

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
  const exercise: Exercise = EXERCISES[name] ?? unknownExercise(name);

  const printOutcome = (check: Words, outcome: Outcome, further: boolean) => {
    const mark = !outcome.ok ? "✗" : outcome.skipped ? "-" : "✓"; // a check that could not run after a crash did not pass
    print(`${further ? "  " : ""}${mark} ${check[0]} — ${check[1]}`);
    const pad = further ? "      " : "    ";
    if (outcome.skipped) print(`${pad}未检查 not checked: ${outcome.skipped[0]} — ${outcome.skipped[1]}`);
    if (outcome.ok) return;
    if (outcome.sent) print(`${pad}${LABELS.sent}${outcome.sent}`);
    if (outcome.got) print(`${pad}${LABELS.got}${outcome.got}`);
    if (outcome.why) print(`${pad}${LABELS.likely}${outcome.why[0]}\n${pad}${" ".repeat(LABELS.width)}${outcome.why[1]}`);
  };
  /** A run that ends before any check: the reason, and the summary. */
  const noCheck = (check: Words, outcome: Outcome, summary: Words) => {
    printOutcome(check, outcome, false);
    print(`\n未通过：${summary[0]} — not yet: ${summary[1]}`);
    return 1;
  };

  const address = formatAddress(host, port);
  const where = `${address} (${exercise.protocol.toUpperCase()})`;
  print(`${name}: ${exercise.section} ${exercise.title[0]} — ${exercise.title[1]}, at ${address}`);

  // The checker checks only the program it starts: a port someone else holds ends the run before any check.
  if (command.length > 0 && portInUse(exercise.protocol, port) === true) {
    print(`程序 program: ${command.join(" ")}\n`);
    return noCheck(
      ["端口没有被别的程序占用", `no other program holds ${where}`],
      {
        ok: false,
        got: `${where} 已被占用 is held by ${describeHolder(exercise.protocol, port) ?? "another program"}`,
        why: [
          "先在那个程序的终端里按 Ctrl-C 停掉它，或者换一个端口：你的程序里的 ADDR 和检查器的 --port 要是同一个端口",
          "stop it first (Ctrl-C in its terminal), or use another port: your program's ADDR and the checker's --port must name the same one",
        ],
      },
      ["一项检查也没有做：端口属于别的程序", "no check was run: the port belongs to another program"],
    );
  }
  if (command.length > 0) print(`程序 program: ${command.join(" ")}\n`);
  else {
    const holder = exercise.client ? undefined : describeHolder(exercise.protocol, port);
    print(`程序 program: 已经在运行的那个 the one already running there${holder ? `: ${holder}` : ""}\n`);
  }

  const window = replyWindow();
  const context: Context = {
    host,
    port,
    dict,
    page,
    atEnd: [],
    endsAfterRequest: exercise.endsAfterRequest,
    replyMs: window.ms,
    sawRoundTrip: window.saw,
    async ask(message) {
      const sent = performance.now();
      const ms = window.ms();
      // A program that has ended answers nothing: no need to wait out the window for it.
      const ended = context.program?.waitForEnd(ms).then((done) => (done ? null : new Promise<null>(() => {})));
      const reply = await Promise.race([askUdp(host, port, message, ms), ...(ended ? [ended] : [])]);
      if (reply) window.saw(performance.now() - sent);
      return reply;
    },
  };
  /** A port of the exercise's protocol that the program holds instead of `port`, where the system tells. */
  const otherPort = (program: Program) =>
    program.pid === undefined ? undefined : portsHeldBy(program.pid, exercise.protocol).find((held) => held !== port);
  if (command.length > 0) {
    context.restart = async () => {
      await context.program?.stop();
      const program = startProgram(command);
      context.program = program;
      if (!exercise.client) {
        // Polls in a row that found the program on another port and not on ours; looked for only once a
        // program has had a moment to bind (reading every process's sockets costs more than a table).
        const started = performance.now();
        let elsewhere = 0;
        const boundElsewhere = () => {
          if (performance.now() - started < 300) return false;
          elsewhere = otherPort(program) === undefined ? 0 : elsewhere + 1;
          return elsewhere >= 2;
        };
        const ready = await until(
          () => portInUse(exercise.protocol, port) !== false, // where the system does not tell, go ahead and check
          startMs,
          () => program.ended() !== undefined || boundElsewhere(),
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
    if (portInUse(exercise.protocol, port) === false) {
      const outcome = notRunning(program);
      await program?.stop();
      return noCheck(["程序在运行", `the program is running at ${address}`], outcome, [
        "一项检查也没有做：程序没有在这个地址上运行",
        `no check was run: the program is not running at ${address}`,
      ]);
    }
  }

  /** Why the server is not running at the address: it was not started, it ended, or it bound another port. */
  function notRunning(program: Program | undefined): Outcome {
    if (program === undefined) {
      return {
        ok: false,
        why: [
          `${address} 上没有服务端：先启动它，或者在 -- 之后给出它的命令`,
          `nothing listens at ${address}: start your server first, or give its command after --`,
        ],
      };
    }
    const output = program.output();
    const ended = program.ended();
    if (ended) {
      return {
        ok: false,
        got:
          ended.code === null && ended.signal === null
            ? `启动不了 it could not be started; it printed:\n${tail(output)}`
            : `在绑定 ${address} 之前就退出了（退出码 ${ended.code ?? ended.signal}） — it ended (exit code ${ended.code ?? ended.signal}) before it bound ${address}; it printed:\n${tail(output)}`,
        why: (ADDRESS_IN_USE.test(output) ? addressInUseHelp(exercise.protocol, port) : undefined) ??
          pythonOnWindows(name, command, program) ??
          (ended.code === null && ended.signal === null && /ENOENT/.test(output) ? COMMAND_NOT_FOUND : undefined) ??
          windowsError(output) ?? [
            "看看上面的输出：是语法错误、端口被占用，还是别的错误？",
            "read what it printed above: a syntax error, a port in use, or another error?",
          ],
      };
    }
    const other = otherPort(program);
    if (other !== undefined) {
      return {
        ok: false,
        got: `它绑定的是端口 ${other}，不是 ${port} — it bound port ${other}, not ${port}`,
        why: [
          `你的程序绑定的是端口 ${other}：用 --port ${other} 告诉检查器，或者把程序里的 ADDR 改成 ${port}`,
          `your program bound port ${other}: tell the checker with --port ${other}, or change the program's ADDR to ${port}`,
        ],
      };
    }
    return {
      ok: false,
      got: `after ${startMs / 1000} s nothing is bound to ${address}; it printed:\n${tail(output)}`,
      why: [
        "程序绑定的是别的地址或端口吗？用 --port 告诉检查器它用的端口",
        "does the program bind another address or port? tell the checker its port with --port",
      ],
    };
  }

  let failed = 0;
  let passed = 0;
  let shownFurther = false;
  let firstPassed = false;
  /** How the learner's server ended while it was being checked; no check after that can pass. */
  let endedEarly: { code: number | null; signal: string | null } | undefined;
  for (const check of exercise.checks) {
    if (check.further && !shownFurther) {
      print("\n进阶（不是必需的） going further (not required):");
      shownFurther = true;
    }
    const endedBefore = !exercise.client && !exercise.endsAfterRequest ? context.program?.ended() : undefined;
    endedEarly ??= endedBefore;
    let outcome: Outcome;
    // A server that crashed (exit code not 0) answers nothing more: the checks after that are not run. One
    // that ended by itself (it answered one request, and returned) is checked on, so each check says why.
    if (endedBefore && endedBefore.code !== 0) outcome = { ok: false, skipped: ["你的程序出错退出了", "your program ended with an error"] };
    else if (check.further && failed > 0) outcome = { ok: true, skipped: ["先通过必需的检查", "pass the required checks first"] };
    else if (check.afterFirst && !firstPassed) outcome = { ok: true, skipped: ["第一项检查没有通过", "the first check did not pass"] };
    else {
      outcome = await check
        .run(context)
        .catch((err: Error): Outcome => ({ ok: false, why: ["检查器出错", `the checker failed: ${err.message}`] }));
      // What passes once the learner's server has ended was answered by something else, or by nothing at all.
      if (endedBefore && outcome.ok && !outcome.skipped) outcome = { ok: true, skipped: ["你的程序已经退出", "your program had ended"] };
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
  if (windows && command.length > 0) {
    print(
      "注意：在 Windows 上，检查器只能强制结束你的程序（Windows 不能向另一个控制台里的程序发送 Ctrl-C），程序收到 Ctrl-C 时要做的事不会运行。",
    );
    print(
      "Note: on Windows the checker stops your program by force (Windows cannot send Ctrl-C to another console's program), so what it does on Ctrl-C does not run.\n",
    );
  }
  if (failed === 0) {
    const unchecked: [string, string] = passed < required ? ["，其余的没法检查", ", the others could not be checked"] : ["", ""];
    print(
      `通过：必需的 ${required} 项检查通过了 ${passed} 项${unchecked[0]} — passed: ${passed} of ${required} required checks passed${unchecked[1]}.`,
    );
    if (passed === required) recordPass(name);
    return 0;
  }
  if (endedEarly) {
    const how = endedEarly.code ?? endedEarly.signal;
    print(`你的程序在检查中途退出了（退出码 ${how}） — your program ended during the checks (exit code ${how}); it printed, at the end:`);
    print(`${tail(printedBefore)}\n`);
  } else if (printedBefore.trim()) print(`你的程序最后打印的是 Your program printed, at the end:\n${tail(printedBefore)}\n`);
  const advice = pythonOnWindows(name, command, program) ?? windowsError(printedBefore);
  if (advice) print(`${advice[0]}\n${advice[1]}\n`);
  const notChecked = required - failed - passed; // since a check they need did not pass
  const others: [string, string] = notChecked > 0 ? [`，${notChecked} 项没有检查`, `, ${notChecked} could not be checked`] : ["", ""];
  print(
    `未通过：必需的 ${required} 项检查有 ${failed} 项没有通过${others[0]} — not yet: ${failed} of ${required} required checks did not pass${others[1]}.`,
  );
  return 1;
}
