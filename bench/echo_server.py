"""A UDP server as the course writes it (section 1.1): a blocking loop of
recvfrom and sendto that prints every message. bench/echo.ts measures
udp_server.ts against it.

Run: python3 bench/echo_server.py PORT
"""
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", int(sys.argv[1])))
print("listening on 127.0.0.1:%d (UDP)" % sock.getsockname()[1], flush=True)
try:
    while True:
        data, addr = sock.recvfrom(1024)
        print("From client %s:%d, Msg: %s" % (addr[0], addr[1], data.decode("utf-8", "replace")))
        sock.sendto(b"Thanks", addr)
except KeyboardInterrupt:
    pass
finally:
    sock.close()
