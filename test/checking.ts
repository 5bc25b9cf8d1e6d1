/**
 * Runs the checker for the tests: in this process, on a port of its own, with
 * the output collected (check), or as a learner runs it, as a process (cli).
 */
import { $ } from "zx";
import { checkExercise } from "../check/run.ts";
import { checkerCommand, freePort, lessonCommand, ROOT } from "./helpers.ts";

export const DICT = `${ROOT}fixtures/dict.txt`;
export const PAGE = `${ROOT}index.html`;

export interface Result {
  port: number;
  code: number;
  output: string;
  seconds: number;
}

/** Checks `exercise` against `command`, which is given the port as {port}. */
export async function check(exercise: string, command: string[], port?: number): Promise<Result> {
  const at = port ?? (await freePort());
  const lines: string[] = [];
  const started = performance.now();
  const code = await checkExercise(
    {
      name: exercise,
      host: "127.0.0.1",
      port: at,
      dict: DICT,
      page: PAGE,
      command: command.map((part) => part.replace("{port}", String(at))),
    },
    (line) => lines.push(line),
  );
  return { port: at, code, output: lines.join("\n"), seconds: (performance.now() - started) / 1000 };
}

/** A lesson's command, given the port as {port}. */
export const lesson = (name: string) => [...lessonCommand(name), "--port", "{port}"];
/** A Python program of fixtures/, given the port as {port}. */
export const python = (file: string, ...args: string[]) => ["python3", `fixtures/${file}`, "{port}", ...args];

/** The checker run as a process: npm run check -- ARGS. */
export const cli = (args: string[]) => $({ nothrow: true, cwd: ROOT })`${checkerCommand()} ${args}`;
