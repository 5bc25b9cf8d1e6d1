// 1.1 UDP 服务端编程 — the UDP server: fill in each step. Run: npx tsx exercises/udp-server/my_server.ts
import dgram from "node:dgram";

const host = "127.0.0.1";
const port = 8888;

// 1. 创建套接字 — create the socket: dgram.createSocket("udp4")

// 2. 绑定地址 — bind the address: server.bind(port, host)

// 3. 循环收发消息 — receive and reply: server.on("message", (data, client) => { print it; send "Thanks" to client })

// 4. 关闭套接字 — close the socket on Ctrl-C: process.on("SIGINT", () => server.close())
