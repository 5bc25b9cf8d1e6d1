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

export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Reads --host, --port, --help and the lesson's own flags. */
export function readFlags(usage: string, own: NonNullable<ParseArgsConfig["options"]> = {}) {
  const options = { host: { type: "string" }, port: { type: "string" }, help: { type: "boolean", short: "h" }, ...own } as const;
  let flags: FlagValues = {};
  try {
    // `--timeout -1`: a number after a flag is that flag's value, to be refused as a value, not read as a flag.
    const args = process.argv.slice(2);
    for (let i = args.length - 1; i > 0; i--) if (/^-[\d.]/.test(args[i] ?? "")) args.splice(i - 1, 2, `${args[i - 1]}=${args[i]}`);
    flags = parseArgs({ args, options, strict: true }).values;
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

/** 127.0.0.1:8888, or [::1]:8888 for an IPv6 address. */
export function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`; // only an IPv6 address has a colon
}

/** The UDP socket type for a host: "udp6" for an IPv6 address such as ::1, else "udp4". */
export function udpType(host: string): "udp4" | "udp6" {
  return isIP(host) === 6 ? "udp6" : "udp4";
}

/** --help: the script's flags and one example, in Chinese and English, from help.json beside this file. */
function printHelp(usage: string): never {
  const help = JSON.parse(readFileSync(new URL("./help.json", import.meta.url), "utf8"));
  const script: { about: Words; flags: Record<string, Words>; example: string } = help[usage.split(" ")[0] ?? ""];
  const lines = [script.about.zh, `  ${script.about.en}`, `usage: ${usage}`, ""];
  const flags = Object.entries<Words>({ ...help.shared, ...script.flags }).filter(([flag]) => usage.includes(flag.split(" ")[0] ?? ""));
  for (const [flag, { zh, en }] of [...flags, ["--help", help.shared["--help"]] as [string, Words]]) {
    lines.push(`  ${flag.padEnd(18)} ${zh}`, `  ${"".padEnd(18)} ${en}`);
  }
  console.log([...lines, "", `example 例子: ${script.example}`].join("\n"));
  process.exit(0);
}

/** Bad usage: one `error:` line on stderr, exit code 2. */
export function usageError(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}
