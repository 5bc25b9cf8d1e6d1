/**
 * What a learner's command tells: the program's file, and its language, so that a hint names code the
 * learner wrote: `sendto(b'Thanks', addr)` for Python, `server.send("Thanks", client.port, client.address)`
 * for TypeScript.
 */
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { CodeForms, Language } from "./types.ts";

const PYTHON = /^(python|python3|python3\.\d+|py|pythonw)(\.exe)?$/i;
const TYPESCRIPT = /^(node|tsx|deno|bun|npx|ts-node)(\.exe|\.cmd)?$/i;

export function languageOf(command: string[]): Language {
  const first = basename(command[0] ?? "");
  if (PYTHON.test(first)) return "python";
  if (TYPESCRIPT.test(first)) return "typescript";
  if (/\.py$/i.test(first)) return "python"; // ./my_server.py, run by its #! line
  if (/\.[cm]?[jt]s$/i.test(first)) return "typescript";
  return "other";
}

/** The piece of code in the program's language; a program in another language gets the course's Python. */
export const inLanguage =
  (language: Language) =>
  <T>(forms: CodeForms<T>): T =>
    language === "typescript" ? forms.typescript : forms.python;

/** The program's file: the first word of the command that names a file there is (python3 my_server.py → my_server.py). */
export function programFile(command: string[]): string | undefined {
  const [first = "", ...rest] = command;
  const interpreter = PYTHON.test(basename(first)) || TYPESCRIPT.test(basename(first)); // /usr/bin/python3, .venv\Scripts\python.exe
  const file = (interpreter ? rest : command).find((word) => !word.startsWith("-") && existsSync(word) && statSync(word).isFile());
  return file === undefined ? undefined : resolve(file);
}

/** Whether the program is one of the project's own (a lesson, a solution, a mistake), whose passing is not the learner's. */
export function oneOfOurs(command: string[]): boolean {
  const file = (programFile(command) ?? "").replace(/\\/g, "/");
  return /\/scripts\/[^/]+\.ts$|\/exercises\/[^/]+\/(solution\.py|mistakes\/)/.test(file) || /\.build\/scripts\//.test(file);
}
