"""An MCP stdio server for tests, with fault modes no real server shows on demand.

It imports nothing beyond the standard library so it starts in milliseconds.

    fixture_server.py MODE [--state DIR] [--limit N] ...

Modes:
  ok          a well-behaved server with two tools
  exit        writes a message to stderr and exits with --code (default 3)
  crash-until crashes (exit 1) until it has been started --times times,
              counting starts in --state; then behaves like ok
  barrier     marks itself alive in --state and answers initialize only once
              --limit servers are alive together (or after 5 s); records how
              many were alive when it started
"""

import argparse
import json
import os
import sys
import time


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def answer(request, result):
    send({"jsonrpc": "2.0", "id": request["id"], "result": result})


TOOLS = [
    {
        "name": "echo",
        "description": "Repeat the text.",
        "inputSchema": {
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
        },
    },
    {
        "name": "delete_all",
        "description": "Delete everything.",
        "inputSchema": {"type": "object"},
        "annotations": {"destructiveHint": True},
    },
]


def serve(on_initialize=None):
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        method = request.get("method")
        if "id" not in request:
            continue
        if method == "initialize":
            if on_initialize:
                on_initialize()
            answer(request, {
                "protocolVersion": "2025-06-18",
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "fixture", "version": "1.0"},
            })
        elif method == "tools/list":
            answer(request, {"tools": TOOLS})
        elif method == "ping":
            answer(request, {})
        else:
            send({"jsonrpc": "2.0", "id": request["id"],
                  "error": {"code": -32601, "message": "Method not found"}})


def count_starts(state):
    os.makedirs(state, exist_ok=True)
    path = os.path.join(state, "starts")
    starts = 1
    if os.path.exists(path):
        with open(path) as handle:
            starts = int(handle.read()) + 1
    with open(path, "w") as handle:
        handle.write(str(starts))
    return starts


def barrier(state, limit):
    os.makedirs(state, exist_ok=True)
    mine = os.path.join(state, f"alive-{os.getpid()}")
    open(mine, "w").close()
    alive = [name for name in os.listdir(state) if name.startswith("alive-")]
    with open(os.path.join(state, f"seen-{os.getpid()}"), "w") as handle:
        handle.write(str(len(alive)))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        alive = [n for n in os.listdir(state) if n.startswith("alive-")]
        if len(alive) >= limit:
            break
        time.sleep(0.01)
    return mine


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode")
    parser.add_argument("--state")
    parser.add_argument("--limit", type=int, default=1)
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--code", type=int, default=3)
    options = parser.parse_args()

    if options.mode == "ok":
        serve()
    elif options.mode == "exit":
        sys.stderr.write("fixture: OPENAI_API_KEY is not set; cannot start\n")
        sys.exit(options.code)
    elif options.mode == "crash-until":
        if count_starts(options.state) <= options.times:
            sys.stderr.write("fixture: crashing on purpose\n")
            sys.exit(1)
        serve()
    elif options.mode == "barrier":
        marker = []
        try:
            serve(lambda: marker.append(barrier(options.state, options.limit)))
        finally:
            for path in marker:
                os.remove(path)
    else:
        sys.exit(f"unknown mode {options.mode}")


if __name__ == "__main__":
    main()
