/**
 * Reading HTTP/1.1 requests from a TCP byte stream, by hand: the parser of the
 * going-further lesson scripts/http_keep_alive.ts (course 2.2, 2.3).
 *
 * TCP delivers bytes, not messages: one `data` event may hold half a
 * request, or three. A RequestReader collects the bytes and hands out whole
 * requests, one at a time, in order:
 *
 *   GET /index.html HTTP/1.1\r\n        ← the request line: method, target, version
 *   Host: 127.0.0.1:8888\r\n            ← headers, one per line: name, colon, value
 *   Accept: text/html\r\n
 *   \r\n                                ← a blank line ends the head
 *   (a body, when Content-Length or Transfer-Encoding: chunked says there is one)
 *
 * It follows RFC 9112 strictly, because a server that guesses lets a client
 * smuggle one request inside another: anything malformed becomes an error
 * with the status to answer, after which the connection must be closed.
 */
import { readFileSync, statSync } from "node:fs";
import { showText } from "./safe_text.ts";
import { say } from "./say.ts";

/** The longest request head accepted: the request line and all headers. */
export const MAX_HEAD_BYTES = 8 * 1024;
/** The largest request body read (and discarded); a larger one gets 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest {
  method: string;
  /** The request target, as sent: /index.html?x=1 */
  target: string;
  version: "HTTP/1.0" | "HTTP/1.1";
  /** The request line as received, for the log. */
  requestLine: string;
  /** Header names in lower case; a header sent twice keeps both values, joined by ", ". */
  headers: Map<string, string>;
  /** How many bytes of body came with the request (the lessons do not use it). */
  bodyBytes: number;
}

export interface HttpError {
  /** The status to answer with: 400, 413, 431, 501 or 505. */
  status: number;
  /** What was wrong, in a few words, for the log and the response body. */
  reason: string;
  /** The request line, as far as one was read. */
  requestLine: string;
}

/** What the reader hands out next. */
export type Incoming =
  | { kind: "request"; request: HttpRequest }
  /** The client sent `Expect: 100-continue` and waits for a 100 response before it sends the body. */
  | { kind: "continue" }
  | { kind: "error"; error: HttpError };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([^ ]+) ([^ ]+) ([^ ]+)$/;
const VERSION = /^HTTP\/(\d)\.(\d)$/;
const TARGET = /^[\x21-\x7e]+$/;
const CHUNK_LINE = /^([0-9A-Fa-f]{1,8})[ \t]*(;.*)?$/;
const CR = 0x0d;
const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

export class RequestReader {
  private buffer: Buffer = EMPTY;
  /** How much of the buffer has been searched for the blank line that ends a head. */
  private searched = 0;
  private failed = false;
  /** The request whose body is being read, with what is left of it. */
  private current: HttpRequest | undefined;
  private bodyLeft = 0;
  private chunked: "size" | "data" | "data-end" | "trailers" | undefined;

