/**
 * 1.4 UDP 通信流程与特点 — the UDP pinger: datagrams may be lost, so time each one out
 * Sends --count pings, one at a time, each `Ping <seq> <ms since epoch>`; prints each round trip or that it timed
 * out, then the loss and the min/avg/max round trip. A late reply naming an earlier ping is not taken for this one.
 * Run: npx tsx scripts/udp_ping.ts [--host 127.0.0.1] [--port 8888] [--count 10] [--timeout 1]
 */
import dgram from "node:dgram";
import { formatAddress, readFlags, udpType, usageError } from "../lib/address.ts";
import { onStop } from "../lib/exits.ts";
import { secondsFlag } from "../lib/number_flags.ts";
import { receiveWanted, sendProblem } from "../lib/reply.ts";
import { say } from "../lib/say.ts";

const usage = "udp_ping.ts [--host HOST] [--port PORT] [--count N] [--timeout SECONDS]";
const { host, port, flags } = readFlags(usage, { count: { type: "string" }, timeout: { type: "string" } });
const timeout = secondsFlag(flags, "timeout", 1);
const count = /^\s*\d{1,4}\s*$/.test(String(flags.count ?? 10)) ? Number(flags.count ?? 10) : 0;
if (!(count >= 1 && count <= 1000)) usageError(say("ping.badCount", JSON.stringify(flags.count)));
const server = formatAddress(host, port);
const times: number[] = []; // the round trip of each ping that was answered, in ms
let done = 0; // pings answered or timed out
const ms = (time: number) => time.toFixed(1); // a time in ms, to one decimal

// 1. 创建套接字 — create the socket
const client = dgram.createSocket(udpType(host)); // socket(AF_INET, SOCK_DGRAM)
client.on("error", (err) => console.error(`warning: ${sendProblem(err, host)}`));
onStop(finish); // Ctrl-C: close the socket and print the summary so far, as step 3 does at the end

// 2. 循环收发消息 — send each ping and wait up to --timeout for its reply (Python: settimeout, then recvfrom)
console.log(say("ping.start", server, count, timeout));
for (let seq = 1; seq <= count; seq++) {
  const sentAt = performance.now();
  client.send(`Ping ${seq} ${Date.now()}`, port, host); // sendto(message.encode(), ADDR)
  const reply = await receiveWanted(client, timeout, (data) => {
    // A reply that names another ping is a late one: pass it over and go on waiting; "Thanks" names none.
    const named = Number(/\bping\s+(\d+)/i.exec(data.toString("latin1"))?.[1] ?? seq);
    if (named !== seq) console.log(say("ping.late", named));
    return named === seq;
  });
  const time = performance.now() - sentAt;
  done++;
  if (reply) times.push(time);
  console.log(reply ? say("ping.reply", seq, server, ms(time)) : say("ping.timedOut", seq, timeout));
}

// 3. 关闭套接字 — close the socket, then print the summary
finish();

/** Closes the socket; prints sent, received, lost and the loss in percent, then the min/avg/max round trip. */
function finish() {
  client.close(); // close()
  const lost = done - times.length;
  console.log(say("ping.summary", done, times.length, lost, done ? Number(((lost / done) * 100).toFixed(1)) : 0));
  const average = times.reduce((sum, time) => sum + time, 0) / times.length;
  console.log(times.length ? say("ping.times", ms(Math.min(...times)), ms(average), ms(Math.max(...times))) : say("ping.noReply"));
}
