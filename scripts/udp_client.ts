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
 * Beside it:  npx tsx scripts/udp_server.ts   (start it first, in another terminal)
 * Piped:      printf 'hello\n\n' | npx tsx scripts/udp_client.ts
 */
import dgram from "node:dgram";
import { createInterface } from "node:readline";
import {
  checkSeconds,
  explainSocketError,
  formatAddress,
  MAX_UDP_PAYLOAD,
  onStop,
  parseAddress,
  receiveReply,
  showText,
  udpType,
} from "../lib/address.ts";

const { host, port, values } = parseAddress("udp_client.ts [--host HOST] [--port PORT] [--timeout SECONDS]", {
  timeout: { type: "string" },
});
const timeout = checkSeconds("timeout", values.timeout, 2);
const server = formatAddress(host, port);

// 1. Create the socket. A client does not bind: the system picks a free
//    port for it when it sends its first datagram.
const client = dgram.createSocket(udpType(host));
client.on("error", (err) => console.error(`warning: ${explainSocketError(err, host, port)}`));

// Lines come from the keyboard or from a pipe alike.
const input = createInterface({ input: process.stdin, output: process.stdout, prompt: "Msg>>> " });

// 4. Close the socket when the loop ends, or on Ctrl-C (Node's SIGINT is
//    Python's KeyboardInterrupt).
let closed = false;
function close() {
  closed = true;
  input.close();
  client.close();
}
input.on("SIGINT", onStop(close)); // Ctrl-C at the prompt comes through readline

// 2. Read a line, send it, and wait for the reply, in a loop: Python's
//    while True: msg = input("Msg>>> ").
let emptyLine = false;
input.prompt();
for await (const line of input) {
  // An empty line quits, as in the course.
  if (line === "") {
    emptyLine = true;
    break;
  }

  const message = Buffer.from(line, "utf8");
  if (message.length > MAX_UDP_PAYLOAD) {
    console.log(`That message is ${message.length} bytes; one UDP datagram holds at most ${MAX_UDP_PAYLOAD}. Send it in parts.`);
    input.prompt();
    continue;
  }

  // sendto(msg.encode(), ADDR): with no connection, every send names the server.
  client.send(message, port, host);

  // 3. Receive the reply: Python's recvfrom(1024), with a time limit.
  const reply = await receiveReply(client, timeout);
  if (closed) break;
  if (reply === null) {
    console.log(
      `No reply from ${server} within ${timeout} s: the datagram or its reply was lost, or no server is running at that address.`,
    );
  } else {
    console.log(`Response: ${showText(reply)}`);
  }
  input.prompt();
}

// Ctrl-D, the end of a pipe or Ctrl-C leave the cursor after the prompt.
if (!emptyLine) process.stdout.write("\n");
if (!closed) close();
