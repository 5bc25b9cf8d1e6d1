/**
 * The checker as the server of a pinger (the udp-ping exercise), and what it reads in the pinger's output:
 * each ping echoed after DELAY_MS unless the check says otherwise, then the lines about each ping, its
 * round trip, and whether it timed out, in any wording that names the ping's number.
 */
import { randomInt } from "node:crypto";
import type { FakeServer, Reply } from "./net.ts";
import { type Context, NO_PROGRAM, type Outcome, skip } from "./types.ts";

/** How long the checker holds each reply: every true round trip is at least this long. */
export const DELAY_MS = 30;
/** No ping for this long, and the client has not ended: it is stuck waiting for a lost reply. */
export const SILENCE_MS = 4_000;
/** How long a client may take to start and send its first ping. */
const START_MS = 20_000;
/** From its first ping, the course's pinger ends within 10 pings × 1 s; and room for a busy machine. */
export const DEADLINE_MS = 10 * 1_000 + 5_000;

export interface Ping {
  seq: number;
  dropped: boolean;
  /** When it came, in ms from the run's start. */
  at: number;
}

/** One run of the client against the checker's server: the pings that came, in order, and what it printed. */
export interface PingRun {
  pings: Ping[];
  output: string;
  /** It ended by itself before the deadline. */
  ended: boolean;
  /** When it ended, or was stopped, in ms from the run's start. */
  endAt: number;
  /** It sent nothing more for SILENCE_MS after this ping, and did not end. */
  stuckAfter?: number;
  /** It could not be run: why. */
  skipped?: Outcome;
}

/** The sequence number a ping names: the first whole number in it ("Ping 3 1733059200123"). */
const seqOf = (data: Buffer) => Number(/\d+/.exec(data.toString("latin1"))?.[0] ?? Number.NaN);

/**
 * Starts the client and plays its server until the client ends or goes quiet: each ping is echoed after
 * DELAY_MS unless `answer` says otherwise (false: never; "late": only once the next ping has come).
 */
export async function playServer(context: Context<{ server: FakeServer }>, answer: (index: number) => boolean | "late"): Promise<PingRun> {
  const { state } = context;
  const client = await context.restart?.();
  if (client === undefined) return { pings: [], output: "", ended: false, endAt: 0, skipped: skip(NO_PROGRAM) };
  const started = performance.now();
  let firstPing = started;
  const timers = new Set<NodeJS.Timeout>();
  const pings: Ping[] = [];
  let late: Reply | undefined;
  let stuckAfter: number | undefined;
  const ending = client.waitForEnd(START_MS + DEADLINE_MS);
  for (;;) {
    const wait = pings.length === 0 ? START_MS : SILENCE_MS; // the first ping comes once the program has started
    const next = await state.server.next(wait, ending);
    if (next === null) {
      if (client.ended() === undefined && performance.now() - firstPing < DEADLINE_MS) stuckAfter = pings.at(-1)?.seq;
      break;
    }
    if (late) state.server.send(late.data, late.from); // the reply to the last ping, now that the next one is here
    late = undefined;
    if (pings.length === 0) firstPing = performance.now();
    const how = answer(pings.length + 1);
    pings.push({ seq: seqOf(next.data), dropped: how !== true, at: performance.now() - started });
    if (how === "late") late = next;
    else if (how) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        state.server.send(next.data, next.from); // the ping's own bytes back, as an echo server does
      }, DELAY_MS);
      timers.add(timer);
    }
    if (performance.now() - firstPing > DEADLINE_MS) break;
  }
  const ended = stuckAfter === undefined && (await client.waitForEnd(Math.max(0, DEADLINE_MS - (performance.now() - firstPing))));
  const endAt = performance.now() - started;
  for (const timer of timers) clearTimeout(timer); // no reply is due once the run is over
  const output = client.output();
  await client.stop();
  return { pings, output, ended, endAt, stuckAfter };
}

