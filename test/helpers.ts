/**
 * Runs lesson scripts as real processes, the way a learner does, and
 * datagram peers for them. Every process started here is stopped by
 * stopAll(), also when a test fails.
 */
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { $, type ProcessPromise } from "zx";
import { askUdp, until } from "../check/net.ts";
import { socketRows } from "../check/ports.ts";
import { stopTree } from "../check/processes.ts";
import { listeningAddress } from "../lib/listening.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

// The checker's record of passes is the learner's: the tests, and every process they start, keep theirs apart.
process.env.SOCKET_LESSONS_PASSES ??= join(ROOT, "test-output", "passed.json");

$.cwd = ROOT;
$.verbose = false;
$.quiet = true;

const running = new Set<ProcessPromise>();

/**
 * How lesson scripts are run: tsx on this Node by default. test/runtimes.ts
 * sets it to Node 22, Deno or Bun in turn.
 */
export const runtime: { command: string[] } = { command: ["node", "--import", "tsx"] };

/** The path of a lesson script. */
export function script(name: string): string {
  return `scripts/${name}.ts`;
}

/**
 * The command that runs a lesson (or a file of another folder): its bundle when test/run.ts built them
 * (test/build.ts), else the runtime (tsx by default) with the script.
 */
export function lessonCommand(name: string, folder = "scripts"): string[] {
  const bundle = process.env.LESSON_BUNDLES && join(process.env.LESSON_BUNDLES, "..", folder, `${name}.mjs`);
  if (bundle && runtime.command[0] === "node" && runtime.command[2] === "tsx" && existsSync(bundle)) return ["node", bundle];
  return [...runtime.command, `${folder}/${name}.ts`];
}

/** The checker's command (npm run check), built like the lessons when the tests built them. */
export const checkerCommand = (): string[] => lessonCommand("check", "check");

export interface Running {
  /** Its process id, once started. */
  pid(): number | undefined;
  /** Everything the process has printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Writes to the process's stdin. */
  write(text: string): void;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp | string, ms?: number): Promise<string>;
  /** Sends a signal (Ctrl-C by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process ends by itself; rejects after `ms`. */
  ended(ms?: number): Promise<number | null>;
}

export interface Server extends Running {
  host: string;
  port: number;
}

/**
 * Starts a lesson script and keeps it running; stdin stays open. stopAll()
 * stops it, unless `shared` says it serves a whole suite: then the suite
 * stops it in an after hook.
 */
