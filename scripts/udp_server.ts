/**
 * 1.1 UDP 服务端编程 — UDP server
 *
 * A UDP server in four steps, as in the course: create a socket, bind it to
 * an address, receive datagrams and answer each with "Thanks", close on
 * Ctrl-C. Every datagram is printed as `From client <addr>, Msg: <text>`.
 *
 * Run:        npx tsx scripts/udp_server.ts [--host 127.0.0.1] [--port 8888]
 * Also:       node scripts/udp_server.ts  (Node 22.18 or newer),
 *             deno run --allow-net --allow-read --allow-env scripts/udp_server.ts,
 *             bun scripts/udp_server.ts
 * Beside it:  npx tsx scripts/udp_client.ts   (in a second terminal)
 *             or: nc -u 127.0.0.1 8888
 */
import dgram from "node:dgram";
import { explainSocketError, fail, formatAddress, logLine, onStop, parseAddress, showText, udpType } from "../lib/address.ts";

const { host, port } = parseAddress("udp_server.ts [--host HOST] [--port PORT]");

// 1. Create the socket: "udp4" is Python's socket(AF_INET, SOCK_DGRAM)
//    ("udp6" when --host is an IPv6 address such as ::1).
const server = dgram.createSocket(udpType(host));

// A failure to bind (the port is taken, say) ends the server with one line;
// after that, a failed reply is reported and the server keeps serving.
let listening = false;
server.on("error", (err) => {
  if (!listening) fail(explainSocketError(err, host, port));
  console.error(`warning: ${explainSocketError(err, host, port)}`);
});

// 2. Bind the address: the socket now receives what is sent to host:port.
server.bind(port, host, () => {
  listening = true;
  const bound = server.address();
  console.log(`listening on ${formatAddress(bound.address, bound.port)} (UDP)`);
});

// The reply, as bytes: Python's b'Thanks'. Made once, sent to every client.
const THANKS = Buffer.from("Thanks", "utf8");

// 3. Receive and reply in a loop. Python blocks in recvfrom(1024); Node calls
//    this function once for every datagram that arrives. Node hands over the
//    whole datagram (up to 65,507 bytes), where recvfrom(1024) would cut a
//    longer one after 1,024 bytes and drop the rest.
server.on("message", (data, client) => {
  logLine(`From client ${formatAddress(client.address, client.port)}, Msg: ${showText(data)}`); // console.log, in batches
  server.send(THANKS, client.port, client.address); // sendto(b'Thanks', addr)
});

// 4. Close the socket on Ctrl-C: Node's SIGINT is Python's KeyboardInterrupt.
onStop(() => {
  server.close();
  logLine("server closed");
});
