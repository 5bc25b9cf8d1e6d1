# 1.5 案例：查找单词 — word lookup, the client: fill in each step.
from socket import *

ADDR = ("127.0.0.1", 8888)

# 1. 创建套接字 — create the socket

# 2. 循环收发消息 — in a loop: word = input("Word>>> "); stop at an empty line;
#    sendto(word.encode(), ADDR); data, addr = recvfrom(1024); print(data.decode())

# 3. 关闭套接字 — close the socket
