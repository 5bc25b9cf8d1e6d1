# 1.4 UDP 通信流程与特点 — the UDP pinger: fill in each step.
import time
from socket import *

ADDR = ("127.0.0.1", 8888)

# 1. 创建套接字 — create the socket; then settimeout(1), so that recvfrom waits at most 1 s
#    (without it, the first lost reply leaves your program waiting for ever)

# 2. 循环收发消息 — for seq in 1..10: remember start = time.time(); send "Ping <seq> <ms since epoch>"
#    (int(start * 1000)) with sendto(msg.encode(), ADDR); then try: data, addr = recvfrom(1024) and print
#    the round trip in ms ((time.time() - start) * 1000); except timeout: print that ping <seq> timed out.
#    A reply that names another ping ("Ping 4 ..." while you wait for 5) came late: skip it, recvfrom again.
#    At the end print: sent, received, lost, the loss in % (lost / sent * 100), and the min/avg/max round trip.

# 3. 关闭套接字 — close the socket
