/**
 * The learner's program, run by the checker: started from a command in any
 * language, its output collected as it comes, its input written line by
 * line, and stopped at the end as Ctrl-C would, harder if it will not stop.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { startCommand, stopTree, windows } from "./processes.ts";

export interface Program {
  /** The command, as one line, for messages. */
  readonly command: string;
  /** Its process id, once started. */
  readonly pid: number | undefined;
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
  /** Ctrl-C, then SIGKILL if it has not ended 3 s later; on Windows, by force at once. */
  stop(): Promise<void>;
}

/** Every program started and not yet stopped, for a Ctrl-C of the checker itself to stop. */
const runningPrograms = new Set<Program>();
let stopping = false;

/** Stops every program started and not yet stopped, and starts no other: for a Ctrl-C of the checker. */
export async function stopEveryProgram(): Promise<void> {
  stopping = true;
  while (runningPrograms.size > 0) await Promise.all([...runningPrograms].map((program) => program.stop()));
}

/**
 * Decodes what a program prints: UTF-8, as Python prints with PYTHONIOENCODING; on Windows, output that
 * is not UTF-8 (cmd's own messages) in the console's code page, GBK on a Chinese Windows.
 */
function outputDecoder(): (chunk: Buffer) => string {
  let decoder = new TextDecoder("utf-8", { fatal: windows });
  return (chunk) => {
    try {
      return decoder.decode(chunk, { stream: true });
    } catch {
      decoder = new TextDecoder(consoleEncoding());
      return decoder.decode(chunk, { stream: true });
    }
  };
}

/** The encoding of this Windows console's code page (chcp), as TextDecoder names it. */
function consoleEncoding(): string {
  const page = /(\d+)/.exec(spawnSync("cmd.exe", ["/d", "/c", "chcp"], { encoding: "latin1", windowsHide: true }).stdout ?? "")?.[1];
  const names: Record<string, string> = { "936": "gbk", "950": "big5", "932": "shift_jis", "949": "euc-kr", "65001": "utf-8" };
  try {
    return new TextDecoder(names[page ?? ""] ?? `windows-${page}`).encoding;
  } catch {
    return "utf-8";
  }
}

export function startProgram(argv: string[]): Program {
  let child: ChildProcess | undefined;
  let output = "";
  let end: { code: number | null; signal: string | null } | undefined;
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of wakers) waker();
  };
  try {
    if (stopping) throw new Error("the check was interrupted");
    // A Python program's print is written at once, as in a terminal, so that the checker sees each line when it is printed.
    child = startCommand(argv, { ...process.env, PYTHONUNBUFFERED: "1", PYTHONIOENCODING: "utf-8" });
  } catch (err) {
    output = `(启动不了 it could not be started: ${(err as Error).message})`;
    end = { code: null, signal: null };
  }
  for (const stream of [child?.stdout, child?.stderr]) {
    const decode = outputDecoder(); // one each: a character split between two chunks stays in its own stream
    stream?.on("data", (chunk: Buffer) => {
      output += decode(chunk);
      wake();
    });
  }
  child?.stdin?.on("error", () => {}); // it ended, or closed its input: what is typed is lost, as in a terminal
  child?.on("error", (err) => {
    output += `(启动不了 it could not be started: ${err.message})`;
    end ??= { code: null, signal: null };
    wake();
  });
  child?.on("exit", (code, signal) => {
    // What it printed last may still be on its way through the pipes: it has ended once they have
    // closed too, or a second after its exit, should a process it started still hold them open.
    const ended = () => {
      clearTimeout(grace);
      end ??= { code, signal };
      wake();
    };
    const grace = setTimeout(ended, 1000);
    child?.once("close", ended);
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
    pid: child?.pid,
    output: () => output,
    ended: () => end,
    type(line) {
      if (end === undefined && child?.stdin?.writable) child.stdin.write(`${line}\n`);
    },
    waitForOutput: (test, ms) => waitUntil(() => test(output), ms),
    waitForEnd: (ms) => waitUntil(() => end !== undefined, ms), // no listener is left behind after `ms`
    async stop() {
      runningPrograms.delete(program);
      if (child !== undefined) await stopTree(child, { group: true });
    },
  };
  runningPrograms.add(program);
  return program;
}
