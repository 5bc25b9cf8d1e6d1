/**
 * The learner's program, run by the checker: started from a command in any
 * language, its output collected as it comes, its input written line by
 * line, and stopped at the end as Ctrl-C would, harder if it will not stop.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";

export interface Program {
  /** The command, as one line, for messages. */
  readonly command: string;
  /** Everything printed so far, stdout and stderr together, in order. */
  output(): string;
  /** Whether it has ended, and how. */
  ended(): { code: number | null; signal: string | null } | undefined;
  /** Types a line, with its newline, into its standard input. */
  type(line: string): void;
  /** Resolves true once `test` holds for its output, false once it ends or `ms` pass without. */
  waitForOutput(test: (output: string) => boolean, ms: number): Promise<boolean>;
  /** Resolves true once it ends, false after `ms`. */
  waitForEnd(ms: number): Promise<boolean>;
  /** Ctrl-C, then SIGKILL if it has not ended 3 s later. */
  stop(): Promise<void>;
}

/**
 * Starts `argv`. A Python program's print is written at once
 * (PYTHONUNBUFFERED), as it would be in a terminal, so that the checker sees
 * each line when the program prints it.
 */
const windows = process.platform === "win32";

/** Sends a signal to the program and every process it started. */
function signal(child: ChildProcessWithoutNullStreams, name: NodeJS.Signals) {
  try {
    if (windows || child.pid === undefined) child.kill(name);
    else process.kill(-child.pid, name);
  } catch {
    // it has ended already
  }
}

/** Every program started and not yet stopped, for a Ctrl-C of the checker itself to stop. */
export const runningPrograms = new Set<Program>();

export function startProgram(argv: string[]): Program {
  const [file = "", ...args] = argv;
  let child: ChildProcessWithoutNullStreams | undefined;
  let output = "";
  let end: { code: number | null; signal: string | null } | undefined;
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of wakers) waker();
  };
  try {
    child = spawn(file, args, {
      env: { ...process.env, PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8" },
      shell: windows, // npx, py and friends are .cmd files there
      detached: !windows, // a process group of its own, so that Ctrl-C reaches all of it (npx, and the node it starts)
    });
  } catch (err) {
    output = `(it could not be started: ${(err as Error).message})`;
    end = { code: null, signal: null };
  }
  child?.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    wake();
  });
  child?.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
    wake();
  });
  child?.stdin.on("error", () => {}); // it ended, or closed its input: what is typed is lost, as in a terminal
  child?.on("error", (err) => {
    output += `(it could not be started: ${err.message})`;
    end ??= { code: null, signal: null };
    wake();
  });
  child?.on("exit", (code, signal) => {
    end ??= { code, signal };
    wake();
  });

  const waitUntil = (test: () => boolean, ms: number) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (test()) finish(true);
        else if (end !== undefined) finish(false);
      };
      const timer = setTimeout(() => finish(test()), ms);
      const finish = (result: boolean) => {
        clearTimeout(timer);
        wakers.delete(check);
        resolve(result);
      };
      wakers.add(check);
      check();
    });

  const program: Program = {
    command: argv.join(" "),
    output: () => output,
    ended: () => end,
    type(line) {
      if (end === undefined && child?.stdin.writable) child.stdin.write(`${line}\n`);
    },
    waitForOutput: (test, ms) => waitUntil(() => test(output), ms),
    waitForEnd: (ms) =>
      new Promise<boolean>((resolve) => {
        if (end !== undefined) return resolve(true);
        const timer = setTimeout(() => resolve(end !== undefined), ms);
        child?.once("exit", () => {
          clearTimeout(timer);
          resolve(true);
        });
      }),
    async stop() {
      runningPrograms.delete(program);
      if (child === undefined) return;
      const running = end === undefined;
      signal(child, "SIGINT");
      const timer = setTimeout(() => child && signal(child, "SIGKILL"), 3_000);
      if (running) await new Promise<void>((resolve) => (end !== undefined ? resolve() : child?.once("exit", () => resolve())));
      clearTimeout(timer);
      signal(child, "SIGKILL"); // anything it started and left behind
      runningPrograms.delete(program);
    },
  };
  runningPrograms.add(program);
  return program;
}
