/**
 * Runs every benchmark (UDP echo, word lookup, home page, load) and writes
 * bench/REPORT.md: a Markdown table of the lessons' figures against their
 * peers and targets, with a description of the machine. Exits with 1 when a
 * target is missed.
 *
 * Run:  npm run bench
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { echoBenchmark } from "./echo.ts";
import { httpBenchmark } from "./http.ts";
import { loadBenchmark } from "./load.ts";
import { type BenchResult, met, ROOT } from "./udp.ts";
import { wordBenchmark } from "./word.ts";

const results: BenchResult[] = [];
for (const benchmark of [echoBenchmark, wordBenchmark, httpBenchmark, loadBenchmark]) {
  results.push(...(await benchmark()));
  console.log("");
}

/** The first line a tool prints about its version (some print it on stderr, or exit with 1). */
const version = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { encoding: "utf8" });
  if (result.error) return `${command}: not installed`;
  return `${result.stdout}${result.stderr}`.split("\n")[0]?.trim() ?? command;
};
const cpus = os.cpus();
const machine = [
  `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}`,
  `Node ${process.version}, ${version("python3", ["--version"])}, ${version("nginx", ["-v"])}, ${version("wrk", ["-v"]).split(" [")[0]}`,
];
const figure = (r: BenchResult) =>
  r.unit && r.unit !== "×" ? `${r.ratio.toFixed(r.unit === "ms" ? 1 : 0)} ${r.unit}` : `${r.ratio.toFixed(2)}×`;
const target = (r: BenchResult) => `${r.lowerIsBetter ? "<" : "≥"} ${r.target}${r.unit && r.unit !== "×" ? ` ${r.unit}` : "×"}`;
const report = [
  "# Benchmark report",
  "",
  `Made by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine.join("; ")}.`,
  "Each figure compares a lesson with a peer in the same run (medians of several rounds); see bench/*.ts.",
  "",
  "| benchmark | comparison | figure | target | met |",
  "| --- | --- | --- | --- | --- |",
  ...results.map((r) => `| ${r.benchmark} | ${r.comparison} | ${figure(r)} | ${target(r)} | ${met(r) ? "yes" : "**no**"} |`),
  "",
].join("\n");
writeFileSync(join(ROOT, "bench", "REPORT.md"), report);
console.log(report);
process.exitCode = results.every(met) ? 0 : 1;
