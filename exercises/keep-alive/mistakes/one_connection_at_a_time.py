# 错误 mistake: 没有线程：一个连接关闭以前，不接受下一个连接 — no threads: serves one connection until it closes before accepting the next
# 不通过 fails: two-connections-at-once
# 提示 says: thread
# Written here in the course's numbered steps, not copied from the course notes' text.
# 进阶：2.2 无连接再探 — keep-alive: the 2.5 home page server, each connection kept for more requests,
# a thread per connection. Arguments: the port (8888 by default), the page (index.html).
import sys
import threading
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)
PAGE = sys.argv[2] if len(sys.argv) > 2 else "index.html"
IDLE = 5  # seconds: a connection quiet this long is closed


def main():
    # 1. 创建套接字 — a TCP socket
    s = socket(AF_INET, SOCK_STREAM)
    # 2. 绑定地址 — SO_REUSEADDR first: start again at once, without waiting for TIME_WAIT
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    s.bind(ADDR)
    # 3. 设置监听
    s.listen(5)
    # 4. 等待客户端连接 — a thread per connection, so that one connection never makes another wait
    try:
        while True:
            c, addr = s.accept()
            print("Connect From", addr)
            handle(c)  # no thread: the next connection waits until this one closes
    except KeyboardInterrupt:
        s.close()


def handle(c):
    c.settimeout(IDLE)  # recv raises timeout (an OSError) when the client says nothing for IDLE seconds
    data = b""  # bytes received but not used yet: the start of the next request
    try:
        while True:
            # 5. 接收请求 — up to the blank line; b'' means the client closed the connection
            while b"\r\n\r\n" not in data:
                more = c.recv(4096)
                if not more or len(data) > 65536:
                    return
                data += more
            head, data = data.split(b"\r\n\r\n", 1)
            lines = head.decode("latin-1").split("\r\n")
            words = lines[0].split(" ")
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip().lower()
            length = headers.get("content-length", "0")
            if len(words) != 3 or not length.isdigit():
                respond(c, "400 Bad Request", b"<h1>Bad request</h1>", True)
                return
            while len(data) < int(length):  # a body: read it, and drop it
                more = c.recv(4096)
                if not more:
                    return
                data += more
            data = data[int(length):]
            method, path, version = words
            connection = headers.get("connection", "")
            close = "close" in connection or (version == "HTTP/1.0" and "keep-alive" not in connection)
            # 6. 发送响应 — the page for GET /, 404 for anything else; the file is read for each request
            if method == "GET" and path == "/":
                with open(PAGE, "rb") as f:
                    respond(c, "200 OK", f.read(), close)
            else:
                respond(c, "404 Not Found", "<h1>Sorry, not found</h1>".encode(), close)
            if close:
                return
    except OSError:  # the idle timeout, or a client that went away
        pass
    finally:
        # 7. 关闭套接字 — after Connection: close, b'', a bad request or the idle timeout
        c.close()


def respond(c, status, body, close):
    head = "HTTP/1.1 %s\r\n" % status
    head += "Content-Type: text/html;charset=utf-8\r\n"
    head += "Content-Length: %d\r\n" % len(body)  # in bytes: where this answer ends, and the next begins
    if close:
        head += "Connection: close\r\n"
    head += "\r\n"
    c.sendall(head.encode() + body)


main()
