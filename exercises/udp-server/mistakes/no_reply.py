# 错误 mistake: 收到并打印了，但从不回复 — it receives and prints, but never replies
# 不通过 fails: answers
# 提示 says: sendto
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)

# 1. 创建套接字
udp_socket = socket(AF_INET, SOCK_DGRAM)

# 2. 绑定地址
udp_socket.bind(ADDR)

# 3. 循环收发消息
while True:
    try:
        data, addr = udp_socket.recvfrom(1024)
        print("From client", addr, "Msg:", data.decode())
    except KeyboardInterrupt:
        break

# 4. 关闭套接字
udp_socket.close()
