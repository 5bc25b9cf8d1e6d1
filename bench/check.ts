/**
 * How long the checker takes, per exercise and per check, against correct
 * programs (our lessons, the course-style Python) and broken ones
 * (fixtures/broken): the learner waits for this after every save. Three runs
 * of each; the medians are printed. The target: no check, passing or
 * failing, over 1 s on an idle machine, except where it waits on the
 * program itself (starting it, a client's own time-out).
 *
 * Run:  npm run bench:check
 */
import { checkExercise } from "../check/run.ts";
import { DICT, lesson, PAGE, python } from "../test/checking.ts"; // the commands the checker's tests use, run from the project
import { freePort } from "../test/helpers.ts";

const CASES: [what: string, exercise: string, command: string[]][] = [
  ["lesson", "udp-server", lesson("udp_server")],
  ["course", "udp-server", python("course/udp_server.py")],
  ["broken: no reply", "udp-server", python("broken/udp_server_no_reply.py")],
  ["broken: wrong address", "udp-server", python("broken/udp_server_wrong_address.py")],
  ["lesson", "udp-client", lesson("udp_client")],
  ["course", "udp-client", python("course/udp_client.py")],
  ["broken: no print", "udp-client", python("broken/udp_client_no_print.py")],
  ["lesson", "word-server", lesson("word_server")],
  ["course", "word-server", python("course/word_server.py", DICT)],
  ["lesson", "word-client", lesson("word_client")],
  ["course", "word-client", python("course/word_client.py")],
  ["lesson", "show-request", lesson("http_show_request")],
  ["course", "show-request", python("course/http_show_request.py")],
  ["broken: silent", "show-request", python("broken/show_request_silent.py")],
  ["lesson", "home-page", lesson("http_home")],
  ["course", "home-page", python("course/http_home.py", PAGE)],
  ["broken: no blank line", "home-page", python("broken/home_no_blank_line.py", PAGE)],
  ["broken: dies on an empty connection", "home-page", python("broken/home_dies_on_empty_connection.py", PAGE)],
];

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
      dict: DICT,
      page: PAGE,
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
