/**
 * Runs lesson scripts as real processes, the way a learner does, and
 * datagram peers for them. Every process started here is stopped by
 * stopAll(), also when a test fails.
 */
import dgram from "node:dgram";
import { fileURLToPath } from "node:url";
import { $, type ProcessPromise } from "zx";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

$.cwd = ROOT;
$.verbose = false;
$.quiet = true;

const running = new Set<ProcessPromise>();

/** The path of a lesson script. */
export function script(name: string): string {
  return `scripts/${name}.ts`;
}

export interface Running {
  /** Everything the process has printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Writes to the process's stdin. */
  write(text: string): void;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp | string, ms?: number): Promise<string>;
  /** Sends a signal (Ctrl-C by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface Server extends Running {
  host: string;
  port: number;
}

/** Starts a lesson script and keeps it running; stdin stays open. */
export function start(name: string, args: string[] = []): Running {
  const child = $`node --import tsx ${script(name)} ${args}`.nothrow();
  running.add(child);
  let out = "";
  let err = "";
  let exited = false;
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiters) wake();
  };
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    wakeAll();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  child.then(() => {
    exited = true;
    running.delete(child);
    wakeAll();
  });

  const waitFor = (pattern: RegExp | string, ms = 5_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = out.split("\n").find((l) => (typeof pattern === "string" ? l.includes(pattern) : pattern.test(l)));
        if (line !== undefined) finish(() => resolve(line));
        else if (exited) finish(() => reject(new Error(`${name} exited before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${name} did not print ${pattern} within ${ms} ms\nstdout: ${out}\nstderr: ${err}`))),
        ms,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    stdout: () => out,
    stderr: () => err,
    write: (text) => child.stdin.write(text),
    waitFor,
    async stop(signal = "SIGINT") {
      if (!exited) child.kill(signal).catch(() => {});
      return (await child).exitCode;
    },
  };
}

/**
 * Starts a lesson server on a free port (--port 0) and waits for its
 * `listening on HOST:PORT` line.
 */
export async function startServer(name: string, args: string[] = [], ms = 10_000): Promise<Server> {
  const process = start(name, ["--port", "0", ...args]);
  const line = await process.waitFor("listening on", ms);
  const match = /listening on (?:\[([^\]]+)\]|([^\s:]+)):(\d+)/.exec(line);
  if (!match) throw new Error(`cannot read the address in ${JSON.stringify(line)}`);
  return { ...process, host: (match[1] ?? match[2]) as string, port: Number(match[3]) };
}

export interface Finished {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs a lesson script to its end, with `input` on stdin. */
export async function run(name: string, args: string[] = [], input = "", ms = 15_000, env: Record<string, string> = {}): Promise<Finished> {
  // A Buffer, so that even empty input reaches the script as an ended stdin;
  // SIGKILL on time-out, so that a hang cannot pass for a clean exit.
  const stdin = Buffer.from(input, "utf8");
  const child = $({
    input: stdin,
    timeout: ms,
    timeoutSignal: "SIGKILL",
    env: { ...process.env, ...env },
  })`node --import tsx ${script(name)} ${args}`.nothrow();
  running.add(child);
  const result = await child;
  running.delete(child);
  return { stdout: result.stdout, stderr: result.stderr, code: result.exitCode };
}

/**
 * Stops every process still running: call it from an after.each hook. Ctrl-C
 * first, so that each writes its coverage; SIGKILL for any still there 3 s on.
 */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      await child.kill("SIGINT").catch(() => {});
      const timer = setTimeout(() => child.kill("SIGKILL").catch(() => {}), 3_000);
      await child.catch(() => {});
      clearTimeout(timer);
      running.delete(child);
    }),
  );
}

/** Sends one datagram from a fresh socket and waits for one reply (null after `ms`). */
export function ask(port: number, message: Uint8Array | string, host = "127.0.0.1", ms = 3_000): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, ms);
    socket.on("error", (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
    socket.on("message", (data) => {
      clearTimeout(timer);
      socket.close();
      resolve(data);
    });
    socket.send(message, port, host);
  });
}

/** Runs a short Python program with `python3 -c` and returns what it printed. */
export async function python(program: string, ms = 10_000): Promise<string> {
  const result = await $({ timeout: ms })`python3 -c ${program}`;
  return result.stdout;
}
