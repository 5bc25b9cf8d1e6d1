/**
 * UDP echo benchmark (course 1.1): replies per second of udp_server.ts
 * against the course's own Python server (bench/echo_server.py: a blocking
 * recvfrom/sendto loop that prints each message), with the same driver and
 * both printing every message to a file as it comes: the lesson with
 * console.log, Python with -u (unbuffered, as a terminal's output is written
 * line by line). Measured in lockstep (one datagram
 * in flight) and with 32 in flight. In each round the two servers run back
 * to back, and the ratio of their rates is taken; the median of those ratios
 * is compared with the target, so that the machine's drift from one round to
 * the next cancels out. Target: at least 0.9× the Python server's replies
 * per second in lockstep, which is where Node's own dgram path per datagram
 * puts a Node server. The figures with 32 in flight are printed, not judged.
 *
 * In lockstep a reply per round trip is a measure of latency, and neither
 * side fills its core. With 32 in flight the driver fills its core before
 * the servers fill theirs, so the rates mostly show the driver's; that ratio
 * therefore compares replies per second for a whole server core (the rate
 * divided by the busy share of the server's core, as bench/http.ts does).
 * Both figures are printed for both loads.
 *
 * Run:  npm run bench:echo   [-- --rounds 5 --seconds 2]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BenchResult, describe, measure, median, met, type Peer, perCore, startPeer, stopPeer, whileMeasuringCore } from "./udp.ts";

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
    await start("udp_server", ["node", "--import", "tsx", "scripts/udp_server.ts", "--port", "0"], "node.log"),
    await start("python echo", ["python3", "-u", "bench/echo_server.py", "0"], "python.log"),
  ];
  const messages = Array.from({ length: 100 }, (_, i) => `message ${i}: hello, 你好`);
  /** Per load (1 or 32 in flight): each round's rate and per-core rate, for each server. */
  const runs = new Map<string, { rate: number; perCore: number }[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const lanes of [1, 32]) {
        // Alternate which server goes first, so that neither always follows the other.
        for (const peer of round % 2 ? [...peers].reverse() : peers) {
          const { result, busy } = await whileMeasuringCore(0, () => measure(peer.port, messages, seconds, lanes));
          const key = `${peer.name} ${lanes}`;
          runs.set(key, [...(runs.get(key) ?? []), { rate: result.rate, perCore: perCore(result.rate, pinning ? busy : 1) }]);
        }
      }
    }
  } finally {
    await Promise.all(peers.map(stopPeer));
    // Give this process every core again, for the benchmarks that follow.
    if (pinning) execFileSync("taskset", ["-a", "-p", "-c", `0-${cores - 1}`, String(process.pid)], { stdio: "ignore" });
  }
  const of = (name: string, lanes: number) => runs.get(`${name} ${lanes}`) ?? [];
  const figure = (name: string, lanes: number, what: "rate" | "perCore") => median(of(name, lanes).map((run) => run[what]));
  /** The median over rounds of udp_server's figure divided by Python's in the same round. */
  const ratio = (lanes: number, what: "rate" | "perCore") =>
    median(of("udp_server", lanes).map((run, i) => run[what] / (of("python echo", lanes)[i]?.[what] ?? Number.NaN)));
  const n = (value: number) => Math.round(value).toLocaleString("en").padStart(9);
  console.log(`UDP echo, median of ${rounds} rounds of ${seconds} s, both servers printing every message to a file:`);
  console.log(`  ${"".padEnd(14)} ${"udp_server".padStart(21)} ${"python".padStart(21)}   ratio in each round (median)`);
  console.log(
    `  ${"".padEnd(14)} ${"replies/s".padStart(9)} ${"per core".padStart(11)} ${"replies/s".padStart(9)} ${"per core".padStart(11)}   ${"replies/s".padStart(9)} ${"per core".padStart(9)}`,
  );
  for (const lanes of [1, 32]) {
    const cells = (name: string) => `${n(figure(name, lanes, "rate"))} ${n(figure(name, lanes, "perCore")).padStart(11)}`;
    const ratios = `${ratio(lanes, "rate").toFixed(2).padStart(8)}× ${ratio(lanes, "perCore").toFixed(2).padStart(8)}×`;
    console.log(`  ${(lanes === 1 ? "lockstep" : "32 in flight").padEnd(14)} ${cells("udp_server")} ${cells("python echo")}   ${ratios}`);
  }
  return [
    {
      benchmark: "UDP echo",
      comparison: "udp_server / course-style Python, lockstep (replies/s)",
      ratio: ratio(1, "rate"),
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
