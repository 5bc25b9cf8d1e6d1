/**
 * Runs every uvu suite (test/*.test.ts, or the files named on the command
 * line) in its own process, a few at a time, then prints each suite's
 * output in order. Exits with 1 when any suite fails.
 *
 *   node --import tsx test/run.ts [test/udp.test.ts ...]
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { buildLessons } from "./build.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(`${root}test`)
        .filter((name) => name.endsWith(".test.ts"))
        .map((name) => `test/${name}`);
// The largest suites, which take longest, start first, so that no long one is left to run alone at the end.
const order = [...files].sort((a, b) => statSync(`${root}${b}`).size - statSync(`${root}${a}`).size);
const parallel = Math.max(2, availableParallelism() + 3); // most suites spend much of their time waiting on sockets

function runSuite(file: string): Promise<{ file: string; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], { cwd: root, env: { ...process.env, FORCE_COLOR: "0" } });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (code) => resolve({ file, code, output }));
  });
}

const started = performance.now();
process.env.LESSON_BUNDLES = await buildLessons(root); // the suites start the lessons from these bundles
const results: Awaited<ReturnType<typeof runSuite>>[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: parallel }, async () => {
    while (next < order.length) {
      const file = order[next++] as string;
      results[files.indexOf(file)] = await runSuite(file);
    }
  }),
);

let failed = 0;
for (const { file, code, output } of results) {
  console.log(`\n${file}\n${output.trimEnd()}`);
  if (code !== 0) failed++;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\n${files.length - failed} of ${files.length} suites passed in ${seconds} s${failed ? `; ${failed} failed` : ""}`);
process.exitCode = failed ? 1 : 0;
