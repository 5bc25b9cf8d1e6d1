/**
 * HTTP as the checker speaks it: the requests it sends (a browser's, a plain GET), the response read as a
 * client reads it, and a connection kept open for several requests, for the keep-alive exercise.
 */

import net from "node:net";
import { formatAddress } from "../lib/address.ts";
import { exchangeHttp } from "./net.ts";
import { show } from "./show.ts";
import type { Context, Words } from "./types.ts";

/** A request as a browser sends it, with the headers the show-request exercise looks for. */
export const browserRequest = (path: string, host: string, port: number) =>
  `GET ${path} HTTP/1.1\r\nHost: ${formatAddress(host, port)}\r\nUser-Agent: socket-lessons-check\r\nAccept: text/html\r\nAccept-Language: zh-CN,zh;q=0.9\r\n\r\n`;

/** A GET of `path`; `extra` header lines go before the blank line (`Connection: close\r\n`). */
export const getRequest = (path: string, host: string, port: number, extra = "") =>
  `GET ${path} HTTP/1.1\r\nHost: ${formatAddress(host, port)}\r\nUser-Agent: socket-lessons-check\r\nAccept: text/html\r\n${extra}\r\n`;

export interface HttpResponse {
  statusLine: string;
  status: number;
  headers: Map<string, string>;
  /** The body as a client reads it: Content-Length bytes when that header is there, else all until the close. */
  body: Buffer;
  contentLength: number | undefined;
  /** How many bytes came after the head in all. */
  bytesAfterHead: number;
}

/** Reads an HTTP response as a client would; a string says what is wrong with it. */
export function readResponse(bytes: Buffer): HttpResponse | string {
  if (bytes.length === 0) return "nothing";
  const text = bytes.toString("latin1");
  const blank = /\r?\n\r?\n/.exec(text);
  if (blank === null) return "no blank line";
  const [statusLine = "", ...lines] = text.slice(0, blank.index).split(/\r?\n/);
  const status = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
  if (status === null) return "no status line";
  const headers = new Map<string, string>();
  for (const line of lines) {
    // A line that is not NAME: VALUE is the body, run into the head: the blank line between them is missing.
    const header = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):(.*)$/.exec(line);
    if (header === null) return "no blank line";
    headers.set((header[1] as string).toLowerCase(), (header[2] as string).trim());
  }
  const after = bytes.subarray(blank.index + blank[0].length);
  const length = headers.has("content-length") ? Number(headers.get("content-length")) : undefined;
  const body = length !== undefined && Number.isInteger(length) && length >= 0 ? after.subarray(0, length) : after;
  return { statusLine, status: Number(status[1]), headers, body, contentLength: length, bytesAfterHead: after.length };
}

/** What a response that is not well formed means, for a learner. */
export function responseProblem(problem: string): Words {
  switch (problem) {
    case "nothing":
      return ["服务端什么也没有返回就关闭了连接", "the server closed the connection without sending anything"];
    case "no blank line":
      return [
        "响应头后缺少空行：响应头之后要有一个 \\r\\n\\r\\n，然后才是响应体",
        "no blank line after the headers: the head ends with \\r\\n\\r\\n before the body",
      ];
    default:
      return ["响应行格式不对：应该像 HTTP/1.1 200 OK", "the status line is not like HTTP/1.1 200 OK"];
  }
}

export interface Answer {
  response?: HttpResponse;
  sent: string;
  got: string;
  /** Why there is no response to look at: a connection refused, or a response that is not well formed. */
  why?: Words;
}

/** Asks for `path` on a connection of its own, with Connection: close, and reads the answer. */
export async function get(host: string, port: number, path: string): Promise<Answer> {
  const request = getRequest(path, host, port, "Connection: close\r\n");
  const reply = await exchangeHttp(host, port, request, 5_000);
  const sent = show(request);
  if (reply.error)
    return {
      sent,
      got: reply.error,
      why: [
        "连接不上服务端：它是否还在运行，在这个地址上 listen？",
        "cannot connect: is the server still running, listening at this address?",
      ],
    };
  const response = readResponse(reply.bytes);
  if (typeof response === "string") return { sent, got: show(reply.bytes), why: responseProblem(response) };
  return { response, sent, got: show(reply.bytes.subarray(0, 300)) };
}

