/**
 * 2.3 HTTP 请求 — see the request a browser sends
 *
 * A bare TCP server that waits for one browser request and prints it as it
 * came: the request line, the headers, the blank line that ends them, and
 * the body if there is one. Then it exits (with --keep, it goes on showing
 * requests until Ctrl-C).
 *
 * The browser is not left waiting: it gets its own request back as plain
 * text (200 OK, text/plain), so the page it shows is what it sent.
 *
 * Run:        npx tsx scripts/http_show_request.ts [--host 127.0.0.1] [--port 8888] [--keep] [--wait 20]
 * Also:       node scripts/http_show_request.ts  (Node 22.18 or newer),
 *             deno run --allow-net --allow-read --allow-env scripts/http_show_request.ts,
 *             bun scripts/http_show_request.ts
 * Then open:  http://127.0.0.1:8888/   in a browser, or: curl http://127.0.0.1:8888/
 */
import net from "node:net";
import { checkSeconds, explainSocketError, fail, formatAddress, onStop, parseAddress, showText } from "../lib/address.ts";
import { requestEnd } from "../lib/http.ts";

const { host, port, values } = parseAddress("http_show_request.ts [--host HOST] [--port PORT] [--keep] [--wait SECONDS]", {
  keep: { type: "boolean" },
  wait: { type: "string" },
});
const keep = values.keep === true;
/** A connection quiet for this long is dropped (browsers open spare ones that never send). */
const waitSeconds = checkSeconds("wait", values.wait, 20);
/** The most of one request that is kept and shown. */
const MAX_SHOWN = 64 * 1024;

// 1. Create a TCP socket, bind it and listen: Python's socket(), bind(),
//    listen(3). Node accepts each connection and calls `connected` with it.
const server = net.createServer(connected);
const connections = new Set<net.Socket>();
let listening = false;
server.on("error", (err) => {
  if (!listening) fail(explainSocketError(err, host, port));
  console.error(`warning: ${explainSocketError(err, host, port)}`);
});
server.listen({ host, port, backlog: 3 }, () => {
  listening = true;
  const bound = server.address() as net.AddressInfo;
  const address = formatAddress(bound.address, bound.port);
  console.log(`listening on ${address} (HTTP), open http://${address}/ in a browser`);
});

// 2. A connection is accepted: Python's c, addr = s.accept().
function connected(socket: net.Socket) {
  connections.add(socket);
  socket.on("close", () => connections.delete(socket));
  socket.on("error", () => socket.destroy()); // the browser went away: nothing to show

  // 3. Receive the request. Python's single recv(2048) may get only part of
  //    it, because TCP delivers bytes in pieces of any size; here the pieces
  //    are collected until the blank line that ends the head has arrived,
  //    and then the body that Content-Length announces.
  let data = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    data = Buffer.concat([data, chunk]);
    const end = requestEnd(data);
    if (end !== undefined) show(socket, data.subarray(0, end));
    else if (data.length > MAX_SHOWN) show(socket, data.subarray(0, MAX_SHOWN), `(cut: no blank line within ${MAX_SHOWN} bytes)`);
  });

  // A connection that sends nothing is not a request: browsers open spare
  // connections in case they need them. Drop it when it stays quiet.
  socket.setTimeout(waitSeconds * 1000, () => {
    if (data.length > 0) show(socket, data, `(incomplete: no more bytes came for ${waitSeconds} s)`);
    else socket.destroy();
  });
}

// 4. Print the request, and send it back to the browser as plain text.
let shown = 0;
function show(socket: net.Socket, request: Buffer, note?: string) {
  socket.removeAllListeners("data");
  socket.setTimeout(0);
  // Only the answer is left to send: a client that has not closed --wait
  // seconds later (it does not read it, or sends on) is dropped.
  const drop = setTimeout(() => socket.destroy(), waitSeconds * 1000);
  socket.on("close", () => clearTimeout(drop));
  if (!keep && shown > 0) return void socket.destroy(); // one request only: it was shown
  shown++;

  console.log(`Connect From ${formatAddress(socket.remoteAddress ?? "?", socket.remotePort ?? 0)}`);
  // latin1 keeps one character per byte, so positions in the text are
  // positions in the bytes; showText then reads the bytes as UTF-8.
  const text = request.toString("latin1");
  const blank = /\r?\n\r?\n/.exec(text);
  const head = blank ? text.slice(0, blank.index) : text;
  for (const line of head.split(/\r?\n/)) console.log(showText(Buffer.from(line, "latin1")));
  console.log(""); // the blank line that ends the head
  const body = blank ? request.subarray(blank.index + blank[0].length) : Buffer.alloc(0);
  if (body.length > 0) console.log(showText(body));
  if (note) console.log(note);

  const response =
    "HTTP/1.1 200 OK\r\n" +
    "Content-Type: text/plain; charset=utf-8\r\n" +
    `Content-Length: ${request.length}\r\n` +
    "Connection: close\r\n" +
    "\r\n";
  socket.end(Buffer.concat([Buffer.from(response, "latin1"), request]));

  // 5. Close: without --keep, one request is all this lesson shows.
  if (!keep) stop();
}

function stop() {
  server.close();
  for (const socket of connections) socket.end();
  setTimeout(() => {
    for (const socket of connections) socket.destroy();
  }, 500).unref();
}

// Ctrl-C: close the sockets and exit 0.
onStop(() => {
  stop();
  for (const socket of connections) socket.destroy();
});