/**
 * The ways a line names its ping: `Ping 3`, `ping #3`, `第 3 个 ping`, `seq 3`, `icmp_seq=3`, `序号 3`,
 * `Request 3 timed out`, `Request timed out 3`, or a line that starts with the number (`3: 30.2 ms`).
 */
const NAMES_A_PING = [
  /\bping\s*#?\s*(\d+)\b/i,
  /第\s*(\d+)\s*个/,
  /\b(?:icmp_)?seq(?:uence)?(?:\s*(?:number|no\.?))?\s*[:=#]?\s*(\d+)\b/i,
  /序号\s*[:：=]?\s*(\d+)/,
  /\brequest\s*#?\s*(\d+)\b/i,
  /(?:timed out|timeout|超时)\D{0,3}(\d+)\s*$/i,
  /^\s*#?(\d+)\s*[:：.)]/,
];

/** The ping a line names, or undefined; a summary line (with a %) names none. */
export function pingNamed(line: string): number | undefined {
  if (line.includes("%")) return undefined;
  for (const pattern of NAMES_A_PING) {
    const found = pattern.exec(line);
    if (found) return Number(found[1]);
  }
  return undefined;
}

/** What the client printed about each ping: the lines from the one that names it to the next that names another. */
export function linesOfEachPing(output: string): Map<number, string> {
  const blocks = new Map<number, string>();
  let current: number | undefined;
  for (const line of output.split(/\r?\n/)) {
    if (/%|min\/avg\/max|最短|statistics|统计/i.test(line)) current = undefined; // the summary belongs to no ping
    current = pingNamed(line) ?? current;
    if (current !== undefined) blocks.set(current, `${blocks.get(current) ?? ""}${line}\n`);
  }
  return blocks;
}

/**
 * The longest a ping's round trip can be, as the client measures it: it sends a ping only after the last
 * one's reply or time-out, so no earlier than the last ping came; it stops the clock before it sends the
 * next, so no later than the next came (or than the end). A busy machine may hold a datagram before it
 * leaves; this bound holds all the same.
 */
export function longest(run: PingRun, index: number): number {
  return (run.pings[index + 1]?.at ?? run.endAt) - (run.pings[index - 1]?.at ?? 0);
}

export const TIMED_OUT = /time[ds]?\s*out|timeout|超时|丢失|lost|no reply|没有回复/i;

/** A round trip in ms from a ping's lines: a number with its unit, or after RTT without one (then seconds, as the textbook prints it). */
export function roundTrip(lines: string): { ms: number; unit: string } | undefined {
  const withUnit = /(\d+(?:\.\d+)?)\s*(ms|msec|milliseconds?|毫秒|s|sec|secs|seconds?|秒)(?![A-Za-z])/i.exec(
    lines.replace(/\d+\.\d+\.\d+\.\d+:\d+/g, ""),
  );
  if (withUnit) {
    const value = Number(withUnit[1]);
    const unit = (withUnit[2] ?? "").toLowerCase();
    return { ms: /^(ms|msec|millisecond|milliseconds|毫秒)$/.test(unit) ? value : value * 1000, unit };
  }
  const bare = /(?:rtt|往返(?:时间)?|round[- ]trip(?: time)?)\s*[:=：]?\s*(\d+(?:\.\d+)?)/i.exec(lines);
  return bare ? { ms: Number(bare[1]) * 1000, unit: "s" } : undefined;
}

/** Two pings of the first eight, other than the first, chosen afresh each run. */
export function twoToDrop(): Set<number> {
  const first = randomInt(2, 9);
  let second = randomInt(2, 9);
  while (second === first) second = randomInt(2, 9);
  return new Set([first, second]);
}

/** The pings the checker left unanswered, for a message. */
export const dropped = (run: PingRun, between: string) =>
  run.pings
    .filter((ping) => ping.dropped)
    .map((ping) => ping.seq)
    .join(between);
