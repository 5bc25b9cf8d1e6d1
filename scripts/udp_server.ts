/**
 * 1.1 UDP 服务端编程 — the UDP server
 * Receives datagrams, prints each one, and answers each with "Thanks".
 * Run: npx tsx scripts/udp_server.ts [--host 127.0.0.1] [--port 8888]
 */
import dgram from "node:dgram";
import { formatAddress, readFlags, udpType } from "../lib/address.ts";
import { explainSocketError, fail, onStop } from "../lib/exits.ts";
import { showText } from "../lib/safe_text.ts";
import { say } from "../lib/say.ts";

const { host, port } = readFlags("udp_server.ts [--host HOST] [--port PORT]"); // ADDR = ("127.0.0.1", 8888)

// 1. 创建套接字 — create the socket
const server = dgram.createSocket(udpType(host)); // socket(AF_INET, SOCK_DGRAM)
// A port already in use ends the server with one line; a later error is only reported.
let listening = false;
server.on("error", (err) => (listening ? console.error(`warning: ${err.message}`) : fail(explainSocketError(err, host, port))));

// 2. 绑定地址 — bind the address
server.bind(port, host, () => {
  // bind(ADDR)
  listening = true;
  const bound = server.address();
  console.log(say("listeningUdp", formatAddress(bound.address, bound.port)));
});

// 3. 循环收发消息 — receive and reply in a loop. Python blocks in recvfrom(1024);
//    Node calls this function once for each datagram, whole, whatever its size.
server.on("message", (data, client) => {
  // data, addr = recvfrom(1024)
  console.log(`From client ${formatAddress(client.address, client.port)}, Msg: ${showText(data)}`);
  server.send("Thanks", client.port, client.address); // sendto(b'Thanks', addr)
});

// 4. 关闭套接字 — close the socket on Ctrl-C (Node's SIGINT is Python's KeyboardInterrupt)
onStop(() => {
  server.close(); // close()
  console.log(say("serverClosed"));
});
