# 1.5 案例：查找单词 — word lookup, the server: fill in each step.
from socket import *

ADDR = ("127.0.0.1", 8888)
DICT = "fixtures/dict.txt"  # run it from the project folder


def find_word(word):
    # Read DICT line by line; a line is the word, spaces, then its explanation.
    # Return the line when its word is `word`; else a reply that says it was not found.
    pass


# 1. 创建套接字 — create the socket

# 2. 绑定地址 — bind the address

# 3. 循环收发消息 — receive a word, find it, send the answer back to addr

# 4. 关闭套接字 — close the socket
