# 2.3 HTTP 请求 — print what a browser sends: fill in each step.
from socket import *

ADDR = ("127.0.0.1", 8888)

# 1. 创建套接字 — create a TCP socket: socket(AF_INET, SOCK_STREAM)

# 2. 绑定地址 — bind the address. Before bind: s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1), so the program
#    can start again at once (without it the port stays taken about a minute after a connection, TIME_WAIT)

# 3. 设置监听 — listen(3)

# 4. 等待客户端连接 — c, addr = accept(); print("Connect From", addr)

# 5. 接收请求 — data = c.recv(2048); b'' means the browser closed a connection that sent nothing

# 6. 打印请求 — print(data.decode())

# 7. 关闭套接字 — close c, then the listening socket
