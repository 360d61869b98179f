#!/usr/bin/env python3
"""Start-up to first frame: runs the dashboard in a pseudo-terminal of
160x45 (no tmux in between) and times from the process's start to the first
frame's header on its output. Prints the median of N runs in milliseconds.

Usage: scripts/first-frame.py RUNS BINARY [ARGS...]
"""
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time


def first_frame_seconds(command):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 160, 0, 0))
    start = time.monotonic()
    seen = b""
    try:
        while time.monotonic() - start < 10:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            seen += os.read(fd, 65536)
            # The header's first line: "… N clusters … every 30s".
            if b"clusters" in seen and b"every" in seen:
                return time.monotonic() - start
        return None
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)


def main():
    runs, command = int(sys.argv[1]), sys.argv[2:]
    times = [first_frame_seconds(command) for _ in range(runs)]
    times = sorted(t * 1000 for t in times if t is not None)
    if not times:
        sys.exit("no frame seen")
    print("%.1f %s" % (statistics.median(times), " ".join("%.1f" % t for t in times)))


main()
