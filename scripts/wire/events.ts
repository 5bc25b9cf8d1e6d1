/**
 * What wire.ts sees, as events: each datagram (passed on or lost), each TCP connection opened, each chunk
 * of bytes as the relay read it, each close (FIN) and reset (RST). A run keeps at most MAX_KEPT of them, so
 * that a client that floods costs no more memory than one that does not; the rest are counted.
 */
import { showText } from "../../lib/safe_text.ts";

export type Kind = "datagram" | "open" | "data" | "close" | "reset" | "refused";

export interface WireEvent {
  /** Milliseconds since the run's first event. */
  at: number;
  kind: Kind;
  /** The client (UDP: by its address) or the connection (TCP), numbered from 1 as they come. */
  lane: number;
  /** up: client → server; down: server → client. */
  up: boolean;
  /** A datagram that --loss dropped. */
  lost?: boolean;
  /** The bytes, at most SHOWN_BYTES of them; `size` is how many there were. */
  bytes?: Buffer;
  size?: number;
  /** The arrow's text: shown safely, short. */
  label: string;
}

/** How many events a run keeps, and how many bytes of each. */
export const MAX_KEPT = 2_000;
export const SHOWN_BYTES = 4_096;
/** How many lanes a run names, for the drawings (a flood from many ports has its arrows counted, not named). */
export const MAX_LANES = 200;

/** A lane's name: its client's address, and for TCP its connection's number. */
export interface Lane {
  number: number;
  client: string;
}

/** The events of one run, and what was not kept. */
export class Run {
  readonly events: WireEvent[] = [];
  readonly lanes: Lane[] = [];
  private readonly byClient = new Map<string, number>();
  /** Events seen but not kept (past MAX_KEPT). */
  notKept = 0;
  private first: number | undefined;
  private readonly listeners = new Set<(event: WireEvent) => void>();

  readonly protocol: "UDP" | "TCP";
  /** The server's address, as --to gave it. */
  readonly server: string;

  constructor(protocol: "UDP" | "TCP", server: string) {
    this.protocol = protocol;
    this.server = server;
  }

  /** The lane of a client address (UDP) or a new one for a connection (TCP). */
  lane(client: string, fresh = false): number {
    const known = fresh ? undefined : this.byClient.get(client);
    if (known) return known;
    const lane = { number: this.lanes.length + 1, client };
    if (this.lanes.length < MAX_LANES) this.lanes.push(lane); // past that, a lane is numbered but not named
    this.byClient.set(client, lane.number);
    return lane.number;
  }

  add(event: Omit<WireEvent, "at">): void {
    const now = performance.now();
    this.first ??= now;
    const full: WireEvent = { ...event, at: now - this.first };
    if (this.events.length >= MAX_KEPT || event.lane > MAX_LANES) this.notKept++;
    else this.events.push(full);
    for (const listener of this.listeners) listener(full);
  }

  /** Calls `listener` with every event from now on. */
  onEvent(listener: (event: WireEvent) => void): void {
    this.listeners.add(listener);
  }
}

/** Bytes as an arrow's text: quoted, escaped, cut after `max` characters, with the size. */
export function bytesLabel(bytes: Buffer, max = 24): string {
  const text = showText(bytes);
  return `"${text.length > max ? `${text.slice(0, max)}…` : text}" ${sizeText(bytes.length)}`;
}

export const sizeText = (size: number) => `${size.toLocaleString("en-US")} B`;

/**
 * A chunk of TCP bytes as an arrow's text: an HTTP request by its request line and its count of header
 * lines, a response by its status line, anything else as bytes.
 */
export function chunkLabel(bytes: Buffer): string {
  const head = bytes.toString("latin1", 0, Math.min(bytes.length, 8_192));
  const [first = "", ...rest] = head.split("\r\n\r\n")[0]?.split(/\r?\n/) ?? [];
  if (/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(first) || /^HTTP\/1\.[01] \d{3}( |$)/.test(first)) {
    const kind = first.startsWith("HTTP/") ? "响应头" : "请求头";
    const headers = head.includes("\r\n\r\n") ? ` +${rest.length} ${kind} headers` : "";
    return `${showText(first.slice(0, 40))}${headers}, ${sizeText(bytes.length)}`;
  }
  return bytesLabel(bytes);
}
