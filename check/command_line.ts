/**
 * The checker's command line, forgiving what npm and PowerShell do to it:
 *
 *   npm run check -- <exercise> [--host H] [--port N] [--dict PATH] [--page PATH] [--watch] [-- <command…>]
 *
 * The first word is the exercise; the checker's own options may stand before or after it; the first word
 * after it that is not an option starts the learner's command, with or without the `--` that npm eats
 * (`npm run check udp-server -- python3 x.py` reaches the checker as `udp-server python3 x.py`). An
 * option that npm took for itself (`npm run check udp-server --port 9000 …`) is read back from npm's
 * `npm_config_port`, and its value from where it stood.
 */
import { EXERCISES } from "./exercises/index.ts";
import type { Words } from "./types.ts";

/** The flags of the files the exercises read (--dict, --page), each once. */
const INPUT_FLAGS = [...new Set(EXERCISES.flatMap((exercise) => (exercise.inputs ?? []).map((input) => input.flag)))];

export const USAGE = `npm run check -- <exercise> [--host HOST] [--port PORT] ${INPUT_FLAGS.map((flag) => `[--${flag} PATH] `).join("")}[--watch] [-- <command…>]`;

export interface CommandLine {
  /** The exercise, as typed; undefined to list them all. */
  name?: string;
  /** --host, --port, and the files of the exercises' inputs, by name. */
  options: Record<string, string | undefined>;
  help: boolean;
  /** --watch: check again whenever a file in the program's folder is saved. */
  watch: boolean;
  command: string[];
}

/** Bad usage: what to say, in Chinese and English. */
export class UsageError extends Error {
  readonly words: Words;
  constructor(words: Words) {
    super(words[1]);
    this.words = words;
  }
}

const VALUE_OPTIONS = ["host", "port", ...INPUT_FLAGS];

export function readCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const line: CommandLine = { options: {}, help: false, watch: false, command: [] };
  // Options npm took for itself when `npm run check` had no `--` before them: `--port=9000` leaves its
  // value in npm_config_port; `--port 9000` leaves "true" there, and 9000 among the words.
  const tookByNpm = env.npm_lifecycle_event === "check" ? VALUE_OPTIONS.filter((name) => env[`npm_config_${name}`] !== undefined) : [];
  const valuesLeft = tookByNpm.filter((name) => env[`npm_config_${name}`] === "true");
  if (valuesLeft.length > 1) {
    throw new UsageError([
      `npm 把 ${valuesLeft.map((name) => `--${name}`).join(" 和 ")} 当成了它自己的选项：在 check 之后加上 --，比如 npm run check -- udp-server --port 9000 -- python3 my_server.py`,
      `npm took ${valuesLeft.map((name) => `--${name}`).join(" and ")} for its own options: put -- after check, as in npm run check -- udp-server --port 9000 -- python3 my_server.py`,
    ]);
  }
  for (const name of tookByNpm) if (!valuesLeft.includes(name)) line.options[name] = env[`npm_config_${name}`];
  if (env.npm_lifecycle_event === "check" && env.npm_config_watch === "true") line.watch = true; // --watch, taken by npm

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "--") {
      line.command = argv.slice(i + 1);
      break;
    }
    if (word === "-h" || word === "--help") {
      line.help = true;
      continue;
    }
    if (word === "--watch") {
      line.watch = true;
      continue;
    }
    if (word.startsWith("-")) {
      const [, name = "", inline] = /^--([^=]*)(?:=(.*))?$/s.exec(word) ?? [];
      if (!VALUE_OPTIONS.includes(name)) {
        throw new UsageError([`没有这个选项：${word}`, `there is no option ${word}`]);
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError([`--${name} 后面要跟一个值`, `--${name} needs a value after it`]);
      line.options[name] = value;
      continue;
    }
    if (line.name === undefined) {
      line.name = word;
      continue;
    }
    const eaten = valuesLeft[0];
    if (eaten !== undefined && line.options[eaten] === undefined) {
      line.options[eaten] = word; // the value of the option npm took
      continue;
    }
    line.command = argv.slice(i); // the learner's command begins here, `--` or not
    break;
  }
  return line;
}

/** The exercise nearest to `typed`, for "did you mean": udp_server, UDP-Server and udpserver find udp-server. */
export function nearestName(typed: string, names: string[]): string | undefined {
  const plain = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(plain(typed), plain(name));
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

/** How many letters must be added, dropped or changed to turn `a` into `b` (Levenshtein). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}