  /** Adds bytes that arrived on the socket. */
  push(chunk: Buffer): void {
    if (!this.failed) this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /**
   * The next whole request, an error, or undefined when more bytes are
   * needed. After an error, it hands out nothing more.
   */
  next(): Incoming | undefined {
    if (this.failed) return undefined;
    const item = this.current ? this.readBody(this.current) : this.readHead();
    if (item?.kind === "error") {
      this.failed = true;
      this.buffer = EMPTY;
    }
    return item;
  }

  /** True while part of a request has arrived but not all of it. */
  get midRequest(): boolean {
    return this.current !== undefined || this.buffer.length > 0;
  }

  private readHead(): Incoming | undefined {
    // A client may send empty lines between requests: skip them (RFC 9112, 2.2).
    let start = 0;
    while (this.buffer[start] === CR || this.buffer[start] === LF) start++;
    if (start > 0) this.buffer = this.buffer.subarray(start);
    if (this.buffer.length === 0) return undefined;

    // The head ends at the first blank line. Bytes searched before, while
    // waiting for the rest of the head, are not searched again.
    const blank = findBlankLine(this.buffer, start > 0 ? 0 : this.searched);
    if (blank === undefined || blank.end > MAX_HEAD_BYTES) {
      if (this.buffer.length <= MAX_HEAD_BYTES) {
        this.searched = Math.max(0, this.buffer.length - 2); // a blank line may begin in the last two bytes
        return undefined; // wait for more bytes
      }
      const firstLine = this.buffer.toString("latin1", 0, Math.min(this.buffer.length, MAX_HEAD_BYTES + 4));
      return fail(431, say("http.headTooLarge", MAX_HEAD_BYTES), firstLine.split(/\r?\n/, 1)[0] ?? "");
    }
    const text = this.buffer.toString("latin1", 0, blank.end);
    this.buffer = this.buffer.subarray(blank.next);
    this.searched = 0;
    const [requestLine = "", ...headerLines] = text.split(/\r?\n/);

    // The request line: METHOD SP TARGET SP VERSION, single spaces.
    const parts = REQUEST_LINE.exec(requestLine);
    if (parts === null) return fail(400, say("http.badRequestLine"), requestLine);
    const [, method = "", target = "", versionText = ""] = parts;
    const known = versionText === "HTTP/1.1" || versionText === "HTTP/1.0"; // the versions read; another gets 505
    if (!TOKEN.test(method) || !TARGET.test(target) || !(known || VERSION.test(versionText))) {
      return fail(400, say("http.badRequestLine"), requestLine);
    }
    if (!known) return fail(505, say("http.badVersion", versionText), requestLine);

    // The headers: NAME: VALUE, one per line.
    const headers = new Map<string, string>();
    let hosts = 0;
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon);
      // No space before the colon, no line folded onto the next (RFC 9112, 5.1–5.2).
      if (colon <= 0 || !TOKEN.test(name)) return fail(400, say("http.badHeaderLine"), requestLine);
      const value = withoutSpaces(line.slice(colon + 1));
      if (hasControlCharacter(value)) return fail(400, say("http.controlCharacter"), requestLine);
      const key = name.toLowerCase();
      if (key === "host") hosts++;
      const earlier = headers.get(key);
      headers.set(key, earlier === undefined ? value : `${earlier}, ${value}`);
    }
    const request: HttpRequest = {
      method,
      target,
      version: versionText as HttpRequest["version"],
      requestLine,
      headers,
      bodyBytes: 0,
    };

    // HTTP/1.1 needs exactly one Host header (RFC 9112, 3.2).
    if (hosts > 1 || (request.version === "HTTP/1.1" && hosts === 0)) {
      return fail(400, say("http.oneHost"), requestLine);
    }

    // Is there a body, and how long is it? (RFC 9112, 6.3)
    const length = headers.get("content-length");
    const coding = headers.get("transfer-encoding");
    if (coding !== undefined) {
      if (length !== undefined || request.version === "HTTP/1.0") {
        return fail(400, say("http.bothLengths"), requestLine);
      }
      if (coding.toLowerCase() !== "chunked") return fail(501, say("http.badCoding", coding), requestLine);
      this.chunked = "size";
    } else if (length !== undefined) {
      const values = length.split(",").map((value) => value.trim());
      if (!values.every((value) => /^\d{1,15}$/.test(value) && value === values[0])) {
        return fail(400, say("http.badLength"), requestLine);
      }
      this.bodyLeft = Number(values[0]);
      if (this.bodyLeft > MAX_BODY_BYTES) return fail(413, say("http.bodyTooLarge", MAX_BODY_BYTES), requestLine);
    }
    if (this.bodyLeft === 0 && this.chunked === undefined) return { kind: "request", request };

    this.current = request;
    const expect = headers.get("expect")?.toLowerCase();
    if (expect === "100-continue" && request.version === "HTTP/1.1") return { kind: "continue" };
    return this.readBody(request);
  }

  /** Reads (and drops) the body; hands out the request when all of it is in. */
  private readBody(request: HttpRequest): Incoming | undefined {
    while (this.buffer.length > 0) {
      if (this.chunked === undefined || this.chunked === "data") {
        const taken = Math.min(this.bodyLeft, this.buffer.length);
        this.buffer = this.buffer.subarray(taken);
        this.bodyLeft -= taken;
        request.bodyBytes += taken;
        if (this.bodyLeft > 0) return undefined;
        if (this.chunked === undefined) return this.finish(request);
        this.chunked = "data-end";
        continue;
      }
      // Chunked: SIZE-IN-HEX CRLF, DATA CRLF, ..., 0 CRLF, trailers, CRLF.
      const newline = this.buffer.indexOf(LF);
      if (newline === -1) {
        if (this.buffer.length > 1024) return fail(400, say("http.chunkLineTooLong"), request.requestLine);
        return undefined;
      }
      const line = this.buffer.toString("latin1", 0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.subarray(newline + 1);
      if (this.chunked === "data-end") {
        if (line !== "") return fail(400, say("http.chunkEnd"), request.requestLine);
        this.chunked = "size";
      } else if (this.chunked === "size") {
        const size = CHUNK_LINE.exec(line);
        if (size === null) return fail(400, say("http.chunkSize"), request.requestLine);
        this.bodyLeft = Number.parseInt(size[1] as string, 16);
        if (request.bodyBytes + this.bodyLeft > MAX_BODY_BYTES) {
          return fail(413, say("http.bodyTooLarge", MAX_BODY_BYTES), request.requestLine);
        }
        this.chunked = this.bodyLeft === 0 ? "trailers" : "data";
      } else if (line === "") {
        return this.finish(request); // the blank line after the trailers
      } else if (!TOKEN.test(line.slice(0, Math.max(0, line.indexOf(":"))))) {
        return fail(400, say("http.badTrailer"), request.requestLine);
      }
    }
    return undefined;
  }

  private finish(request: HttpRequest): Incoming {
    this.current = undefined;
    this.chunked = undefined;
    this.bodyLeft = 0;
    return { kind: "request", request };
  }
}

