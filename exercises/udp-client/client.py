# 1.2 UDP 客户端编程 — the UDP client: fill in each step.
from socket import *

ADDR = ("127.0.0.1", 8888)

# 1. 创建套接字 — create the socket

# 2. 循环收发消息 — in a loop: msg = input("Msg>>> "); stop at an empty line;
#    sendto(msg.encode(), ADDR); data, addr = recvfrom(1024); print("Response:", data.decode())

# 3. 关闭套接字 — close the socket
