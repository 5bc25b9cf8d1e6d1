# 错误 mistake: 收到了请求，却什么也没打印 — it receives the request, but prints nothing
# 不通过 fails: prints-request
# 提示 says: print
import sys
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)

s = socket(AF_INET, SOCK_STREAM)
s.bind(ADDR)
s.listen(3)
c, addr = s.accept()
data = c.recv(2048)
c.close()
s.close()
