/**
 * UDP echo benchmark (course 1.1): udp_server.ts against the floor of any
 * Node program doing its work (bench/floor_udp.ts: a dgram socket that prints
 * each datagram with one console.log and sends a fixed reply) and against the
 * course's own Python server (bench/echo_server.py: a blocking
 * recvfrom/sendto loop that prints each message). All three print every
 * message to a file as it comes: Node with console.log, Python with -u
 * (unbuffered, as a terminal's output is written line by line). The same
 * driver sends one datagram at a time (lockstep) and 32 at a time.
 *
 * In each round the servers run back to back, in turns (the order reversed
 * every other round), and the ratio of the lesson's figure to each peer's
 * in that round is taken; the median of those ratios is compared with the
 * target, so that the machine's drift from one round to the next cancels out.
 *
 * In lockstep a round trip is a measure of latency, and no side fills its
 * core: the ratio compares round trips per second. With 32 in flight the
 * driver fills its core before the servers fill theirs, and the rates mostly
 * show the driver's: that ratio compares what each server does with a whole
 * core, its rate divided by the share of a core its process used meanwhile
 * (from /proc, see whileMeasuringCpu). Both figures are printed for both loads.
 *
 * Targets: udp_server at least 0.9× the floor in lockstep and with 32 in
 * flight, and 0.9× the Python server in lockstep.
 *
 * Run:  npm run bench:echo   [-- --rounds 5 --seconds 2]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BenchResult, describe, measure, median, met, type Peer, perCpu, startPeer, stopPeer, whileMeasuringCpu } from "./udp.ts";

const LESSON = "udp_server";
const FLOOR = "bare Node";
const PYTHON = "python echo";

export async function echoBenchmark(rounds = 5, seconds = 2): Promise<BenchResult[]> {
  const logs = mkdtempSync(join(tmpdir(), "bench-echo-"));
  // With two or more cores, the servers run on the first and this driver on
  // the second, so that server and driver do not take turns on one core.
  const cores = os.availableParallelism(); // read before pinning: it counts the cores this process may use
  const pinning = cores >= 2;
  if (pinning) execFileSync("taskset", ["-a", "-p", "-c", "1", String(process.pid)], { stdio: "ignore" });
  const start = (name: string, command: string[], log: string) => {
    const [program, ...args] = (pinning ? ["taskset", "-c", "0", ...command] : command) as [string, ...string[]];
    return startPeer(name, program, args, join(logs, log));
  };
  const peers: Peer[] = [
    await start(LESSON, ["node", "--import", "tsx", "scripts/udp_server.ts", "--port", "0"], "lesson.log"),
    await start(FLOOR, ["node", "--import", "tsx", "bench/floor_udp.ts", "--port", "0"], "floor.log"),
    await start(PYTHON, ["python3", "-u", "bench/echo_server.py", "0"], "python.log"),
  ];
  const messages = Array.from({ length: 100 }, (_, i) => `message ${i}: hello, 你好`);
  /** Per server and load (1 or 32 in flight): each round's rate and rate for a whole core. */
  const runs = new Map<string, { rate: number; perCpu: number }[]>();
  try {
    for (const peer of peers) await measure(peer.port, messages, 0.5, 32); // warm up
    for (let round = 0; round < rounds; round++) {
      for (const lanes of [1, 32]) {
        // Alternate the order, so that no server always follows the same one.
        for (const peer of round % 2 ? [...peers].reverse() : peers) {
          const pid = peer.process.pid ?? 0;
          const { result, busy } = await whileMeasuringCpu(pid, () => measure(peer.port, messages, seconds, lanes));
          const key = `${peer.name} ${lanes}`;
          runs.set(key, [...(runs.get(key) ?? []), { rate: result.rate, perCpu: perCpu(result.rate, busy) }]);
        }
      }
    }
  } finally {
    await Promise.all(peers.map(stopPeer));
    // Give this process every core again, for the benchmarks that follow.
    if (pinning) execFileSync("taskset", ["-a", "-p", "-c", `0-${cores - 1}`, String(process.pid)], { stdio: "ignore" });
  }
  const of = (name: string, lanes: number) => runs.get(`${name} ${lanes}`) ?? [];
  const figure = (name: string, lanes: number, what: "rate" | "perCpu") => median(of(name, lanes).map((run) => run[what]));
  /** The median over rounds of udp_server's figure divided by the peer's in the same round. */
  const ratio = (peer: string, lanes: number, what: "rate" | "perCpu") =>
    median(of(LESSON, lanes).map((run, i) => run[what] / (of(peer, lanes)[i]?.[what] ?? Number.NaN)));
  const n = (value: number) => Math.round(value).toLocaleString("en").padStart(9);
  const x = (value: number) => `${value.toFixed(2)}×`.padStart(9);
  console.log(`UDP echo, median of ${rounds} rounds of ${seconds} s, every server printing every message to a file:`);
  console.log(
    `  ${"".padEnd(12)} ${"".padEnd(12)} ${"replies/s".padStart(9)} ${"per CPU".padStart(9)}   udp_server ÷ it: ${"replies/s".padStart(9)} ${"per CPU".padStart(9)}`,
  );
  for (const lanes of [1, 32]) {
    for (const { name } of peers) {
      const cells = `${n(figure(name, lanes, "rate"))} ${n(figure(name, lanes, "perCpu"))}`;
      const ratios = name === LESSON ? "" : `${"".padEnd(16)} ${x(ratio(name, lanes, "rate"))} ${x(ratio(name, lanes, "perCpu"))}`;
      console.log(`  ${(lanes === 1 ? "lockstep" : "32 in flight").padEnd(12)} ${name.padEnd(12)} ${cells}   ${ratios}`);
    }
  }
  console.log("  (per CPU: replies per second for a whole core, the rate ÷ the share of a core the server's process used)");
  return [
    { benchmark: "UDP echo", comparison: "udp_server / bare Node, lockstep (round trips/s)", ratio: ratio(FLOOR, 1, "rate"), target: 0.9 },
    { benchmark: "UDP echo", comparison: "udp_server / bare Node, 32 in flight (per CPU)", ratio: ratio(FLOOR, 32, "perCpu"), target: 0.9 },
    {
      benchmark: "UDP echo",
      comparison: "udp_server / course-style Python, lockstep (round trips/s)",
      ratio: ratio(PYTHON, 1, "rate"),
      target: 0.9,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "2" } } });
  const results = await echoBenchmark(Number(values.rounds), Number(values.seconds));
  for (const result of results) console.log(`  ${describe(result)}`);
  process.exitCode = results.every(met) ? 0 : 1;
}