/**
 * Where the head at the start of `bytes` ends: at the first line feed that
 * is followed by a blank line, LF or CR LF (a CR before it belongs to the
 * line break too). `end` is where the head's last line ends, `next` where
 * what follows the blank line begins. Undefined when no blank line has come yet.
 */
function findBlankLine(bytes: Buffer, from: number): { end: number; next: number } | undefined {
  for (let lf = bytes.indexOf(LF, from); lf !== -1; lf = bytes.indexOf(LF, lf + 1)) {
    const next = bytes[lf + 1] === LF ? lf + 2 : bytes[lf + 1] === CR && bytes[lf + 2] === LF ? lf + 3 : -1;
    if (next !== -1) return { end: bytes[lf - 1] === CR ? lf - 1 : lf, next };
    if (lf > MAX_HEAD_BYTES) break; // too far already: the head is too large
  }
  return undefined;
}

/** A space or a tab: what may stand around a header's value (OWS). */
const isSpace = (code: number) => code === 0x20 || code === 0x09;

/** Text without the spaces and tabs around it (RFC 9110, 5.6.3); any other character stays, to be checked. */
function withoutSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** Control characters other than tab may not appear in a header value (RFC 9110, 5.5). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

function fail(status: number, reason: string, requestLine: string): Incoming {
  return { kind: "error", error: { status, reason, requestLine } };
}

/** A Connection header's options are a comma-separated list, in any case, with only spaces and tabs around each (RFC 9110, 5.6.1, 7.6.1). */
const CLOSE = /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i;
const KEEP_ALIVE = /(?:^|,)[ \t]*keep-alive[ \t]*(?:,|$)/i;

/** Whether the connection stays open after the response (RFC 9112, 9.3). */
export function keepsAlive(request: HttpRequest): boolean {
  const connection = request.headers.get("connection") ?? "";
  if (CLOSE.test(connection)) return false;
  return request.version === "HTTP/1.1" || KEEP_ALIVE.test(connection); // 1.1 keeps it unless told, 1.0 closes unless told
}

let dateSecond = Number.NaN;
let dateText = "";

/**
 * The time now as a Date header wants it: Tue, 24 Nov 2026 18:42:54 GMT. It
 * changes once a second, so it is made once a second, not for every response.
 */
export function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/**
 * A request line for the log, shown safely. One the reader accepted holds
 * only printable ASCII and is shown as it is; the line of a request that
 * could not be read may hold anything, and is escaped (see showText).
 */
export function showRequestLine(line: string): string {
  return /^[\x20-\x5b\x5d-\x7e]*$/.test(line) ? line : showText(Buffer.from(line, "latin1")); // printable ASCII but the backslash
}

/** Makes text safe to put inside an HTML page: < > & " ' become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * The page a server sends, read again when the file changes, so that
 * editing it and reloading the browser shows the edit. It looks at the file
 * at most once every 100 ms, not for every request. Throws when the file
 * cannot be read.
 */
export function pageFile(path: string): () => Buffer {
  let stamp = "";
  let page: Buffer = Buffer.alloc(0);
  let checked = Number.NEGATIVE_INFINITY;
  return () => {
    const now = performance.now();
    if (now - checked < 100) return page;
    const stat = statSync(path);
    const current = `${stat.mtimeMs}/${stat.size}/${stat.ino}`;
    if (current !== stamp) {
      page = readFileSync(path);
      stamp = current;
    }
    checked = now;
    return page;
  };
}
