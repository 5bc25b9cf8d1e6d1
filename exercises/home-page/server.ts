// 2.5 案例：主页访问 — the home page: fill in each step. Run: npx tsx exercises/home-page/my_server.ts
import { readFile } from "node:fs/promises";
import net from "node:net";

const host = "127.0.0.1";
const port = 8888;
const PAGE = "index.html"; // run it from the project folder

// 1. 创建套接字, 2. 绑定地址, 3. 设置监听 — net.createServer(serve).listen(port, host)

// 4. 等待客户端连接 — function serve(c: net.Socket) { … }

// 5. 接收请求 — collect c's bytes up to the blank line; the path is the second word of the request line.
//    A browser may open a spare connection that sends nothing and closes: on "end" with no bytes, just close it

// 6. 发送响应 — for "/": `HTTP/1.1 200 OK`, Content-Type, Content-Length (in bytes), a blank line, the page;
//    for any other path: 404 Not Found

// 7. 关闭套接字 — c.end(): one request per connection
