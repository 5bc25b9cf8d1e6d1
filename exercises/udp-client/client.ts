// 1.2 UDP 客户端编程 — the UDP client: fill in each step. Run: npx tsx exercises/udp-client/my_client.ts
import dgram from "node:dgram";
import { createInterface } from "node:readline/promises";

const host = "127.0.0.1";
const port = 8888;

// 1. 创建套接字 — create the socket: dgram.createSocket("udp4")

// 2. 循环收发消息 — in a loop: const msg = await input.question("Msg>>> "); stop at an empty line;
//    send it to host:port, wait for the "message" event, print `Response: ${reply}`

// 3. 关闭套接字 — close the socket, and the input
