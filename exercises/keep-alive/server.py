# 进阶：2.2 无连接再探，持久连接 — keep-alive: the home page server of 2.5, but each connection stays open
# for more requests. Fill in each step.
import threading
from socket import *

ADDR = ("127.0.0.1", 8888)
PAGE = "index.html"  # run it from the project folder
IDLE = 5  # seconds: a connection that sends nothing for this long is closed


def main():
    # 1. 创建套接字 — create a TCP socket: socket(AF_INET, SOCK_STREAM)
    # 2. 绑定地址 — bind the address. Before bind: s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1), so the server
    #    can start again at once (without it the port stays taken about a minute after a visit, TIME_WAIT)
    # 3. 设置监听 — listen(5)
    # 4. 等待客户端连接 — in a loop: c, addr = accept(), then a thread for the connection, so that a second
    #    browser need not wait for the first: threading.Thread(target=handle, args=(c,), daemon=True).start()
    pass


def handle(c):
    # Before the loop: c.settimeout(IDLE); then recv raises timeout (an OSError) on an idle connection.
    # data = b"" holds the bytes received but not used yet. In a loop, one request after another:
    # 5. 接收请求 — recv and add to data until it holds b"\r\n\r\n" (the blank line); b'' means the client
    #    closed: stop. Split data at the blank line: the head, and the rest (the next request may have come
    #    with it: keep it in data). A Content-Length header in the head: that many bytes of body follow;
    #    recv until data has them, and take them off too. A request line that is not three words: 400, close
    # 6. 发送响应 — for GET /: 200, Content-Type: text/html;charset=utf-8, Content-Length (in bytes), a blank
    #    line, the bytes of PAGE; for anything else: 404. Every answer needs its Content-Length: the client
    #    reads exactly that many bytes, and what comes next is the next answer.
    #    Close after answering when the request says Connection: close, or it is HTTP/1.0 without
    #    Connection: keep-alive; then also send Connection: close. Otherwise, back to step 5
    pass


# 7. 关闭套接字 — c.close() when handle's loop ends (in a finally, so the timeout closes it too); s.close()
#    on Ctrl-C (except KeyboardInterrupt)
main()
