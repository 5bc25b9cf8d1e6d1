# 错误 mistake: 响应头之后没有空行 — no blank line after the headers
# 不通过 fails: status-and-type
# 提示 says: 空行
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)
PAGE = sys.argv[2] if len(sys.argv) > 2 else "index.html"


def handle(c):
    request = c.recv(4096)
    if not request:
        return
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
