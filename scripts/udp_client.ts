/**
 * 1.2 UDP 客户端编程 — the UDP client
 * Sends each line typed at `Msg>>> ` to the server and prints `Response: …`;
 * an empty line quits. No reply within --timeout seconds (UDP may lose it) is said.
 * Run: npx tsx scripts/udp_client.ts [--host 127.0.0.1] [--port 8888] [--timeout 2]
 */
import dgram from "node:dgram";
import { readFlags, udpType } from "../lib/address.ts";
import { secondsFlag } from "../lib/number_flags.ts";
import { promptLines } from "../lib/prompt.ts";
import { MAX_UDP_PAYLOAD, noReplyMessage, receiveReply, sendProblem, tooLargeMessage } from "../lib/reply.ts";
import { showText } from "../lib/safe_text.ts";

const { host, port, flags } = readFlags("udp_client.ts [--host HOST] [--port PORT] [--timeout SECONDS]", { timeout: { type: "string" } });
const timeout = secondsFlag(flags, "timeout", 2); // ADDR = ("127.0.0.1", 8888)

// 1. 创建套接字 — create the socket; the system gives it a free port when it first sends
const client = dgram.createSocket(udpType(host)); // socket(AF_INET, SOCK_DGRAM)
client.on("error", (err) => console.error(`warning: ${sendProblem(err, host)}`));

// 2. 循环收发消息 — send and receive in a loop; an empty line or the end of input ends it
for await (const msg of promptLines("Msg>>> ")) {
  // msg = input("Msg>>> ")
  const data = Buffer.from(msg);
  if (data.length > MAX_UDP_PAYLOAD) console.log(tooLargeMessage(data.length));
  else {
    client.send(data, port, host); // sendto(msg.encode(), ADDR)
    const reply = await receiveReply(client, timeout); // data, addr = recvfrom(1024), with a time limit
    console.log(reply ? `Response: ${showText(reply)}` : noReplyMessage(host, port, timeout));
  }
}

// 3. 关闭套接字 — close the socket
client.close();
