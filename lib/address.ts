/**
 * Where a lesson listens or sends: the course's ("127.0.0.1", 8888), unless
 * the command line (--host, --port) or the environment (HOST, PORT) says
 * otherwise. readFlags reads the whole command line, a lesson's own flags
 * with it; a bad flag gets one `error:` line and exit code 2, and --help the
 * text of lib/help.json.
 */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { phrase, say, sayParseError, type Words } from "./say.ts";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8888;

type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Reads --host, --port, --help and the lesson's own flags. */
export function readFlags(usage: string, own: NonNullable<ParseArgsConfig["options"]> = {}) {
  const options = { host: { type: "string" }, port: { type: "string" }, help: { type: "boolean", short: "h" }, ...own } as const;
  let flags: FlagValues = {};
  try {
    flags = parseArgs({ args: process.argv.slice(2), options, strict: true }).values;
  } catch (err) {
    usageError(sayParseError(err as NodeJS.ErrnoException, usage));
  }
  if (flags.help) printHelp(usage);
  origin.host = flags.host === undefined && process.env.HOST ? phrase("fromHostVariable") : "";
  origin.port = flags.port === undefined && process.env.PORT ? phrase("fromPortVariable") : "";
  const host = String(flags.host ?? (process.env.HOST || DEFAULT_HOST))
    .trim()
    .replace(/^\[(.*)\]$/, "$1"); // [::1] → ::1
  const port = String(flags.port ?? (process.env.PORT || DEFAULT_PORT)).trim();
  if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9.])?$/.test(host))
    usageError(say("badHost", JSON.stringify(host), origin.host));
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) usageError(say("badPort", JSON.stringify(port), origin.port));
  return { host, port: Number(port), flags };
}

/** Where the host and the port came from, for a message: an environment variable, or nothing to say. */
export const origin: { host: Words | ""; port: Words | "" } = { host: "", port: "" };

/** A number of seconds from a flag such as --timeout 2, or `fallback` when it is not given. */
export function secondsFlag(flags: FlagValues, name: string, fallback: number): number {
  const text = flags[name];
  if (text === undefined) return fallback;
  const seconds = typeof text === "string" && /^\s*\d*\.?\d+\s*$/.test(text) ? Number(text) : 0;
  if (!(seconds > 0 && seconds <= 3600)) {
    usageError(say("badSeconds", name, JSON.stringify(text)));
  }
  return seconds;
}

/** 127.0.0.1:8888, or [::1]:8888 for an IPv6 address. */
export function formatAddress(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The UDP socket type for a host: "udp6" for an IPv6 address such as ::1, else "udp4". */
export function udpType(host: string): "udp4" | "udp6" {
  return isIP(host) === 6 ? "udp6" : "udp4";
}

type Texts = [english: string, chinese: string];

/** --help: the script's flags and one example, in English and Chinese, from help.json beside this file. */
function printHelp(usage: string): never {
  const help = JSON.parse(readFileSync(new URL("./help.json", import.meta.url), "utf8"));
  const script: { about: Texts; flags: Record<string, Texts>; example: string } = help[usage.split(" ")[0] ?? ""];
  const lines = [`${script.about[0]}`, `  ${script.about[1]}`, `usage: ${usage}`, ""];
  const flags = Object.entries<Texts>({ ...help.shared, ...script.flags }).filter(([flag]) => usage.includes(flag.split(" ")[0] ?? ""));
  for (const [flag, [english, chinese]] of [...flags, ["--help", help.shared["--help"]] as [string, Texts]]) {
    lines.push(`  ${flag.padEnd(18)} ${english}`, `  ${"".padEnd(18)} ${chinese}`);
  }
  console.log([...lines, "", `example 例子: ${script.example}`].join("\n"));
  process.exit(0);
}

/** Bad usage: one `error:` line on stderr, exit code 2. */
export function usageError(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}
