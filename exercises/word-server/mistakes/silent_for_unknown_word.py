# 错误 mistake: 查不到的单词就不回复 — no reply at all for a word it does not find
# 不通过 fails: unknown-word
# 提示 says: 找不到时也要
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)
DICT = sys.argv[2] if len(sys.argv) > 2 else "dict.txt"


def find_word(word):
    f = open(DICT, encoding="utf-8")
    for line in f:
        if line.split(" ")[0] == word:
            f.close()
            return line.strip()
    f.close()
    return None


# 1. 创建套接字
udp_socket = socket(AF_INET, SOCK_DGRAM)
# 2. 绑定地址
udp_socket.bind(ADDR)
# 3. 循环收发消息
while True:
    data, addr = udp_socket.recvfrom(1024)
    word = data.decode()
    print(addr, "查找", word)
    found = find_word(word)
    if found:
        udp_socket.sendto(found.encode(), addr)
