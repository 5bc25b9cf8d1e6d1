/**
 * 1.5 案例：查找单词 — word lookup, the client
 * Sends each word typed at `Word>>> ` to the word server and prints its answer;
 * an empty line quits. No answer within --timeout seconds (UDP may lose it) is said.
 * Run: npx tsx scripts/word_client.ts [--host 127.0.0.1] [--port 8888] [--timeout 2]
 */
import dgram from "node:dgram";
import { readFlags, udpType } from "../lib/address.ts";
import { secondsFlag } from "../lib/number_flags.ts";
import { promptLines } from "../lib/prompt.ts";
import { MAX_UDP_PAYLOAD, noReplyMessage, receiveReply, sendProblem, tooLargeMessage } from "../lib/reply.ts";
import { showText } from "../lib/safe_text.ts";

const { host, port, flags } = readFlags("word_client.ts [--host HOST] [--port PORT] [--timeout SECONDS]", { timeout: { type: "string" } });
const timeout = secondsFlag(flags, "timeout", 2); // ADDR = ("127.0.0.1", 8888)

// 1. 创建套接字 — create the socket
const client = dgram.createSocket(udpType(host)); // socket(AF_INET, SOCK_DGRAM)
client.on("error", (err) => console.error(`warning: ${sendProblem(err, host)}`));

// 2. 循环收发消息 — send a word, print the answer, in a loop; an empty line ends it
for await (const word of promptLines("Word>>> ")) {
  // word = input("Word>>> ")
  const data = Buffer.from(word);
  if (data.length > MAX_UDP_PAYLOAD) console.log(tooLargeMessage(data.length));
  else {
    client.send(data, port, host); // sendto(word.encode(), ADDR)
    const answer = await receiveReply(client, timeout); // data, addr = recvfrom(1024), with a time limit
    console.log(answer ? showText(answer) : noReplyMessage(host, port, timeout));
  }
}

// 3. 关闭套接字 — close the socket
client.close();
