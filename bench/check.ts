/**
 * How long the checker takes, per exercise and per check, against correct
 * programs (our lessons, the course-style Python) and their mistakes
 * (exercises/<name>/mistakes): the learner waits for this after every save. Three runs
 * of each; the medians are printed. The target: no check, passing or
 * failing, over 1 s on an idle machine, except where it waits on the
 * program itself (starting it, a client's own time-out).
 *
 * Run:  npm run bench:check
 */
import { EXERCISES } from "../check/exercises/index.ts";
import { checkExercise } from "../check/run.ts";
import { inputsOf, lesson, program } from "../test/checking.ts"; // the commands the checker's tests use, run from the project
import { freePort } from "../test/helpers.ts";
import { mistakesOf } from "../test/mistakes.ts";

/** Every exercise's lesson, its solution, and its mistakes, as the checker's tests have them. */
const CASES: [what: string, exercise: string, command: string[]][] = EXERCISES.flatMap(({ name, lesson: path }) => [
  ["lesson", name, lesson(path.replace(/^scripts\/|\.ts$/g, ""))] as [string, string, string[]],
  ["solution", name, program(name, "solution.py")] as [string, string, string[]],
  ...mistakesOf(name).map(({ file }) => [`mistake: ${file}`, name, program(name, `mistakes/${file}`)] as [string, string, string[]]),
]);

/** One run: the whole time, and the time of each check (from the line before it to its own). */
async function timeOne(exercise: string, command: string[]) {
  const port = await freePort();
  const started = performance.now();
  let last = started;
  const checks: { name: string; ms: number }[] = [];
  const code = await checkExercise(
    {
      name: exercise,
      host: "127.0.0.1",
      port,
      inputs: inputsOf(exercise),
      command: command.map((part) => part.replace("{port}", String(port))),
    },
    (line) => {
      const now = performance.now();
      const check = /^ *([✓✗-]) .* — (.*)$/.exec(line);
      if (check) checks.push({ name: `${check[1]} ${check[2]}`, ms: now - last });
      if (check || line.startsWith("程序 program:")) last = now;
    },
  );
  return { code, ms: performance.now() - started, checks };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

console.log("| exercise | program | exit | whole run | slowest check |");
console.log("| --- | --- | --- | --- | --- |");
for (const [what, exercise, command] of CASES) {
  const runs: Awaited<ReturnType<typeof timeOne>>[] = [];
  for (let i = 0; i < 3; i++) runs.push(await timeOne(exercise, command));
  const slowest = runs[0]?.checks.map((check, i) => ({ name: check.name, ms: median(runs.map((run) => run.checks[i]?.ms ?? 0)) }));
  const worst = slowest?.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(
    `| ${exercise} | ${what} | ${runs[0]?.code} | ${(median(runs.map((run) => run.ms)) / 1000).toFixed(2)} s | ${((worst?.ms ?? 0) / 1000).toFixed(2)} s (${worst?.name}) |`,
  );
}
