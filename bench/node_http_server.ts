/**
 * The peer http_keep_alive.ts is measured against: the same page with the same
 * headers, served by Node's own node:http module, one log line per request.
 *
 * Run: node --import tsx bench/node_http_server.ts PORT PAGE
 */
import { readFileSync } from "node:fs";
import http from "node:http";

const [port = "0", pagePath = "index.html"] = process.argv.slice(2);
const page = readFileSync(pagePath);

const server = http.createServer((request, response) => {
  const status = request.url === "/" || request.url === "/index.html" ? 200 : 404;
  response.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": status === 200 ? page.length : 0,
    "Cache-Control": "no-cache",
  });
  response.end(status === 200 ? page : undefined);
  console.log(
    `${request.socket.remoteAddress}:${request.socket.remotePort} "${request.method} ${request.url} HTTP/${request.httpVersion}" ${status}`,
  );
});
server.listen(Number(port), "127.0.0.1", () => {
  const address = server.address() as { port: number };
  console.log(`listening on 127.0.0.1:${address.port} (HTTP)`);
});
process.on("SIGINT", () => {
  server.close();
  server.closeAllConnections();
});
