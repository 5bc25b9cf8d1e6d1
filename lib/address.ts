/**
 * The small pieces every lesson needs that are not the lesson itself:
 * reading --host/--port (and a script's own flags), showing text that came
 * from the network safely, printing addresses, one-line errors, Ctrl-C, and
 * waiting for a reply datagram with a time limit.
 *
 * Copy this file next to a lesson when you start an exercise from it.
 */
import type { Socket as UdpSocket } from "node:dgram";
import { isIP } from "node:net";
import { type ParseArgsConfig, parseArgs } from "node:util";

export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8888;

/** The largest payload of one UDP datagram over IPv4 (65,535 − 8 − 20). */
export const MAX_UDP_PAYLOAD = 65_507;

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  host: string;
  port: number;
  /** Every flag, the script's own included, as parseArgs read them. */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

/**
 * Reads the command line: --host and --port (then the HOST and PORT
 * environment variables, then 127.0.0.1:8888), plus the script's own flags.
 * Bad usage prints one `error:` line and exits with code 2.
 */
export function parseAddress(usage: string, ownOptions: Options = {}): ParsedArgs {
  const options: Options = {
    host: { type: "string" },
    port: { type: "string" },
    help: { type: "boolean", short: "h" },
    ...ownOptions,
  };
  let values: ParsedArgs["values"];
  try {
    ({ values } = parseArgs({ args: process.argv.slice(2), options, strict: true, allowPositionals: false }));
  } catch (err) {
    // parseArgs explains over several lines; the contract is one line.
    usageError(`${plainMessage(err).replace(/\s*\n\s*/g, " ")} (usage: ${usage})`);
  }
  if (values.help) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  const host = pickString(values.host, process.env.HOST, DEFAULT_HOST);
  const port = pickString(values.port, process.env.PORT, String(DEFAULT_PORT));
  return { host: checkHost(host), port: checkPort(port), values };
}

function pickString(flag: unknown, env: string | undefined, fallback: string): string {
  if (typeof flag === "string") return flag;
  if (env !== undefined && env !== "") return env;
  return fallback;
}

/** A port is a whole number from 0 to 65535; 0 asks the system for any free port. */
export function checkPort(text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    usageError(`port must be a whole number from 0 to 65535 (0 picks a free port), not ${JSON.stringify(text)}`);
  }
  return port;
}

/** A host is an IPv4 or IPv6 address, or a host name such as localhost. */
export function checkHost(text: string): string {
  const host = text.trim().replace(/^\[(.*)\]$/, "$1");
  const hostName = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
  if (isIP(host) === 0 && !hostName.test(host)) {
    usageError(`host must be an address such as 127.0.0.1 or ::1, or a name such as localhost, not ${JSON.stringify(text)}`);
  }
  return host;
}

/** Reads a number of seconds from a flag, such as --timeout 2. */
export function checkSeconds(name: string, text: unknown, fallback: number): number {
  if (text === undefined) return fallback;
  const seconds = typeof text === "string" && /^\s*\d*\.?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= 3600)) {
    usageError(`--${name} takes a number of seconds greater than 0 and at most 3600, not ${JSON.stringify(text)}`);
  }
  return seconds;
}

