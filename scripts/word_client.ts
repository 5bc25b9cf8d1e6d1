/**
 * 1.5 案例：查找单词 — word lookup, the client
 *
 * Type a word at the `Word>>> ` prompt; the server answers with the word and
 * its explanation, or `Not found: <word>`. An empty line or the end of input
 * (Ctrl-D) quits. Like the UDP client, it waits for an answer at most
 * --timeout seconds: a datagram may be lost.
 *
 * Run:        npx tsx scripts/word_client.ts [--host 127.0.0.1] [--port 8888] [--timeout 2]
 * Also:       node scripts/word_client.ts  (Node 22.18 or newer),
 *             deno run --allow-net --allow-read --allow-env scripts/word_client.ts,
 *             bun scripts/word_client.ts
 * Beside it:  npx tsx scripts/word_server.ts   (start it first, in another terminal)
 * Piped:      printf 'network\nsocket\n' | npx tsx scripts/word_client.ts
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

const { host, port, values } = parseAddress("word_client.ts [--host HOST] [--port PORT] [--timeout SECONDS]", {
  timeout: { type: "string" },
});
const timeout = checkSeconds("timeout", values.timeout, 2);

// 1. Create the socket.
const client = dgram.createSocket(udpType(host));
client.on("error", (err) => console.error(`warning: ${explainSocketError(err, host, port)}`));

// Ctrl-C closes the socket and ends the program.
onStop(() => {
  client.close();
  process.stdout.write("\n");
  process.exit(0);
});

// 2. Read a word and send it to the server, in a loop.
for await (const word of promptLines("Word>>> ")) {
  const message = Buffer.from(word, "utf8");
  if (message.length > MAX_UDP_PAYLOAD) {
    console.log(tooLargeMessage(message.length));
    continue;
  }
  client.send(message, port, host);

  // 3. Receive the answer and print it, or say that none came in time.
  const answer = await receiveReply(client, timeout);
  console.log(answer === null ? noReplyMessage(host, port, timeout) : showText(answer));
}

// 4. Close the socket.
client.close();
