"""The course's way to look a word up: for every query, read the sorted word
book from the top, line by line, until the word is found or passed. Used by
bench/word.ts as the baseline that word_server.ts is measured against.

Run: python3 bench/line_scan_server.py DICT_PATH PORT
"""
import socket
import sys

dict_path, port = sys.argv[1], int(sys.argv[2])


def find_word(word):
    with open(dict_path, encoding="utf-8") as book:
        for line in book:
            entry = line.split(" ", 1)
            if entry[0] > word:
                break  # the book is sorted: the word is not in it
            if entry[0] == word:
                return word + "  " + entry[1].strip()
    return "Not found: " + word


sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", port))
print("listening on 127.0.0.1:%d (UDP)" % sock.getsockname()[1], flush=True)
try:
    while True:
        data, addr = sock.recvfrom(65535)
        word = data.decode("utf-8", "replace").strip()
        print("From client %s:%d, Word: %s" % (addr[0], addr[1], word))
        sock.sendto(find_word(word).encode(), addr)
except KeyboardInterrupt:
    pass
finally:
    sock.close()