/** One TCP connection kept open, to send requests on and read their responses one by one. */
export interface HttpConnection {
  /** Connects; false when the server does not take the connection. */
  opened: Promise<boolean>;
  send(request: string): void;
  /** The next whole response (its Content-Length read), a string saying what is wrong with it, or null after `ms`. */
  next(ms: number): Promise<HttpResponse | string | null>;
  /** Resolves true once the server has closed its end, or false after `ms`. */
  closed(ms: number): Promise<boolean>;
  /** Ends with a reset, so that the learner's port is left with no TIME_WAIT. */
  close(): void;
}

export function httpConnection(host: string, port: number): HttpConnection {
  const socket = net.connect({ host, port, allowHalfOpen: true });
  let buffer = Buffer.alloc(0);
  let ended = false;
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of wakers) waker();
  };
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake();
  });
  socket.on("end", () => {
    ended = true;
    wake();
  });
  socket.on("close", () => {
    ended = true;
    wake();
  });
  socket.on("error", () => {
    ended = true;
    wake();
  });
  /** Resolves once `ready` returns something other than undefined, or with `fallback` after `ms`. */
  const waitFor = <T>(ready: () => T | undefined, ms: number, fallback: T) =>
    new Promise<T>((resolve) => {
      const look = () => {
        const value = ready();
        if (value === undefined) return;
        clearTimeout(timer);
        wakers.delete(look);
        resolve(value);
      };
      const timer = setTimeout(() => {
        wakers.delete(look);
        resolve(fallback);
      }, ms);
      wakers.add(look);
      look();
    });
  return {
    opened: new Promise((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("error", () => resolve(false));
    }),
    send: (request) => socket.write(request),
    next: (ms) =>
      waitFor<HttpResponse | string | null>(
        () => {
          const response = readResponse(buffer);
          if (typeof response === "string") return ended && buffer.length > 0 ? response : ended ? "nothing" : undefined;
          const length = response.contentLength;
          if (length === undefined && !ended) return undefined; // no Content-Length: the body runs to the close
          if (length !== undefined && response.bytesAfterHead < length) return ended ? response : undefined;
          buffer = buffer.subarray(buffer.length - response.bytesAfterHead + response.body.length);
          return response;
        },
        ms,
        null,
      ),
    closed: (ms) => waitFor(() => (ended ? true : undefined), ms, false),
    close: () => socket.resetAndDestroy(),
  };
}

/**
 * Why a response's body is not the page file, or undefined when it is: a Content-Length counted in
 * characters (the page has Chinese in it, so it has more bytes than characters), another length, other bytes.
 */
export function notThePage(
  response: HttpResponse,
  file: Buffer,
  page: string,
  hint: Context<unknown>["hint"],
): { why: Words; got: string } | undefined {
  if (response.body.equals(file)) return undefined;
  const characters = file.toString("utf8").length;
  const length = `Content-Length: ${response.contentLength}`;
  if (response.contentLength === characters && characters !== file.length) {
    const counted = `主页有 ${characters} 个字符，却有 ${file.length} 个字节`;
    const countedEn = `the page has ${characters} characters but ${file.length} bytes`;
    const why = hint({
      python: [
        `Content-Length 按字符而不是按字节计算：${counted}；用 len(body.encode())`,
        `Content-Length counted in characters, not bytes: ${countedEn}; use len(body.encode())`,
      ],
      typescript: [
        `Content-Length 按字符而不是按字节计算：${counted}；用 Buffer.byteLength(body)`,
        `Content-Length counted in characters, not bytes: ${countedEn}; use Buffer.byteLength(body)`,
      ],
    });
    return { why, got: length };
  }
  if (response.contentLength !== undefined && response.contentLength !== file.length) {
    return {
      why: [
        `Content-Length 是 ${response.contentLength}，主页文件有 ${file.length} 个字节`,
        `Content-Length is ${response.contentLength}, the page file has ${file.length} bytes`,
      ],
      got: length,
    };
  }
  return {
    why: [`响应体和主页文件 (${page}) 不一样`, `the body is not the page file (${page})`],
    got: `${response.body.length} bytes: ${show(response.body, 60)}`,
  };
}
