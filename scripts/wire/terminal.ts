/**
 * wire.ts in the terminal: a sequence diagram drawn one line per event as it happens, the clients' lane on
 * the left and the server's on the right, like the course's figures; it fits 80 columns (Chinese counts
 * two), so long text is cut here and shown whole in the page.
 */
import type { Lane, Run, WireEvent } from "./events.ts";

/** The columns between the two lanes. */
const ARROW = 56;
/** The most of an arrow's text shown, in columns. */
const LABEL = ARROW - 8;
/** At most this many lines a second; the rest are counted, and said in one line. */
const LINES_PER_SECOND = 40;

/** Columns a character takes in a terminal: two for Chinese, Japanese and Korean, and full-width forms. */
const wide = (ch: string) => /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch);
export const columns = (text: string) => [...text].reduce((sum, ch) => sum + (wide(ch) ? 2 : 1), 0);

/** The text cut to `width` columns, with … where it was cut. */
export function cut(text: string, width: number): string {
  if (columns(text) <= width) return text;
  let out = "";
  for (const ch of text) {
    if (columns(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const line = (n: number) => "─".repeat(Math.max(0, n));

/** One event as a line: its time, its lane, and an arrow between the lanes with its text. */
export function drawEvent(event: WireEvent): string {
  const label = cut(event.label, LABEL);
  const rest = ARROW - columns(label) - 4; // "─ " before, " " after, and the head
  let arrow: string;
  const half = Math.floor(rest / 2); // a lost datagram's arrow stops halfway, at ✗
  if (event.lost && event.up) arrow = `─ ${label} ${line(half)}✗${" ".repeat(rest - half)}`;
  else if (event.lost) arrow = `${" ".repeat(rest - half)}✗${line(half)} ${label} ─`;
  else if (event.up) arrow = `─ ${label} ${line(rest)}▶`;
  else arrow = `◀${line(rest)} ${label} ─`;
  const time = `${(event.at / 1000).toFixed(3)} s`.padStart(9);
  return `${time} ${`#${event.lane}`.padEnd(4)}│${arrow}│`;
}

/** The lines at the top: which lane is which side. */
export function header(run: Run): string {
  const left = run.protocol === "UDP" ? "客户端 clients" : "客户端 clients (连接 connections)";
  const right = `服务端 server ${run.server}`;
  return `${" ".repeat(14)}${left}${" ".repeat(Math.max(1, ARROW - columns(left) - columns(right) + 2))}${right}`;
}

/** The line that says who a new lane is. */
export const laneLine = (run: Run, lane: Lane) =>
  `${" ".repeat(10)}#${lane.number} = ${run.protocol === "UDP" ? "客户端 client" : `连接 connection ${lane.number}, 来自 from`} ${lane.client}`;

/**
 * Draws each event of the run as it comes, at most LINES_PER_SECOND a second: a flood is said in one line
 * a second ("… 1,200 more datagrams"), so the terminal keeps up, and so does the relay.
 */
export function drawLive(run: Run, print: (line: string) => void): () => void {
  let second = Math.floor(performance.now() / 1000);
  let drawn = 0;
  let skipped = 0;
  const lanesShown = new Set<number>();
  const sayMore = () => {
    if (skipped > 0)
      print(
        `${" ".repeat(14)}… 还有 ${skipped.toLocaleString("en-US")} 个 — ${skipped.toLocaleString("en-US")} more ${run.protocol === "UDP" ? "datagrams" : "events"}`,
      );
    skipped = 0;
  };
  const timer = setInterval(sayMore, 1_000);
  timer.unref();
  print(header(run));
  run.onEvent((event) => {
    const now = Math.floor(performance.now() / 1000);
    if (now !== second) {
      second = now;
      drawn = 0;
    }
    if (drawn >= LINES_PER_SECOND) {
      skipped++;
      return;
    }
    drawn++;
    const lane = run.lanes[event.lane - 1];
    if (lane && !lanesShown.has(lane.number)) {
      lanesShown.add(lane.number);
      print(laneLine(run, lane));
    }
    print(drawEvent(event));
  });
  return () => {
    clearInterval(timer);
    sayMore();
  };
}
