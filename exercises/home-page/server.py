# 2.5 案例：主页访问 — the home page: fill in each step.
from socket import *

ADDR = ("127.0.0.1", 8888)
PAGE = "index.html"  # run it from the project folder


def main():
    # 1. 创建套接字 — create a TCP socket: socket(AF_INET, SOCK_STREAM)
    # 2. 绑定地址 — bind the address. Before bind: s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1), so the server
    #    can start again at once (without it the port stays taken about a minute after a visit, TIME_WAIT)
    # 3. 设置监听 — listen(3)
    # 4. 等待客户端连接 — in a loop: c, addr = accept(); handle(c); c.close()
    pass


def handle(c):
    # 5. 接收请求 — request = c.recv(4096); the path is the second word of the request line.
    #    A browser may open a spare connection that sends nothing: if not request: return, before splitting
    # 6. 发送响应 — for "/": the status line, Content-Type and Content-Length headers, a blank line,
    #    then the bytes of PAGE; for any other path: 404 Not Found
    pass


# 7. 关闭套接字 — main closes each connection after handle(c): one request per connection
main()
