// 错误 mistake: 收到并打印了，但从不回复 — it receives and prints, but never replies
// 不通过 fails: answers
// 提示 says: server.send
import dgram from "node:dgram";

const port = Number(process.argv[2] ?? 8888);

// 1. 创建套接字
const server = dgram.createSocket("udp4");

// 2. 绑定地址
server.bind(port, "127.0.0.1");

// 3. 循环收发消息
server.on("message", (data, client) => {
  console.log("From client", client.address, client.port, "Msg:", data.toString());
});

// 4. 关闭套接字
process.on("SIGINT", () => server.close());
