/**
 * The language of a learner's program, told by its command, so that a hint names code the learner wrote:
 * `sendto(b'Thanks', addr)` for Python, `server.send("Thanks", client.port, client.address)` for TypeScript.
 */
import { basename } from "node:path";
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
