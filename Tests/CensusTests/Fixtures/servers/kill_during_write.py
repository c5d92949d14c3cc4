"""Starts a command and SIGKILLs it the moment it creates a file.

    kill_during_write.py FOLDER PREFIX -- COMMAND...

Watches FOLDER with inotify; when a file whose name starts with PREFIX is
created there, kills COMMAND with SIGKILL at once. Prints "killed" or
"finished" and exits 0, so a test can tell whether the kill landed while
the file was being written. Bounded: gives up after 120 seconds.
"""

import ctypes
import os
import select
import signal
import struct
import subprocess
import sys
import time

IN_CREATE = 0x00000100
IN_MOVED_TO = 0x00000080


def main():
    folder, prefix = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    libc = ctypes.CDLL(None, use_errno=True)
    watcher = libc.inotify_init1(os.O_CLOEXEC)
    if watcher < 0 or libc.inotify_add_watch(
            watcher, folder.encode(), IN_CREATE | IN_MOVED_TO) < 0:
        sys.exit("kill_during_write: inotify is not available")
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while child.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([watcher], [], [], 0.5)
        if not ready:
            continue
        data = os.read(watcher, 65536)
        offset = 0
        while offset < len(data):
            _, mask, _, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16:offset + 16 + length].rstrip(b"\0").decode()
            offset += 16 + length
            if mask & IN_CREATE and name.startswith(prefix):
                child.send_signal(signal.SIGKILL)
                child.wait()
                print("killed")
                return
    if child.poll() is None:
        child.kill()
    child.wait()
    print("finished")


if __name__ == "__main__":
    main()
