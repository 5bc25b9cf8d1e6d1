/**
 * What the lessons say in their own words, in Chinese and then English, from messages.json beside this
 * file: on one line (`中文 — English`), or for a report read line by line, on two. The course's own
 * printed lines (`Msg>>> `, `Response: `) keep the course's wording and do not come from here.
 */
import { readFileSync } from "node:fs";

/** A message in Chinese and English. */
export type Words = { zh: string; en: string };
type Value = string | number | Words;

const MESSAGES: Record<string, Words> = JSON.parse(readFileSync(new URL("./messages.json", import.meta.url), "utf8"));

/** The message `key` as Words (the key itself where there is none), for a value of another message. */
export const phrase = (key: string): Words => MESSAGES[key] ?? { zh: key, en: key };

/** The message `key` with {0}, {1}, … filled in from `values`; a value given as Words fills each language with its own. */
export const say = (key: string, ...values: Value[]) => both(key, values, " — ");
export const sayOnTwoLines = (key: string, ...values: Value[]) => both(key, values, "\n");

function both(key: string, values: Value[], between: string): string {
  const text = (value: Value, language: keyof Words) => (typeof value === "object" ? value[language] : String(value));
  const fill = (language: keyof Words) =>
    phrase(key)[language].replace(/\{(\d)\}/g, (_, i: string) => text(values[Number(i)] ?? "", language));
  return `${fill("zh")}${between}${fill("en")}`;
}

/** parseArgs's error said again in both languages, by its code; its own message names the flag in quotes. */
export function sayParseError({ code = "ERR_PARSE_ARGS_UNKNOWN_OPTION", message }: NodeJS.ErrnoException, usage: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1]?.split(/,? /) ?? []; // '--port <value>', '-h, --help', '8888'
  const flag = quoted.find((word) => word.startsWith("--")) ?? quoted[0] ?? "";
  // `udp_ping.ts 9999`: a port without --port, in a script whose --port it would be (not a relay's own, beside --to)
  const portOnly = code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL" && /^[1-9]\d{0,4}$/.test(flag) && /^(?!.*--to ).*--port/.test(usage);
  return say(/does not take an argument/.test(message) ? "takesNoValue" : portOnly ? "portWithoutFlag" : code, flag, usage);
}
