/**
 * Word lookup benchmark (course 1.5): lookups per second of word_server.ts
 * against two peers, in one run, with the same driver and the same words:
 *
 * - a course-style Python server that reads the sorted word book line by
 *   line for every query (bench/line_scan_server.py): the Map should make
 *   word_server at least 100 times faster;
 * - the plain UDP echo of udp_server.ts: a lookup should cost next to
 *   nothing beside the network, so word_server should reach at least 0.9 of it;
 * - the floor of any Node program answering datagrams (bench/floor_udp.ts):
 *   printed, not judged (bench/echo.ts judges udp_server against it).
 *
 * The servers take turns for several rounds, the order reversed every other
 * round; the medians are compared.
 *
 * Run:  npm run bench:word   [-- --rounds 5 --seconds 2]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type BenchResult, measure, median, type Peer, ROOT, startPeer, stopPeer } from "./udp.ts";

export async function wordBenchmark(rounds = 5, seconds = 2): Promise<BenchResult[]> {
  // The same queries for every server: words spread over the whole book, in
  // a fixed shuffled order, with one in ten not in it.
  const words = readFileSync(`${ROOT}/fixtures/dict.txt`, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ")[0] as string);
  const queries: string[] = [];
  for (let i = 0; i < 2_000; i++) {
    const word = words[(i * 7919) % words.length] as string;
    queries.push(i % 10 === 9 ? `${word}zz` : word);
  }

  const tsx = ["--import", "tsx"];
  const peers: Peer[] = await Promise.all([
    startPeer("word_server", "node", [...tsx, "scripts/word_server.ts", "--port", "0"]),
    startPeer("udp_server (echo)", "node", [...tsx, "scripts/udp_server.ts", "--port", "0"]),
    startPeer("python line scan", "python3", ["bench/line_scan_server.py", "fixtures/dict.txt", "0"]),
    startPeer("bare Node", "node", [...tsx, "bench/floor_udp.ts", "--port", "0"]),
  ]);

  const rates = new Map<string, number[]>(peers.map((peer) => [peer.name, []]));
  try {
    await measure(peers[0]?.port as number, queries, 0.5); // warm up
    for (let round = 1; round <= rounds; round++) {
      for (const peer of round % 2 ? peers : [...peers].reverse()) {
        const { rate, lost } = await measure(peer.port, queries, seconds);
        rates.get(peer.name)?.push(rate);
        if (lost > 0) console.log(`  (${peer.name}: ${lost} replies lost in round ${round})`);
      }
    }
  } finally {
    await Promise.all(peers.map(stopPeer));
  }

  const word = median(rates.get("word_server") ?? []);
  const echo = median(rates.get("udp_server (echo)") ?? []);
  const scan = median(rates.get("python line scan") ?? []);
  const floor = median(rates.get("bare Node") ?? []);
  console.log(`word lookups per second, median of ${rounds} rounds of ${seconds} s, 8 clients:`);
  for (const [name, list] of rates) console.log(`  ${name.padEnd(20)} ${Math.round(median(list)).toLocaleString("en")}`);
  console.log(`  word_server / bare Node: ${(word / floor).toFixed(2)}× (no target)`);
  const results = [
    { what: "word_server / python line scan", ratio: word / scan, target: 100 },
    { what: "word_server / udp_server echo", ratio: word / echo, target: 0.9 },
  ];
  return results.map(({ what, ratio, target }) => ({ benchmark: "word lookup", comparison: what, ratio, target }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, seconds: { type: "string", default: "2" } } });
  const results = await wordBenchmark(Number(values.rounds), Number(values.seconds));
  for (const { comparison, ratio, target } of results) {
    console.log(`  ${comparison.padEnd(32)} ${ratio.toFixed(2)}×  (target ≥ ${target}×: ${ratio >= target ? "met" : "MISSED"})`);
  }
  process.exitCode = results.every(({ ratio, target }) => ratio >= target) ? 0 : 1;
}
