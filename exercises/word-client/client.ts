// 1.5 案例：查找单词 — word lookup, the client: fill in each step. Run: npx tsx exercises/word-client/my_client.ts
import dgram from "node:dgram";
import { createInterface } from "node:readline/promises";

const host = "127.0.0.1";
const port = 8888;

// 1. 创建套接字 — create the socket: dgram.createSocket("udp4")

// 2. 循环收发消息 — in a loop: const word = await input.question("Word>>> "); stop at an empty line;
//    send it to host:port, wait for the "message" event, print the answer

// 3. 关闭套接字 — close the socket, and the input