/** 127.0.0.1:8888, or [::1]:8888 for an IPv6 address. */
export function formatAddress(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The UDP socket type for a host: "udp6" for an IPv6 address, else "udp4". */
export function udpType(host: string): "udp4" | "udp6" {
  return isIP(host) === 6 ? "udp6" : "udp4";
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const UNSAFE = /[\\\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const NAMED_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Shows bytes or text from the network on one line, safely: the bytes are
 * read as UTF-8, and a byte that is not part of valid UTF-8 is shown as \xNN;
 * control characters (newline, escape, ...), the invisible characters that
 * reorder text, and the backslash itself are shown as escapes. No peer can
 * move your cursor, clear your screen or retitle your terminal.
 */
export function showText(data: Uint8Array | string): string {
  if (typeof data === "string") return escapeText(data);
  try {
    return escapeText(utf8.decode(data));
  } catch {
    // Some bytes are not UTF-8: walk them one character at a time.
  }
  let out = "";
  let i = 0;
  while (i < data.length) {
    const lead = data[i] as number;
    const size =
      lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const ch = size > 0 ? decodeOne(data.subarray(i, i + size), size) : undefined;
    out += ch === undefined ? `\\x${hex(lead)}` : escapeText(ch);
    i += ch === undefined ? 1 : size;
  }
  return out;
}

function decodeOne(bytes: Uint8Array, size: number): string | undefined {
  if (bytes.length < size) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function escapeText(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return NAMED_ESCAPES[ch] ?? (code <= 0xff ? `\\x${hex(code)}` : `\\u{${code.toString(16)}}`);
  });
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}

let logLines: string[] = [];
let logTimer: NodeJS.Timeout | undefined;

/**
 * Prints a line on stdout, as console.log does, for a busy server's log:
 * lines are written together, 20 ms after the first of them or every 100
 * lines, instead of one write each. Lines still waiting when the process
 * exits are written first.
 */
export function logLine(line: string): void {
  logLines.push(line);
  if (logLines.length >= 100) flushLog();
  else logTimer ??= setTimeout(flushLog, 20);
}

function flushLog(): void {
  clearTimeout(logTimer);
  logTimer = undefined;
  if (logLines.length === 0) return;
  const text = `${logLines.join("\n")}\n`;
  logLines = [];
  process.stdout.write(text);
}
process.on("exit", flushLog);

/** Prints `error: ...` on stderr and exits with code 2 (bad usage). */
export function usageError(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/** Prints `error: ...` on stderr and exits with code 1 (a failure at run time). */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** The message of an error, without the stack. */
export function plainMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What a socket error means for a learner, in one line, with what to do. */
export function explainSocketError(err: unknown, host: string, port: number): string {
  const where = formatAddress(host, port);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EADDRINUSE":
      return `${where} is already in use: is another server running? try --port ${port === 9999 ? 9998 : 9999}`;
    case "EACCES":
      return `no permission to use ${where}: ports below 1024 need root; try --port ${DEFAULT_PORT}`;
    case "EADDRNOTAVAIL":
      return `${host} is not an address of this machine: try --host 127.0.0.1`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot find the host ${host}: check the name, or use an address such as 127.0.0.1`;
    case "EAFNOSUPPORT":
      return `${host} is an address family this machine does not support: try --host 127.0.0.1`;
    default:
      return `${where}: ${plainMessage(err)}`;
  }
}

/**
 * Runs `stop` once on Ctrl-C or SIGTERM (Python's KeyboardInterrupt). `stop`
 * closes the sockets; the process then ends by itself with exit code 0. A
 * second Ctrl-C, or a stop that takes over a second, exits at once.
 */
export function onStop(stop: () => void): void {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(0);
    stopping = true;
    setTimeout(() => process.exit(0), 1000).unref();
    stop();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

/** What a client says when a message cannot go in one datagram. */
export function tooLargeMessage(bytes: number): string {
  return `That message is ${bytes} bytes; one UDP datagram holds at most ${MAX_UDP_PAYLOAD}. Send it in parts.`;
}

/** What a client says when no reply came in time. */
export function noReplyMessage(host: string, port: number, seconds: number): string {
  return `No reply from ${formatAddress(host, port)} within ${seconds} s: the datagram or its reply was lost, or no server is running at that address.`;
}

/**
 * Waits for the next datagram on a socket, at most `seconds` long: UDP gives
 * no promise that a reply comes at all. Resolves with its bytes, or with null
 * when the time is up or the socket is closed.
 */
export function receiveReply(socket: UdpSocket, seconds: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const done = (data: Buffer | null) => {
      clearTimeout(timer);
      socket.off("message", done);
      socket.off("close", onClose);
      resolve(data);
    };
    const onClose = () => done(null);
    const timer = setTimeout(onClose, seconds * 1000);
    socket.once("message", done);
    socket.once("close", onClose);
  });
}
