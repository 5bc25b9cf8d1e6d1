/**
 * 1.2 UDP 客户端编程 — UDP client
 *
 * Reads a line at the `Msg>>> ` prompt, sends it to the server as one
 * datagram, and prints the reply as `Response: <reply>`. An empty line or the
 * end of input (Ctrl-D) quits.
 *
 * UDP promises nothing (section 1.4): a datagram may be lost, and no error
 * comes back when no server is listening. So the client waits for the reply
 * at most --timeout seconds, says that none came, and prompts again.
 *
 * Run:        npx tsx scripts/udp_client.ts [--host 127.0.0.1] [--port 8888] [--timeout 2]
 * Also:       node scripts/udp_client.ts  (Node 22.18 or newer),
 *             deno run --allow-net --allow-read --allow-env scripts/udp_client.ts,
 *             bun scripts/udp_client.ts
 * Beside it:  npx tsx scripts/udp_server.ts   (start it first, in another terminal)
 * Piped:      printf 'hello\n\n' | npx tsx scripts/udp_client.ts
 */
import dgram from "node:dgram";
import {
  checkSeconds,
  explainSocketError,
  MAX_UDP_PAYLOAD,
  noReplyMessage,
  onStop,
  parseAddress,
  receiveReply,
  showText,
  tooLargeMessage,
  udpType,
} from "../lib/address.ts";
import { promptLines } from "../lib/prompt.ts";

const { host, port, values } = parseAddress("udp_client.ts [--host HOST] [--port PORT] [--timeout SECONDS]", {
  timeout: { type: "string" },
});
const timeout = checkSeconds("timeout", values.timeout, 2);

// 1. Create the socket. A client does not bind: the system picks a free
//    port for it when it sends its first datagram.
const client = dgram.createSocket(udpType(host));
client.on("error", (err) => console.error(`warning: ${explainSocketError(err, host, port)}`));

// Ctrl-C (Node's SIGINT is Python's KeyboardInterrupt) closes the socket
// and ends the program, even while it waits for a reply.
onStop(() => {
  client.close();
  process.stdout.write("\n");
  process.exit(0);
});

// 2. Read a line and send it, in a loop: Python's input("Msg>>> ").
//    An empty line or the end of input ends the loop.
for await (const line of promptLines("Msg>>> ")) {
  const message = Buffer.from(line, "utf8");
  if (message.length > MAX_UDP_PAYLOAD) {
    console.log(tooLargeMessage(message.length));
    continue;
  }
  // sendto(msg.encode(), ADDR): with no connection, every send names the server.
  client.send(message, port, host);

  // 3. Receive the reply: Python's recvfrom(1024), but with a time limit,
  //    because a datagram or its reply may be lost.
  const reply = await receiveReply(client, timeout);
  console.log(reply === null ? noReplyMessage(host, port, timeout) : `Response: ${showText(reply)}`);
}

// 4. Close the socket.
client.close();
