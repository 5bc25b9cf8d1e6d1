/**
 * wire.ts in the browser: a page that draws the run's sequence diagram as SVG, growing live as events
 * come (server-sent events), where clicking an arrow shows its bytes in hex and as text. The page's own
 * files are static; what came from the network reaches it only as JSON and is set as text, never as
 * markup, and the page's Content-Security-Policy lets no script run but its own.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import { showText } from "../../lib/safe_text.ts";
import type { Run, WireEvent } from "./events.ts";

const FILES: Record<string, [file: string, type: string]> = {
  "/": ["page.html", "text/html; charset=utf-8"],
  "/page.js": ["page.js", "text/javascript; charset=utf-8"],
};

/** An event as the page gets it: its bytes as safe text and as hex, and its lane's client. */
function forPage(run: Run, event: WireEvent) {
  const { bytes, ...rest } = event;
  return {
    ...rest,
    client: run.lanes[event.lane - 1]?.client ?? "",
    text: bytes ? showText(bytes) : "",
    hex: bytes ? (bytes.toString("hex").match(/.{1,32}/g) ?? []).map((row) => row.replace(/(..)/g, "$1 ").trim()).join("\n") : "",
  };
}

/** Serves the page on 127.0.0.1:port (0: a free port); resolves with the port once listening. */
export function startView(run: Run, port: number): Promise<{ port: number; close(): void }> {
  const streams = new Set<http.ServerResponse>();
  const send = (stream: http.ServerResponse, name: string, data: unknown) =>
    stream.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  run.onEvent((event) => {
    if (run.notKept > 0) return; // past what is kept: the page is told how many more, once a second
    for (const stream of streams) send(stream, "wire", forPage(run, event));
  });
  const more = setInterval(() => {
    if (run.notKept > 0) for (const stream of streams) send(stream, "more", run.notKept);
  }, 1_000);
  more.unref();
  const server = http.createServer((request, response) => {
    // Only this machine's own names: a page elsewhere that renames itself to 127.0.0.1 (DNS rebinding) gets nothing.
    const host = request.headers.host ?? "";
    if (!/^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(host)) {
      response.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("只回答本机的地址 only this machine's address\n");
      return;
    }
    if (request.url === "/events") {
      response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
      send(response, "run", { protocol: run.protocol, server: run.server });
      for (const event of run.events) send(response, "wire", forPage(run, event));
      streams.add(response);
      request.on("close", () => streams.delete(response));
      return;
    }
    const file = FILES[request.url ?? ""];
    if (file === undefined) {
      response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("没有这个页面 not found\n");
      return;
    }
    response.writeHead(200, {
      "Content-Type": file[1],
      "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'",
      "X-Content-Type-Options": "nosniff",
    });
    response.end(readFileSync(new URL(`./${file[0]}`, import.meta.url)));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close() {
          clearInterval(more);
          for (const stream of streams) stream.end();
          server.close();
        },
      });
    });
  });
}
