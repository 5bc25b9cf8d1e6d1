# 1.1 UDP 服务端编程 — the UDP server: fill in each step.
from socket import *

ADDR = ("127.0.0.1", 8888)

# 1. 创建套接字 — create the socket: socket(AF_INET, SOCK_DGRAM)

# 2. 绑定地址 — bind the address

# 3. 循环收发消息 — receive and reply in a loop:
#    data, addr = recvfrom(1024); print the message and addr; sendto(b'Thanks', addr)

# 4. 关闭套接字 — close the socket (catch KeyboardInterrupt to leave the loop on Ctrl-C)
