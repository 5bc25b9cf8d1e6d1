/**
 * Helpers for the benchmarks: start a server as a real process, drive it
 * with request/reply datagrams from several sockets at once, measure the CPU
 * it uses, and take medians and ratios.
 */
import { type ChildProcess, spawn } from "node:child_process";
import dgram from "node:dgram";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { listeningAddress } from "../lib/listening.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface Peer {
  name: string;
  port: number;
  process: ChildProcess;
}

/** The servers started and not yet ended: stopped too when the benchmark is stopped or ends early. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGINT");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

/**
 * Starts a server and waits for its `listening on HOST:PORT` line. Its
 * output is read and dropped, or, with `logFile`, written to that file.
 */
export function startPeer(name: string, command: string, args: string[], logFile?: string): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const log = logFile === undefined ? "pipe" : openSync(logFile, "w");
    // Python writes its output in blocks, as it does by default into a file or
    // pipe, even where the environment asks for every print to be written at once.
    const env = { ...process.env };
    delete env.PYTHONUNBUFFERED;
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", log, "inherit"] });
    running.add(child);
    child.on("exit", () => running.delete(child));
    if (typeof log === "number") closeSync(log);
    let head = "";
    const found = (text: string) => {
      head += text;
      const address = listeningAddress(head);
      if (address) resolve({ name, port: address.port, process: child });
      return address !== undefined;
    };
    if (logFile === undefined) {
      const onData = (chunk: Buffer) => {
        if (!found(chunk.toString("utf8"))) return;
        child.stdout?.off("data", onData);
        child.stdout?.resume(); // keep draining, so the server never blocks on a full pipe
      };
      child.stdout?.on("data", onData);
    } else {
      const poll = setInterval(() => {
        head = "";
        if (found(readFileSync(logFile, "utf8").slice(0, 500))) clearInterval(poll);
      }, 20);
      child.on("exit", () => clearInterval(poll));
    }
    child.on("exit", (code) => reject(new Error(`${name} exited with code ${code} before it was listening`)));
  });
}

export function stopPeer(peer: Peer): Promise<void> {
  return new Promise((resolve) => {
    if (peer.process.exitCode !== null) return resolve();
    peer.process.once("exit", () => resolve());
    peer.process.kill("SIGINT");
  });
}

/**
 * Sends the queries round-robin from `lanes` sockets, each waiting for its
 * reply before it sends again, for `seconds`; returns replies per second.
 * A reply that does not come within a second is counted as lost and the
 * lane goes on.
 */
export async function measure(port: number, queries: string[], seconds: number, lanes = 8): Promise<{ rate: number; lost: number }> {
  const until = performance.now() + seconds * 1000;
  let replies = 0;
  let lost = 0;
  let next = 0;
  const lane = async () => {
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    while (performance.now() < until) {
      const query = queries[next++ % queries.length] as string;
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          socket.off("message", onReply);
          resolve(false);
        }, 1000);
        const onReply = () => {
          clearTimeout(timer);
          resolve(true);
        };
        socket.once("message", onReply);
        socket.send(query, port, "127.0.0.1");
      });
      if (answered) replies++;
      else lost++;
    }
    socket.close();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return { rate: replies / ((performance.now() - started) / 1000), lost };
}

/**
 * The CPU time a process has used so far, with its threads and the processes
 * it started (nginx's worker), in seconds, from /proc (Linux); undefined
 * where there is no /proc.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    return ticks(pid) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux counts CPU time in clock ticks of 1/100 s (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** A process's user and system time, and its children's, in clock ticks. */
function ticks(pid: number): number {
  // pid (name) state ppid ...: utime and stime are fields 14 and 15, the 12th and 13th after the name.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  let total = Number(fields[11]) + Number(fields[12]);
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean)) {
      try {
        total += ticks(Number(child));
      } catch {
        // the child has just ended
      }
    }
  }
  return total;
}

/**
 * Runs `work` and returns, with its result, the CPU time the process `pid`
 * used meanwhile (`cpu`, in seconds), and that as a share of the time it took
 * (`busy`: 1 is a whole core, busy all the time). Where it cannot be read,
 * the process counts as busy all the time.
 */
export async function whileMeasuringCpu<T>(pid: number, work: () => T | Promise<T>): Promise<{ result: T; cpu: number; busy: number }> {
  const before = cpuSeconds(pid);
  const started = performance.now();
  const result = await work();
  const after = cpuSeconds(pid);
  const seconds = (performance.now() - started) / 1000;
  if (before === undefined || after === undefined) return { result, cpu: seconds, busy: 1 };
  return { result, cpu: after - before, busy: (after - before) / seconds };
}

/**
 * What a server does with a whole core: its rate divided by the share of a
 * core it used meanwhile (see whileMeasuringCpu), or what it did divided by
 * the CPU seconds that took. On a shared machine this moves far less than the
 * rate: another program's work slows the server down, but does not make it
 * spend more CPU on each request.
 */
export function perCpu(rate: number, busy: number): number {
  return rate / Math.max(busy, 0.05);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One line of the benchmark report: a ratio against a peer, and its target. */
export interface BenchResult {
  benchmark: string;
  comparison: string;
  /** Higher is better for the lesson (for a time, the lesson's figure is the target's unit). */
  ratio: number;
  target: number;
  /** When the figure is not a ratio (a time in ms, say): its unit, and whether lower is better. */
  unit?: string;
  lowerIsBetter?: boolean;
}

/** Whether a result meets its target. */
export function met(result: BenchResult): boolean {
  return result.lowerIsBetter ? result.ratio < result.target : result.ratio >= result.target;
}

/** One line: the comparison, the figure, the target, met or not. */
export function describe(result: BenchResult): string {
  const unit = result.unit ?? "×";
  const figure = `${result.ratio.toFixed(result.unit ? 1 : 2)} ${unit}`.replace(" ×", "×");
  const target = `${result.lowerIsBetter ? "<" : "≥"} ${result.target}${unit === "×" ? "×" : ` ${unit}`}`;
  return `${result.comparison.padEnd(56)} ${figure.padStart(9)}  (target ${target}: ${met(result) ? "met" : "MISSED"})`;
}
