/**
 * The mistakes of the exercises, read from their folders: each program in exercises/<name>/mistakes/
 * opens with three comment lines, the mistake, the check it must fail, and a word of the message it must
 * show. The checker's tests and the exercises' test read them from here.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.ts";

export interface Mistake {
  exercise: string;
  file: string;
  /** The mistake, in Chinese — English, as its header says it. */
  mistake: string;
  /** The id of the check it must fail. */
  fails: string;
  /** A word or phrase of the message it must show. */
  says: string;
}

/** The header, in the comments of Python (#) or TypeScript (//). */
const HEADER = /^(?:#|\/\/) 错误 mistake: (.+)\n(?:#|\/\/) 不通过 fails: (\S+)\n(?:#|\/\/) 提示 says: (.+)\n/;

/** The mistakes of one exercise, each with its header read, or undefined where a header is missing or malformed. */
export function mistakesOf(exercise: string): { file: string; header: Mistake | undefined }[] {
  const folder = join(ROOT, "exercises", exercise, "mistakes");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.(py|ts)$/.test(file))
    .sort()
    .map((file) => {
      const found = HEADER.exec(readFileSync(join(folder, file), "utf8").replace(/\r\n/g, "\n"));
      const header = found && {
        exercise,
        file: `mistakes/${file}`,
        mistake: found[1] ?? "",
        fails: found[2] ?? "",
        says: (found[3] ?? "").trim(),
      };
      return { file, header: header ?? undefined };
    });
}
