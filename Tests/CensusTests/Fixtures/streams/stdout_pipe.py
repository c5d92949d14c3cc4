"""Runs a program with its stdout on a pipe set up the way a test asks,
and exits with the program's exit code (128 + N when signal N killed it).

usage: stdout_pipe.py closed PROGRAM [ARG...]
       stdout_pipe.py nonblocking PROGRAM [ARG...]

closed       the pipe's reader is closed before the program starts, and
             SIGPIPE has its default action, as under a shell's `| true`
nonblocking  the write end is O_NONBLOCK, as a Node parent leaves it; the
             pipe is read only once it is full (the program must then
             wait), and everything read is copied to this stdout

The program is killed if it runs for more than LIMIT seconds.
"""

import fcntl
import os
import signal
import sys
import termios
import time

LIMIT = 60


def start(mode, argv, reader, writer):
    pid = os.fork()
    if pid == 0:
        if mode == "nonblocking":
            os.close(reader)
            flags = fcntl.fcntl(writer, fcntl.F_GETFL)
            fcntl.fcntl(writer, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        os.dup2(writer, 1)
        os.close(writer)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.execv(argv[0], argv)
    signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
    signal.alarm(LIMIT)
    return pid


def wait_until_full(reader, pid):
    """Waits until the pipe holds all it can, or the program has exited."""
    size = fcntl.fcntl(reader, fcntl.F_GETPIPE_SZ)
    held = bytearray(4)
    end = time.monotonic() + LIMIT
    while time.monotonic() < end:
        fcntl.ioctl(reader, termios.FIONREAD, held)
        if int.from_bytes(held, sys.byteorder) >= size:
            return
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
            return
        time.sleep(0.01)


def main():
    mode, argv = sys.argv[1], sys.argv[2:]
    reader, writer = os.pipe()
    if mode == "closed":
        os.close(reader)
    pid = start(mode, argv, reader, writer)
    os.close(writer)
    if mode == "nonblocking":
        wait_until_full(reader, pid)
        while True:
            data = os.read(reader, 4096)
            if not data:
                break
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
