# The UDP pinger (1.4), written here in the course's steps, not the notes' own text.
# The server's port may be given as the first argument (8888 otherwise, as in the course).
import sys
import time
from socket import *

ADDR = ("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8888)
COUNT = 10

# 1. 创建套接字
udp_socket = socket(AF_INET, SOCK_DGRAM)
udp_socket.settimeout(1)  # recvfrom 最多等 1 秒，然后抛出 timeout — recvfrom waits at most 1 s

# 2. 循环收发消息
rtts = []
for seq in range(1, COUNT + 1):
    start = time.time()
    msg = "Ping %d %d" % (seq, int(start * 1000))
    udp_socket.sendto(msg.encode(), ADDR)
    try:
        while True:
            data, addr = udp_socket.recvfrom(1024)
            words = data.decode(errors="replace").split()
            # 写着别的序号的，是之前某个 ping 迟到的回复：不算，接着等 — a late reply to another ping: wait on
            if len(words) >= 2 and words[0].lower() == "ping" and words[1] != str(seq):
                continue
            break
        rtt = (time.time() - start) * 1000
        rtts.append(rtt)
        print("Ping %d: reply from %s:%d, RTT %.1f ms" % (seq, addr[0], addr[1], rtt))
    except timeout:
        print("Ping %d: timed out" % seq)

received = len(rtts)
lost = COUNT - received
print("%d sent, %d received, %d lost, %.1f%% loss" % (COUNT, received, lost, lost / COUNT * 100))
if rtts:
    print("RTT min/avg/max = %.1f/%.1f/%.1f ms" % (min(rtts), sum(rtts) / received, max(rtts)))
else:
    print("no reply at all")

# 3. 关闭套接字
udp_socket.close()
