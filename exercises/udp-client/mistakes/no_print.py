# 错误 mistake: 收到了回复，却没有打印 — it receives the reply, but never prints it
# 不通过 fails: prompts-and-sends
# 提示 says: print
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)

# 1. 创建套接字
udp_socket = socket(AF_INET, SOCK_DGRAM)

# 2. 循环收发消息
while True:
    msg = input("Msg>>> ")
    if not msg:
        break
    udp_socket.sendto(msg.encode(), ADDR)
    data, addr = udp_socket.recvfrom(1024)

# 3. 关闭套接字
udp_socket.close()
