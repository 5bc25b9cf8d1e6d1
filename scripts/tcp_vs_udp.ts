/**
 * 1.6 TCP 和 UDP 编程对比 — TCP vs UDP, in three traits the course names
 *
 * 1. Message boundaries: the same three short messages, sent over TCP and
 *    over UDP. TCP is a byte stream: it keeps the order of the bytes but not
 *    where one send ended, so the messages run together (粘包) and a TCP
 *    program marks where its messages end itself (a newline, or a length
 *    before each). UDP keeps each datagram whole; it promises no order,
 *    though (on Deno these three arrive reversed).
 * 2. Reliability: a burst of 20,000 messages into a receiver whose buffer is
 *    small and who is busy meanwhile. UDP drops what does not fit; TCP makes
 *    the sender wait (flow control) and loses nothing.
 * 3. The cost of a connection: 1,000 request/reply exchanges, over UDP and
 *    over TCP with a new connection for each, as HTTP's 无连接 does.
 *
 * The numbers vary from run to run; what they show holds every time.
 *
 * Run:  npx tsx scripts/tcp_vs_udp.ts     (both sides run in this one program, on free ports)
 */
import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import { readFlags, usageError } from "../lib/address.ts";
import { onStop } from "../lib/exits.ts";
import { receiveReply } from "../lib/reply.ts";
import { showText } from "../lib/safe_text.ts";
import { phrase, say, sayOnTwoLines } from "../lib/say.ts";

const { flags } = readFlags("tcp_vs_udp.ts"); // only --help: it runs on free ports of its own
if (flags.host !== undefined || flags.port !== undefined) usageError(say("ownPorts"));
onStop(() => {}); // Ctrl-C: its sockets close as it ends, with exit code 0

const MESSAGES = ["hello", "你好", "bye"];
const quoted = (data: Buffer | string) => `"${showText(data)}"`;

console.log(sayOnTwoLines("tvu.boundaries"));
console.log(`${sayOnTwoLines("tvu.sending", MESSAGES.map(quoted).join(", "))}\n`);

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
  console.log(say("tvu.tcpRead", tcpReads.length, quoted(chunk), chunk.length));
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
    console.log(say("tvu.udpDatagram", udpReceived.length, quoted(datagram), datagram.length));
    if (udpReceived.length === MESSAGES.length) resolve();
  });
});
const udpSender = dgram.createSocket("udp4");
for (const message of MESSAGES) udpSender.send(message, receiver.address().port, "127.0.0.1");
// Three datagrams into an empty buffer are not lost; if one were, this
// would wait for it for a second and then report what came.
await Promise.race([udpDone, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
udpSender.close();
receiver.close();

// 5. The summary.
console.log("");
const reads = { zh: "", en: tcpReads.length === 1 ? "read" : "reads" };
console.log(sayOnTwoLines("tvu.tcpSummary", MESSAGES.length, tcpReads.length, reads));
console.log(sayOnTwoLines("tvu.udpSummary", MESSAGES.length, udpReceived.length));

// 2. Reliability ------------------------------------------------------------

const BURST = 20_000;
const PAYLOAD = Buffer.alloc(100, "x"); // each message: 100 bytes
console.log(`\n${sayOnTwoLines("tvu.reliability", BURST, PAYLOAD.length)}`);

// 6. UDP: a receiver with a small receive buffer (64 KiB). While this
//    program sends, it cannot read: the receiver is busy, as a slow server
//    would be. What does not fit in its buffer is dropped, and nobody is told.
const slow = dgram.createSocket({ type: "udp4", recvBufferSize: 64 * 1024 });
await new Promise<void>((resolve) => slow.bind(0, "127.0.0.1", resolve));
let udpCount = 0;
const burster = dgram.createSocket("udp4");
for (let i = 0; i < BURST; i++) burster.send(PAYLOAD, slow.address().port, "127.0.0.1");
// Now the receiver reads what its buffer kept, until nothing more has come for half a second.
await new Promise<void>((resolve) => {
  let quiet = setTimeout(resolve, 500);
  slow.on("message", () => {
    udpCount++;
    clearTimeout(quiet);
    quiet = setTimeout(resolve, 500);
  });
});
burster.close();
slow.close();
const why = phrase(udpCount < BURST ? "tvu.bufferFull" : "tvu.keptUp");
console.log(sayOnTwoLines("tvu.udpBurst", BURST, udpCount, BURST - udpCount, why));

// 7. TCP: the same burst over one connection. When the receiver's buffer is
//    full, TCP tells the sender to wait (flow control): nothing is lost.
const tcpSink = net.createServer();
await new Promise<void>((resolve) => tcpSink.listen(0, "127.0.0.1", resolve));
const sunk = once(tcpSink, "connection").then(async ([socket]) => {
  let bytes = 0;
  (socket as net.Socket).on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  await once(socket as net.Socket, "end");
  return bytes;
});
const pusher = net.connect((tcpSink.address() as net.AddressInfo).port, "127.0.0.1");
// One write of all 20,000 messages: to TCP they are one stream of bytes, and what the kernel cannot take
// yet waits in this program. (20,000 writes of their own would reach the kernel as one writev of 20,000
// pieces, which Windows under Wine refuses.)
pusher.write(Buffer.concat(Array.from({ length: BURST }, () => PAYLOAD)));
pusher.end();
const tcpCount = (await sunk) / PAYLOAD.length;
tcpSink.close();
console.log(sayOnTwoLines("tvu.tcpBurst", BURST, tcpCount, BURST - tcpCount));

// 3. The cost of a connection ---------------------------------------------

const EXCHANGES = 1000;
console.log(`\n${sayOnTwoLines("tvu.cost", EXCHANGES)}`);

// 8. UDP: one datagram each way, no connection to set up.
const echo = dgram.createSocket("udp4").on("message", (data, from) => echo.send(data, from.port, from.address));
await new Promise<void>((resolve) => echo.bind(0, "127.0.0.1", resolve));
const asker = dgram.createSocket("udp4");
let started = performance.now();
for (let i = 0; i < EXCHANGES; i++) {
  asker.send("ping", echo.address().port, "127.0.0.1");
  await receiveReply(asker, 1);
}
console.log(sayOnTwoLines("tvu.udpExchanges", EXCHANGES, Math.round(performance.now() - started)));
asker.close();
echo.close();

// 9. TCP: a new connection for each exchange (the handshake, one message
//    each way, then the close), as HTTP/1.0 and the course's 2.5 server do.
const answerer = net.createServer((socket) => socket.once("data", (data) => socket.end(data)));
await new Promise<void>((resolve) => answerer.listen(0, "127.0.0.1", resolve));
started = performance.now();
for (let i = 0; i < EXCHANGES; i++) {
  const socket = net.connect((answerer.address() as net.AddressInfo).port, "127.0.0.1", () => socket.write("ping"));
  socket.resume(); // read the reply, and see the close
  await once(socket, "close");
}
console.log(sayOnTwoLines("tvu.tcpExchanges", EXCHANGES, Math.round(performance.now() - started)));
answerer.close();
