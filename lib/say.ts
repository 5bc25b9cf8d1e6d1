/**
 * What the lessons say in their own words, in Chinese and then English on one line (`中文 — English`),
 * from messages.json beside this file. The course's own printed lines (`Msg>>> `, `Response: `) keep
 * the course's wording and do not come from here.
 */
import { readFileSync } from "node:fs";

/** A message in Chinese and English. */
export type Words = { zh: string; en: string };

const MESSAGES: Record<string, Words> = JSON.parse(readFileSync(new URL("./messages.json", import.meta.url), "utf8"));

/** The message `key` with {0}, {1}, … filled in from `values`; a value given as Words fills each language with its own. */
export function say(key: string, ...values: (string | number | Words)[]): string {
  const message = MESSAGES[key] ?? { zh: key, en: key };
  const fill = (text: string, language: keyof Words) =>
    text.replace(/\{(\d)\}/g, (_, i: string) => {
      const value = values[Number(i)] ?? "";
      return typeof value === "object" ? value[language] : String(value);
    });
  return `${fill(message.zh, "zh")} — ${fill(message.en, "en")}`;
}

/** The message `key` as Words, for a value of another message. */
export function phrase(key: string): Words {
  return MESSAGES[key] ?? { zh: key, en: key };
}
