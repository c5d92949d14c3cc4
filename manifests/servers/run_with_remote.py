"""Serves the catalog server over Streamable HTTP on loopback while a
command runs, for the example job's remote entry.

    python run_with_remote.py PORT -- COMMAND...

Starts `catalog_server.py streamable-http` on 127.0.0.1:PORT in a process
group of its own, waits until the port accepts connections (bounded), runs
COMMAND, then stops the server and exits with COMMAND's exit code.
"""

import os
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def wait_until_listening(port, server, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"run_with_remote: the catalog server exited with {server.returncode}")
        if not port_is_free(port):
            return
        time.sleep(0.05)
    sys.exit(f"run_with_remote: the catalog server did not listen on {port} in {limit} s")


def main():
    port = int(sys.argv[1])
    command = sys.argv[sys.argv.index("--") + 1:]
    if not port_is_free(port):
        sys.exit(f"run_with_remote: 127.0.0.1:{port} is in use; "
                 "stop what listens there or change the port in the manifest")
    server = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "catalog_server.py"),
         "streamable-http", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_listening(port, server)
        code = subprocess.call(command)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    sys.exit(code)


if __name__ == "__main__":
    main()
