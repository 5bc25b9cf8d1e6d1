"""The course's 2.5 home page server, as exercises/home-page/solution.py
writes it: a blocking loop that accepts a connection, reads the request,
reads the page from its file, sends the head and the page, closes, and
prints who connected. One change for the benchmark: listen(128) rather than
listen(3), so that wrk's 32 connections wait for accept() rather than being
dropped. bench/http.ts measures the lessons beside it.

Run: python3 bench/home_server.py PORT PAGE
"""
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]))
PAGE = sys.argv[2]


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
    head += "\r\n"
    c.send(head.encode() + body)


s = socket(AF_INET, SOCK_STREAM)
s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.bind(ADDR)
s.listen(128)
try:
    while True:
        c, addr = s.accept()
        print("Connect From", addr)
        handle(c)
        c.close()
except KeyboardInterrupt:
    pass
finally:
    s.close()
