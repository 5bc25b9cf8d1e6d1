/**
 * 1.5 案例：查找单词 — word lookup, the server
 *
 * The client sends a word; the server looks it up in a word book and sends
 * back the word and its explanation, or `Not found: <word>`. The word book,
 * fixtures/dict.txt, is an English dictionary made from WordNet.
 *
 * Run:        npx tsx scripts/word_server.ts [--host 127.0.0.1] [--port 8888] [--dict fixtures/dict.txt]
 * Also:       node scripts/word_server.ts  (Node 22.18 or newer),
 *             deno run --allow-net --allow-read --allow-env scripts/word_server.ts,
 *             bun scripts/word_server.ts
 * Beside it:  npx tsx scripts/word_client.ts   (in a second terminal)
 *             or: nc -u 127.0.0.1 8888   (type a word)
 */
import dgram from "node:dgram";
import { fileURLToPath } from "node:url";
import { explainSocketError, fail, formatAddress, logLine, onStop, parseAddress, plainMessage, showText, udpType } from "../lib/address.ts";
import { loadWordBook, lookUp } from "../lib/words.ts";

const { host, port, values } = parseAddress("word_server.ts [--host HOST] [--port PORT] [--dict PATH]", {
  dict: { type: "string" },
});
const dictPath = typeof values.dict === "string" ? values.dict : fileURLToPath(new URL("../fixtures/dict.txt", import.meta.url));

// Load the word book once, before serving: a Map from word to explanation,
// so a lookup takes the same time for any word (the course's Python reads
// the file line by line for every query instead).
const book = await loadWordBook(dictPath).catch((err) => fail(plainMessage(err)));

// 1. Create the socket.
const server = dgram.createSocket(udpType(host));

let listening = false;
server.on("error", (err) => {
  if (!listening) fail(explainSocketError(err, host, port));
  console.error(`warning: ${explainSocketError(err, host, port)}`);
});

// 2. Bind the address.
server.bind(port, host, () => {
  listening = true;
  const bound = server.address();
  console.log(`listening on ${formatAddress(bound.address, bound.port)} (UDP), ${book.size} words loaded`);
});

// 3. Receive a word, look it up, send the answer. Node calls this once for
//    every datagram, as Python's loop around recvfrom does.
server.on("message", (data, client) => {
  const word = data.toString("utf8").trim();
  const found = lookUp(book, word);
  let answer: string;
  if (word === "") answer = "Send a word to look up, such as network.";
  else if (found) answer = `${found.word}  ${found.explanation}`;
  else answer = `Not found: ${word.length > 100 ? `${word.slice(0, 100)}…` : word}`; // a long query keeps the reply short
  const result = word === "" ? "no word" : found ? "found" : "not found";
  logLine(`From client ${formatAddress(client.address, client.port)}, Word: ${showText(data)} -> ${result}`); // console.log, in batches
  server.send(answer, client.port, client.address);
});

// 4. Close the socket on Ctrl-C.
onStop(() => {
  server.close();
  logLine("server closed");
});
