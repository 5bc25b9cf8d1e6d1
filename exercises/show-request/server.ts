// 2.3 HTTP 请求 — print what a browser sends: fill in each step. Run: npx tsx exercises/show-request/my_server.ts
import net from "node:net";

const host = "127.0.0.1";
const port = 8888;

// 1. 创建套接字 — create a TCP server: net.createServer((c) => { … })

// 2. 绑定地址 — and 3. 设置监听 — listen: server.listen({ host, port, backlog: 3 })

// 4. 等待客户端连接 — in the connection function: print `Connect From ${c.remoteAddress}:${c.remotePort}`

// 5. 接收请求 — c.on("data", …): collect the bytes up to the blank line that ends the head; a browser's spare
//    connection may close with nothing sent

// 6. 打印请求 — print the request

// 7. 关闭套接字 — c.end(), then server.close()
