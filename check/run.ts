/**
 * Checks one exercise: starts the learner's program when given its command,
 * waits until it has bound its port (a client is started by its checks,
 * with the checker playing the server), makes what the exercise's setup
 * makes, runs the required checks and then the going-further ones, prints a
 * line for each, stops the program, and returns the exit code: 0 when every
 * required check passed, 1 when one failed.
 */
import { formatAddress } from "../lib/address.ts";
import { exerciseNamed } from "./exercises/index.ts";
import { describeHolder, pythonOnWindows, windowsError } from "./hints.ts";
import { inLanguage, languageOf, oneOfOurs } from "./language.ts";
import { askUdp, replyWindow, until } from "./net.ts";
import { notRunning } from "./not_running.ts";
import { portInUse, portsHeldBy } from "./ports.ts";
import { windows } from "./processes.ts";
import { type Program, startProgram } from "./program.ts";
import { describeOutcome, recordPass, summary, tail, WINDOWS_FORCED_STOP } from "./report.ts";
import { type AnyExercise, type Context, fail, type Outcome, skip, type Words } from "./types.ts";

/** How long a program may take to bind its port. */
const START_MS = 20_000;

export interface CheckRequest {
  name: string;
  host: string;
  port: number;
  /** Each input's file, by its flag's name (dict, page). */
  inputs: Record<string, string>;
  /** The learner's program's command; empty to check a server already running. */
  command: string[];
  /** How long the program may take to bind its port (20 s). */
  startMs?: number;
}

export async function checkExercise(
  { name, host, port, inputs, command, startMs = START_MS }: CheckRequest,
  print: (line: string) => void = console.log,
): Promise<number> {
  const exercise: AnyExercise | undefined = exerciseNamed(name);
  if (exercise === undefined) throw new Error(`no exercise ${name}`);
  const server = exercise.role === "server";
  /** A run that ends before any check: the reason, and the summary. */
  const noCheck = (check: Words, outcome: Outcome, [zh, en]: Words) => {
    for (const line of describeOutcome(check, outcome, false)) print(line);
    print(`\n未通过：${zh} — not yet: ${en}`);
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
        status: "fail",
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
    const holder = server ? describeHolder(exercise.protocol, port) : undefined;
    print(`程序 program: 已经在运行的那个 the one already running there${holder ? `: ${holder}` : ""}\n`);
  }

  const window = replyWindow();
  const inProgramsLanguage = inLanguage(languageOf(command));
  const context: Context<unknown> = {
    host,
    port,
    inputs,
    code: inProgramsLanguage,
    hint: inProgramsLanguage,
    state: undefined,
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
      if (server) {
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
  if (server) {
    if (context.restart) await context.restart();
    const program = context.program;
    if (portInUse(exercise.protocol, port) === false) {
      const outcome = notRunning(program, { exercise, address, port, command, startMs, otherPort });
      await program?.stop();
      return noCheck(["程序在运行", `the program is running at ${address}`], outcome, [
        "一项检查也没有做：程序没有在这个地址上运行",
        `no check was run: the program is not running at ${address}`,
      ]);
    }
  }

  try {
    context.state = await exercise.setup?.(context);
  } catch (err) {
    await context.program?.stop();
    const why = (err as Error).message;
    return noCheck(
      ["检查器准备好了这个练习", "the checker got the exercise ready"],
      fail([`检查器准备不了：${why}`, `the checker could not get ready: ${why}`]),
      ["一项检查也没有做", "no check was run"],
    );
  }

  let failed = 0;
  let passed = 0;
  let firstPassed = false;
  /** How the learner's server ended while it was being checked; no check after that can pass. */
  let endedEarly: { code: number | null; signal: string | null } | undefined;
  const checks = [
    ...exercise.required.map((check) => ({ check, further: false })),
    ...exercise.further.map((check) => ({ check, further: true })),
  ];
  for (const { check, further } of checks) {
    if (further && check === exercise.further[0]) print("\n进阶（不是必需的） going further (not required):");
    const endedBefore = server && !exercise.endsAfterRequest ? context.program?.ended() : undefined;
    endedEarly ??= endedBefore;
    let outcome: Outcome;
    // A server that crashed (exit code not 0) answers nothing more: the checks after that are not run. One
    // that ended by itself (it answered one request, and returned) is checked on, so each check says why.
    if (endedBefore && endedBefore.code !== 0)
      outcome = { status: "fail", unchecked: ["你的程序出错退出了", "your program ended with an error"] };
    else if (further && failed > 0) outcome = skip(["先通过必需的检查", "pass the required checks first"]);
    else if (check.afterFirst && !firstPassed) outcome = skip(["第一项检查没有通过", "the first check did not pass"]);
    else {
      outcome = await check.run(context).catch((err: Error) => fail(["检查器出错", `the checker failed: ${err.message}`]));
      // What passes once the learner's server has ended was answered by something else, or by nothing at all.
      if (endedBefore && outcome.status === "pass") outcome = skip(["你的程序已经退出", "your program had ended"]);
    }
    if (check === exercise.required[0]) firstPassed = outcome.status === "pass";
    for (const line of describeOutcome(check.name, outcome, further)) print(line);
    if (!further && outcome.status === "fail") failed++;
    if (!further && outcome.status === "pass") passed++;
  }
  const program = context.program;
  const printedBefore = program?.output() ?? ""; // not what it prints when stopped
  await program?.stop();
  await exercise.cleanup?.(context.state);

  const required = exercise.required.length;
  print("");
  if (windows && command.length > 0) print(`${WINDOWS_FORCED_STOP[0]}\n${WINDOWS_FORCED_STOP[1]}\n`);
  if (passed === required) {
    print(summary(required, passed, failed));
    if (command.length > 0 && !oneOfOurs(command)) recordPass(name); // a lesson's pass is not the learner's
    return 0;
  }
  // A required check that could not be run did not pass: with no command, say, the checker cannot see what the program prints.
  if (endedEarly) {
    const how = endedEarly.code ?? endedEarly.signal;
    print(`你的程序在检查中途退出了（退出码 ${how}） — your program ended during the checks (exit code ${how}); it printed, at the end:`);
    print(`${tail(printedBefore)}\n`);
  } else if (printedBefore.trim()) print(`你的程序最后打印的是 Your program printed, at the end:\n${tail(printedBefore)}\n`);
  const advice = pythonOnWindows(name, command, program) ?? windowsError(printedBefore);
  if (advice) print(`${advice[0]}\n${advice[1]}\n`);
  print(summary(required, passed, failed));
  return 1;
}
