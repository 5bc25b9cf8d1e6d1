// 1.4 UDP 通信流程与特点 — the UDP pinger: fill in each step. Run: npx tsx exercises/udp-ping/my_client.ts
import dgram from "node:dgram";

const host = "127.0.0.1";
const port = 8888;

// 1. 创建套接字 — create the socket: dgram.createSocket("udp4")

// 2. 循环收发消息 — for seq from 1 to 10: note performance.now(), send `Ping ${seq} ${Date.now()}` to host:port,
//    then wait for the "message" event or a 1 s setTimeout, whichever comes first (Node has no settimeout:
//    clear the timer and remove the listener once one of them wins). Print the round trip in ms, or that
//    ping seq timed out. A reply that names another ping ("Ping 4 ..." while you wait for 5) came late: wait on.
//    At the end print: sent, received, lost, the loss in % (lost / sent * 100), and the min/avg/max round trip.

// 3. 关闭套接字 — close the socket
