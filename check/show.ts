/** How the checker shows what it sent and what it got: bytes from a program, shown safely and shortly. */
import { showText } from "../lib/safe_text.ts";
import type { Program } from "./program.ts";

/** Bytes or text, quoted, with control characters escaped, cut after `max` characters. */
export function show(data: Buffer | string | undefined | null, max = 120): string {
  if (data === undefined || data === null) return "nothing";
  const text = showText(data);
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}

/** What the program printed since `from`, for a message. */
export const printed = (program: Program, from = 0) => show(program.output().slice(from), 200);
