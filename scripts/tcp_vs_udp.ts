/**
 * 1.6 TCP 和 UDP 编程对比 — TCP vs UDP
 *
 * Sends the same three short messages over TCP and over UDP, back to back,
 * and prints what each receive returned:
 *
 * - TCP is a byte stream: it keeps the order of the bytes but not where one
 *   send ended and the next began, so the messages run together (粘包) and
 *   arrive in fewer reads than sends. A TCP program must mark where its
 *   messages end itself: a newline, or a length before each message.
 * - UDP sends datagrams: each send arrives as one whole datagram, boundaries
 *   kept. It promises no order, though (on Deno these three arrive
 *   reversed), and across a network a datagram could be lost.
 *
 * Run:  npx tsx scripts/tcp_vs_udp.ts     (both sides run in this one program, on free ports)
 * Also:       node scripts/tcp_vs_udp.ts  (Node 22.18 or newer),
 *             deno run --allow-net --allow-read --allow-env scripts/tcp_vs_udp.ts,
 *             bun scripts/tcp_vs_udp.ts
 */
import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import { showText } from "../lib/safe_text.ts";

const MESSAGES = ["hello", "你好", "bye"];
const quoted = (data: Buffer | string) => `"${showText(data)}"`;

console.log(`Sending ${MESSAGES.map(quoted).join(", ")} over TCP, then over UDP: 3 sends each, back to back.\n`);

// TCP ---------------------------------------------------------------------

// 1. A TCP receiver on a free port. pauseOnConnect keeps it from reading
//    until the sender has finished, so the bytes of all three sends are
//    waiting together and the run comes out the same every time. (Reading
//    at once could catch one send on its own, depending on timing: that is
//    exactly why a TCP program cannot rely on message boundaries.)
const tcpServer = net.createServer({ pauseOnConnect: true });
await new Promise<void>((resolve) => tcpServer.listen(0, "127.0.0.1", resolve));
const accepted = once(tcpServer, "connection");

// 2. The TCP sender: connect, three writes (one per message), then end.
const sender = net.connect((tcpServer.address() as net.AddressInfo).port, "127.0.0.1");
await once(sender, "connect");
for (const message of MESSAGES) sender.write(message);
await new Promise<void>((resolve) => sender.end(resolve)); // every byte has left the sender

// 3. Now the receiver reads what arrived, until the sender's end.
const [receiving] = (await accepted) as [net.Socket];
const tcpReads: Buffer[] = [];
receiving.on("data", (chunk: Buffer) => {
  tcpReads.push(chunk);
  console.log(`TCP read ${tcpReads.length}: ${quoted(chunk)} (${chunk.length} bytes)`);
});
receiving.resume();
await once(receiving, "end");
tcpServer.close();

// UDP ---------------------------------------------------------------------

// 4. A UDP receiver on a free port, and a sender that sends each message as
//    one datagram.
const udpReceived: Buffer[] = [];
const receiver = dgram.createSocket("udp4");
await new Promise<void>((resolve) => receiver.bind(0, "127.0.0.1", resolve));
const udpDone = new Promise<void>((resolve) => {
  receiver.on("message", (datagram) => {
    udpReceived.push(datagram);
    console.log(`UDP datagram ${udpReceived.length}: ${quoted(datagram)} (${datagram.length} bytes)`);
    if (udpReceived.length === MESSAGES.length) resolve();
  });
});
const udpSender = dgram.createSocket("udp4");
for (const message of MESSAGES) udpSender.send(message, receiver.address().port, "127.0.0.1");
// Datagrams on one machine are not lost; if one were, this would wait for
// it for a second and then report what came.
await Promise.race([udpDone, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
udpSender.close();
receiver.close();

// 5. The summary.
console.log("");
console.log(`TCP: ${MESSAGES.length} messages sent, ${tcpReads.length} reads: a byte stream keeps no message boundaries (粘包)`);
console.log(`UDP: ${MESSAGES.length} messages sent, ${udpReceived.length} datagrams received: each datagram arrives whole`);