export function start(name: string, args: string[] = [], shared = false): Running {
  const child = $`${lessonCommand(name)} ${args}`.nothrow();
  if (!shared) running.add(child);
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
    pid: () => child.pid,
    stdout: () => out,
    stderr: () => err,
    write: (text) => child.stdin.write(text),
    waitFor,
    async stop(signal = "SIGINT") {
      if (!exited) child.kill(signal).catch(() => {});
      return (await child).exitCode;
    },
    ended: (ms = 5_000) =>
      new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not end within ${ms} ms\nstdout: ${out}`)), ms);
        child.then((result) => {
          clearTimeout(timer);
          resolve(result.exitCode);
        });
      }),
  };
}

/**
 * Starts a lesson server on a free port (--port 0) and waits for its
 * `listening on HOST:PORT` line.
 */
export async function startServer(name: string, args: string[] = [], shared = false): Promise<Server> {
  const process = start(name, ["--port", "0", ...args], shared);
  const line = await process.waitFor("listening on", 10_000);
  const address = listeningAddress(line);
  if (!address) throw new Error(`cannot read the address in ${JSON.stringify(line)}`);
  return { ...process, ...address };
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
  })`${lessonCommand(name)} ${args}`.nothrow();
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
      if (child.child) await stopTree(child.child); // Ctrl-C, then SIGKILL 3 s on, as the checker and the tour stop a program
      await child.catch(() => {});
      running.delete(child);
    }),
  );
}

/** Sends one datagram from a fresh socket and waits for one reply (null after `ms`), as the checker does. */
export async function ask(port: number, message: Uint8Array | string, host = "127.0.0.1", ms = 3_000): Promise<Buffer | null> {
  return (await askUdp(host, port, Buffer.from(message), ms))?.data ?? null;
}

/** Runs a short Python program with `python3 -c` and returns what it printed. */
export async function python(program: string, ms = 10_000): Promise<string> {
  const result = await $({ timeout: ms })`python3 -c ${program}`;
  return result.stdout;
}

export interface RawReply {
  /** Everything the server sent, as latin1 text (one character per byte). */
  text: string;
  bytes: Buffer;
  /** Whether the server closed the connection. */
  closed: boolean;
}

/**
 * Talks HTTP by hand over a TCP socket: writes each piece (pausing between
 * them, so that they travel as separate segments), then collects what comes
 * back until the server closes, `until` is true of it, or `ms` pass.
 */
export function rawHttp(
  port: number,
  pieces: (string | Buffer)[],
  { until, ms = 10_000, pause = 30 }: { until?: (text: string) => boolean; ms?: number; pause?: number } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      resolve({ text: bytes.toString("latin1"), bytes, closed });
    };
    const timer = setTimeout(() => finish(false), ms);
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      if (until?.(Buffer.concat(chunks).toString("latin1"))) finish(false);
    });
    socket.on("close", () => finish(true));
    socket.on("error", (err) => {
      if ((err as NodeJS.ErrnoException).code === "ECONNRESET") finish(true);
      else reject(err);
    });
    socket.on("connect", async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        if (pieces.length > 1) await new Promise((wake) => setTimeout(wake, pause));
      }
    });
  });
}

export interface ParsedResponse {
  statusLine: string;
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/**
 * Splits what a server sent into responses, strictly: each must have a
 * status line, headers and a blank line, and a body exactly as long as its
 * Content-Length (none for HEAD requests, 1xx, 204 and 304). Throws on
 * anything else, so a malformed response fails the test.
 */
export function parseResponses(bytes: Buffer, headRequests = new Set<number>()): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let rest = bytes;
  while (rest.length > 0) {
    const text = rest.toString("latin1");
    const end = text.indexOf("\r\n\r\n");
    if (end === -1) throw new Error(`a response head without its blank line: ${JSON.stringify(text.slice(0, 200))}`);
    const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
    const match = /^HTTP\/1\.1 (\d{3}) [^\r\n]+$/.exec(statusLine);
    if (!match) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    const headers = new Map<string, string>();
    for (const line of lines) {
      const header = /^([A-Za-z0-9-]+): (.*[^ ])$/.exec(line);
      if (!header) throw new Error(`not a header line: ${JSON.stringify(line)}`);
      const name = (header[1] as string).toLowerCase();
      if (headers.has(name)) throw new Error(`header ${name} twice`);
      headers.set(name, header[2] as string);
    }
    const status = Number(match[1]);
    const noBody = status < 200 || status === 204 || status === 304 || headRequests.has(responses.length);
    const length = noBody ? 0 : Number(headers.get("content-length") ?? Number.NaN);
    if (!Number.isInteger(length)) throw new Error(`response ${statusLine} has no Content-Length`);
    if (rest.length < end + 4 + length) throw new Error(`response ${statusLine} is cut short`);
    responses.push({ statusLine, status, headers, body: rest.subarray(end + 4, end + 4 + length) });
    rest = rest.subarray(end + 4 + length);
  }
  return responses;
}

/**
 * How many TCP connections the kernel still holds with this local port (Linux:
 * /proc/net/tcp), and that remote port if one is given; listening sockets and
 * TIME_WAIT aside. A server's end of a connection counts until it is closed.
 */
export function openTcpEnds(localPort: number, remotePort?: number): number {
  return (socketRows("tcp") ?? []).filter(
    (row) =>
      row.localPort === localPort &&
      (remotePort === undefined || row.remotePort === remotePort) &&
      row.state !== "06" && // TIME_WAIT
      row.state !== "0A", // listening
  ).length;
}

/**
 * Waits until `check` holds, looking every 50 ms; fails with `what` after
 * `ms`. For a state with no event to wait for, such as a socket the kernel
 * still holds.
 */
export async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  if (!(await until(check, ms))) throw new Error(`${what}: not so within ${ms} ms`);
}

/** The README in English, and its companion in Chinese: the same examples, checked alike. */
export const READMES = ["README.md", "README.zh-CN.md"];

/**
 * The README's console blocks: [whole block, example name, body]. Each is
 * preceded by `<!-- example: NAME -->`; the example of that name runs the
 * commands for real (test/readme.test.ts, the tour in test/tour.test.ts).
 */
export function readmeBlocks(file = "README.md"): RegExpMatchArray[] {
  const readme = readFileSync(join(ROOT, file), "utf8");
  return [...readme.matchAll(/(?:<!-- example: ([\w-]+) -->\n)?```console\n([\s\S]*?)```/g)];
}

/** Masks what varies from run to run (ports, dates, times, versions, the count a busy receiver lost), and trims line ends. */
export function normalize(text: string): string[] {
  const lines = text
    .replace(/(127\.0\.0\.1|\[::1\]):\d+/g, "$1:PORT")
    .replace(/--port \d+/g, "--port PORT")
    .replace(/\.py \d+/g, ".py PORT")
    .replace(/\b(date|Date): \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g, "$1: DATE")
    .replace(/curl\/[\d.]+/g, "curl/VERSION")
    .replace(/, \d+ received, \d+ lost \(the receiver/g, ", N received, N lost (the receiver")
    .replace(/: 1000 in \d+ ms/g, ": 1000 in N ms")
    .replace(/收到 \d+ 个，丢失 \d+ 个（接收方/g, "收到 N 个，丢失 N 个（接收方")
    .replace(/1000 次用了 \d+ 毫秒/g, "1000 次用了 N 毫秒")
    .replace(/\b\d+\.\d{3} s\b/g, "T s") // wire.ts's times
    .replace(/往返 \d+\.\d 毫秒 — (.*) round trip \d+\.\d ms/g, "往返 N 毫秒 — $1 round trip N ms")
    .replace(/最短\/平均\/最长 [\d./]+ 毫秒 — round trip min\/avg\/max [\d./]+ ms/g, "最短/平均/最长 N 毫秒 — round trip min/avg/max N ms")
    .split("\n")
    .map((line) => line.trimEnd());
  while (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Whether the actual lines match the expected ones, where a line "..." stands for any lines. */
export function matches(expected: string[], actual: string[]): boolean {
  if (expected.length === 0) return actual.length === 0;
  const [first, ...rest] = expected;
  if (first === "...") {
    for (let skip = 0; skip <= actual.length; skip++) if (matches(rest, actual.slice(skip))) return true;
    return false;
  }
  return actual.length > 0 && actual[0] === first && matches(rest, actual.slice(1));
}

/** A port that no TCP socket holds just now (nginx, and a learner's program, cannot take port 0). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Runs the jobs `size` at a time, in order, and gives each one's result (a job that fails fails only its own). */
export function pool<T>(jobs: (() => Promise<T>)[], size = 4): Promise<T>[] {
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
