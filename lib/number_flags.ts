/**
 * Numbers from the command line: --timeout 2, --loss 0.3, --delay 250. Only a number written plainly is
 * one; "", 1e3 and 0x10 are not, though JavaScript's Number() would read them. A bad one gets the usual
 * one `error:` line and exit code 2.
 */
import { type FlagValues, usageError } from "./address.ts";
import { say } from "./say.ts";

/**
 * The number a flag gives, written plainly (2, 0.3, .5), from min to max; `fallback` when the flag is not
 * given; anything else ("", 1e3, 0x10, out of range) ends the script with `bad`'s line and exit code 2.
 */
export function numberFlag(flags: FlagValues, name: string, fallback: number, [min, max]: number[], bad: (shown: string) => string) {
  const text = flags[name];
  const value = text === undefined ? fallback : typeof text === "string" && /^\s*\d*\.?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= (min ?? 0) && value <= (max ?? Number.POSITIVE_INFINITY))) usageError(bad(JSON.stringify(text)));
  return value;
}

/** A number of seconds from a flag such as --timeout 2: more than 0, at most 3600; `fallback` when it is not given. */
export const secondsFlag = (flags: FlagValues, name: string, fallback: number) =>
  numberFlag(flags, name, fallback, [Number.MIN_VALUE, 3600], (shown) => say("badSeconds", name, shown));
