/**
 * The floor for the UDP lessons: the least a Node program can do and still
 * do udp_server's work. A dgram socket prints each datagram with one
 * console.log and answers with a fixed reply; no flags, no escaping, no
 * checks. bench/echo.ts measures udp_server.ts against it in the same run.
 *
 * Run: node --import tsx bench/floor_udp.ts [--port 0]
 */
import dgram from "node:dgram";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string", default: "0" } } });

const socket = dgram.createSocket("udp4");
const reply = Buffer.from("Thanks");
socket.on("message", (data, from) => {
  console.log(`From client ${from.address}:${from.port}, Msg: ${data}`);
  socket.send(reply, from.port, from.address);
});
socket.bind(Number(values.port), "127.0.0.1", () => {
  console.log(`listening on 127.0.0.1:${socket.address().port} (UDP)`);
});
process.on("SIGINT", () => socket.close());
