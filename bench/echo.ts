/**
 * UDP echo benchmark (course 1.1): replies per second of udp_server.ts
 * against the course's own Python server (bench/echo_server.py: a blocking
 * recvfrom/sendto loop that prints each message), with the same driver and
 * both logging every message to a file. Measured in lockstep (one datagram
 * in flight) and with 32 in flight; the servers take turns for several
 * rounds and the medians are compared. Target: at least 1.0× the Python
 * server in both.
 *
 * Run:  npm run bench:echo   [-- --rounds 5 --seconds 2]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BenchResult, measure, median, type Peer, startPeer, stopPeer } from "./udp.ts";

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
    await start("python echo", ["python3", "bench/echo_server.py", "0"], "python.log"),
  ];
  const messages = Array.from({ length: 100 }, (_, i) => `message ${i}: hello, 你好`);
  const rates = new Map<string, number[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const lanes of [1, 32]) {
        for (const peer of peers) {
          const key = `${peer.name} ${lanes}`;
          rates.set(key, [...(rates.get(key) ?? []), (await measure(peer.port, messages, seconds, lanes)).rate]);
        }
      }
    }
  } finally {
    await Promise.all(peers.map(stopPeer));
    // Give this process every core again, for the benchmarks that follow.
    if (pinning) execFileSync("taskset", ["-a", "-p", "-c", `0-${cores - 1}`, String(process.pid)], { stdio: "ignore" });
  }
  const rate = (key: string) => median(rates.get(key) ?? []);
  console.log(`UDP echo replies per second, median of ${rounds} rounds of ${seconds} s, both servers logging to a file:`);
  for (const lanes of [1, 32]) {
    console.log(
      `  ${lanes === 1 ? "lockstep      " : "32 in flight  "} udp_server ${Math.round(rate(`udp_server ${lanes}`))
        .toLocaleString("en")
        .padStart(8)}   python ${Math.round(rate(`python echo ${lanes}`))
        .toLocaleString("en")
        .padStart(8)}`,
    );
  }
  return [1, 32].map((lanes) => ({
    benchmark: "UDP echo",
    comparison: `udp_server / course-style Python, ${lanes === 1 ? "lockstep" : "32 datagrams in flight"}`,
    ratio: rate(`udp_server ${lanes}`) / rate(`python echo ${lanes}`),
    target: 1.0,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "2" } } });
  const results = await echoBenchmark(Number(values.rounds), Number(values.seconds));
  for (const { comparison, ratio, target } of results)
    console.log(`  ${comparison.padEnd(52)} ${ratio.toFixed(2)}×  (target ≥ ${target}×: ${ratio >= target ? "met" : "MISSED"})`);
  process.exitCode = results.every((r) => r.ratio >= r.target) ? 0 : 1;
}
