/**
 * The floor for the HTTP lessons: the least a Node program can do and still
 * answer every request with the page. A node:net server writes one fixed
 * response, made once at start, for every piece of bytes that arrives; it
 * parses nothing, logs nothing, sets no timers. With --close it ends the
 * connection after each response (Connection: close), otherwise it keeps
 * it open for the next request. bench/http.ts measures the lessons against
 * it in the same run.
 *
 * Run: node --import tsx bench/floor_http.ts [--port 0] [--page index.html] [--close]
 */
import { readFileSync } from "node:fs";
import net from "node:net";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    page: { type: "string", default: "index.html" },
    close: { type: "boolean", default: false },
  },
});
const close = values.close;
const page = readFileSync(values.page);
const head =
  "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" +
  `Content-Length: ${page.length}\r\n${close ? "Connection: close\r\n" : ""}\r\n`;
const response = Buffer.concat([Buffer.from(head, "latin1"), page]);

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on("data", () => (close ? socket.end(response) : socket.write(response)));
  socket.on("error", () => socket.destroy());
});
server.listen(Number(values.port), "127.0.0.1", () => {
  console.log(`listening on 127.0.0.1:${(server.address() as net.AddressInfo).port} (HTTP)`);
});
process.on("SIGINT", () => process.exit(0));
