/**
 * Runs the checker for the tests: in this process, on a port of its own, with
 * the output collected (check), or as a learner runs it, as a process (cli).
 */
import { join } from "node:path";
import { $ } from "zx";
import { exerciseNamed } from "../check/exercises/index.ts";
import { checkExercise } from "../check/run.ts";
import { checkerCommand, freePort, lessonCommand, ROOT } from "./helpers.ts";

/** The files an exercise reads (the word book, the page), by flag, as the checker finds them by default. */
export function inputsOf(exercise: string): Record<string, string> {
  return Object.fromEntries((exerciseNamed(exercise)?.inputs ?? []).map(({ flag, file }) => [flag, join(ROOT, file)]));
}

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
      inputs: inputsOf(exercise),
      command: command.map((part) => part.replace("{port}", String(at))),
    },
    (line) => lines.push(line),
  );
  return { port: at, code, output: lines.join("\n"), seconds: (performance.now() - started) / 1000 };
}

/** A lesson's command, given the port as {port}. */
export const lesson = (name: string) => [...lessonCommand(name), "--port", "{port}"];
/**
 * A program of an exercise's folder (`solution.py`, `mistakes/no_reply.ts`), as the tests run it:
 * given the port as {port}, then the files the exercise reads.
 */
export const program = (exercise: string, file: string) => [
  ...(file.endsWith(".ts") ? ["node", "--import", "tsx"] : ["python3"]),
  `exercises/${exercise}/${file}`,
  "{port}",
  ...Object.values(inputsOf(exercise)),
];

/** The checker run as a process: npm run check -- ARGS. */
export const cli = (args: string[]) => $({ nothrow: true, cwd: ROOT })`${checkerCommand()} ${args}`;
