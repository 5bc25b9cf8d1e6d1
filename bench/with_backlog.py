"""Runs a course-style Python server with a listen queue of 128 in place of
its own listen(3), so that wrk's 32 connections wait for accept() rather than
being dropped; nothing else of the program changes. bench/http.ts runs the
home page exercise's solution (exercises/home-page/solution.py) this way.

Run: python3 bench/with_backlog.py PROGRAM [ARGUMENTS...]
"""
import runpy
import socket
import sys

course_listen = socket.socket.listen
socket.socket.listen = lambda self, backlog=128: course_listen(self, max(backlog, 128))
sys.argv = sys.argv[1:]  # the program sees its own arguments, as if run by itself
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except KeyboardInterrupt:
    pass  # the benchmark stops it with SIGINT, as Ctrl-C would: no traceback in its output
