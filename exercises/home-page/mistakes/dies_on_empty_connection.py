# 错误 mistake: 没有检查空请求：浏览器的空连接让它出错退出 — no check for an empty request: a browser's spare connection ends it
# 不通过 fails: empty-connection
# 提示 says: if not request
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)
PAGE = sys.argv[2] if len(sys.argv) > 2 else "index.html"


def handle(c):
    request = c.recv(4096)
    request_line = request.decode().split("\r\n")[0]
    path = request_line.split(" ")[1]
    if path == "/":
        with open(PAGE, "rb") as f:
            body = f.read()
        head = "HTTP/1.1 200 OK\r\n"
    else:
        body = "<h1>Sorry, not found</h1>".encode()
        head = "HTTP/1.1 404 Not Found\r\n"
    head += "Content-Type: text/html;charset=utf-8\r\n"
    head += "Content-Length: %d\r\n" % len(body)
    head += "\r\n"
    c.send(head.encode() + body)


s = socket(AF_INET, SOCK_STREAM)
s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.bind(ADDR)
s.listen(3)
while True:
    c, addr = s.accept()
    print("Connect From", addr)
    handle(c)
    c.close()
