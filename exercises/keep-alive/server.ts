// 进阶：2.2 无连接再探，持久连接 — keep-alive: the home page server of 2.5, but each connection stays open for
// more requests. Fill in each step. Run: npx tsx exercises/keep-alive/my_server.ts
import { readFile } from "node:fs/promises";
import net from "node:net";

const host = "127.0.0.1";
const port = 8888;
const PAGE = "index.html"; // run it from the project folder
const IDLE_MS = 5000; // a connection that sends nothing for this long is closed

// 1. 创建套接字, 2. 绑定地址, 3. 设置监听 — net.createServer(serve).listen(port, host)

// 4. 等待客户端连接 — function serve(c: net.Socket) { … }. Node calls it for each connection as it comes,
//    so several connections are served at once without threads (Python needs a thread per connection)
//    c.setTimeout(IDLE_MS, () => c.end()): an idle connection is closed

// 5. 接收请求 — keep a Buffer of the bytes not used yet; on "data", add the chunk, then take out every whole
//    request it holds: up to the blank line ("\r\n\r\n"), then Content-Length bytes of body if there is one.
//    What is left is the start of the next request: keep it. A connection that sends nothing and ends: close it.
//    A request line that is not three words: 400, then close

// 6. 发送响应 — for GET /: `HTTP/1.1 200 OK`, Content-Type, Content-Length (in bytes), a blank line, the page;
//    for anything else: 404. Every answer needs its Content-Length: that is where the client's read of it ends.
//    Answer pipelined requests in the order they came (await each one before the next)

// 7. 关闭套接字 — c.end() after answering a request with Connection: close, or an HTTP/1.0 one without
//    Connection: keep-alive (then send Connection: close too); otherwise keep c open for the next request
