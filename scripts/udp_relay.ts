/**
 * 1.3–1.4 UDP 通信流程与特点 — a lossy relay, to watch UDP lose datagrams
 * Put it between any UDP client and server: it passes each datagram on, both ways, and drops --loss of them.
 * Run: npx tsx scripts/udp_relay.ts --port 9999 --to 127.0.0.1:8888 --loss 0.3 [--delay MS] [--seed N]
 *      then start the client with --port 9999
 */
import dgram from "node:dgram";
import { formatAddress, readFlags, udpType, usageError } from "../lib/address.ts";
import { explainSocketError, fail, onStop } from "../lib/exits.ts";
import { numberFlag } from "../lib/number_flags.ts";
import { showText } from "../lib/safe_text.ts";
import { phrase, say } from "../lib/say.ts";
import { seeded } from "../lib/seeded.ts";

const usage = "udp_relay.ts [--host HOST] [--port PORT] --to HOST:PORT [--loss SHARE] [--delay MS] [--seed N]";
const { host, port, flags } = readFlags(usage, {
  to: { type: "string" },
  loss: { type: "string" },
  delay: { type: "string" },
  seed: { type: "string" },
});
const to = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(String(flags.to ?? ""));
if (!to || !(Number(to[2]) >= 1 && Number(to[2]) <= 65535))
  usageError(flags.to ? say("badTo", JSON.stringify(flags.to)) : say("noTo", usage));
const loss = numberFlag(flags, "loss", 0, [0, 1], (shown) => say("badLoss", shown));
const delay = numberFlag(flags, "delay", 0, [0, 60_000], (shown) => say("badDelay", shown));
if (flags.seed !== undefined && !/^\d{1,9}$/.test(String(flags.seed))) usageError(say("badSeed", JSON.stringify(flags.seed)));
const [, serverHost = "", serverPort = ""] = to;
const random = flags.seed === undefined ? Math.random : seeded(Number(flags.seed)); // --seed: the same drops every run

// 1. 创建套接字 — create the socket the clients send to
const relay = dgram.createSocket(udpType(host));
let listening = false; // a port already in use ends the relay; a later error is only reported
relay.on("error", (err) => (listening ? console.error(`warning: ${err.message}`) : fail(explainSocketError(err, host, port))));

// 2. 绑定地址 — bind the address
relay.bind(port, host, () => {
  listening = true;
  const bound = relay.address();
  const server = formatAddress(serverHost, Number(serverPort));
  console.log(say("listeningRelay", formatAddress(bound.address, bound.port), server, Math.round(loss * 100)));
});

// 3. 循环收发消息 — pass each datagram on, or drop it. Each client gets a second socket of its own
//    toward the server, so that the server's replies find their way back to that client.
const toServer = new Map<string, dgram.Socket>();
let passed = 0;
let dropped = 0;
relay.on("message", (data, client) => {
  const who = formatAddress(client.address, client.port);
  let socket = toServer.get(who);
  if (socket === undefined) {
    socket = dgram.createSocket(udpType(serverHost)).on("error", (err) => console.error(`warning: ${err.message}`));
    socket.on("message", (reply) => pass(reply, `server → ${who}`, () => relay.send(reply, client.port, client.address)));
    toServer.set(who, socket);
  }
  const out = socket;
  pass(data, `${who} → server`, () => out.send(data, Number(serverPort), serverHost));
});

/** Drops the datagram with the chance --loss, or sends it on, --delay ms later. */
function pass(data: Buffer, way: string, send: () => void) {
  const drop = random() < loss;
  if (drop) dropped++;
  else passed++;
  const { zh, en } = phrase(drop ? "dropped" : "passed");
  console.log(`${way} "${showText(data)}": ${zh} ${en}`);
  if (!drop) setTimeout(send, delay);
}

// 4. 关闭套接字 — close every socket on Ctrl-C, and print the totals
onStop(() => {
  relay.close();
  for (const socket of toServer.values()) socket.close();
  console.log(say("relayClosed", passed + dropped, passed, dropped));
});
