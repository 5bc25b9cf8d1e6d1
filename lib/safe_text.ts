/**
 * Showing text that came from the network, safely, on one line. A peer may
 * send anything: bytes that are not UTF-8, or control characters that move
 * your cursor, clear your screen or retitle your terminal. showText reads
 * the bytes as UTF-8 and shows what is not plain text as an escape.
 */

/**
 * A run of whole UTF-8 characters (RFC 3629), or else a single byte that does
 * not start one; the bytes are read as latin1 text, one character a byte.
 */
const RUN =
  /(?:[^\x80-\xff]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+|[\x80-\xff]/g;
/** Control characters, the invisible ones that reorder text, and the backslash itself. */
const UNSAFE = /[\\\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const NAMED: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * hello → hello, 你好 → 你好, a newline → \n, ESC → \x1b, a byte that is
 * not part of UTF-8 → \xff, a right-to-left override → \u{202e}.
 */
export function showText(data: Uint8Array | string): string {
  if (typeof data === "string") return escapeUnsafe(data);
  // Most text is well-formed and harmless, and shown as it is: UTF-8
  // decoding turns a malformed byte into U+FFFD, so text without one was well-formed.
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
  if (!text.includes("\ufffd") && text.search(UNSAFE) === -1) return text;
  const latin1 = Buffer.from(data).toString("latin1"); // one character a byte, as RUN reads them
  return latin1.replace(RUN, (run) =>
    run.length === 1 && run >= "\x80" ? `\\x${hex(run)}` : escapeUnsafe(Buffer.from(run, "latin1").toString("utf8")),
  );
}

function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) => NAMED[ch] ?? `\\${ch <= "\xff" ? "x" : "u"}${hex(ch)}`);
}

function hex(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? code.toString(16).padStart(2, "0") : `{${code.toString(16)}}`;
}
