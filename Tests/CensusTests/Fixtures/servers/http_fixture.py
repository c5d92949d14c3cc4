"""An HTTP MCP peer for the cases the official SDK never produces.

    http_fixture.py --port N --other-port M --log FILE

Raw asyncio sockets, so the tests control status lines, chunking and
timing. Every request is appended to FILE as one JSON line (method, path,
lower-cased headers, body) before it is answered. The path picks the case:

    /json?note=202|200null|204|200empty   JSON answers
    /crlf            SSE answers with CRLF line ends
    /split           SSE answers written one byte at a time
    /priming         an empty priming event (id, retry) before each answer
    /redirect        307 to /redirect/ (which answers like /json)
    /cross           307 to the other port's /cross-target
    /auth            401 with a Bearer challenge
    /expire          forgets the session at the first tools/list (404)
    /cutoff          the initialize answer stops halfway, then the socket
    /silent          accepts the request and never answers
    /legacy/prefix/sse, /legacy-cut/sse   the 2024-11-05 SSE transport
"""

import argparse
import asyncio
import itertools
import json
import socket
from urllib.parse import parse_qs, urlsplit

options = None
sessions = itertools.count(1)
expired = set()
legacy_streams = {}


def log(entry):
    with open(options.log, "a", encoding="utf-8") as file:
        file.write(json.dumps(entry) + "\n")


def answer(message):
    """The JSON-RPC answer to one request, or None for a notification."""
    if "id" not in message or "method" not in message:
        return None
    method, mid = message["method"], message["id"]
    if method == "initialize":
        result = {
            "protocolVersion": "2025-06-18",
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "fixture", "version": "1"},
        }
    elif method == "tools/list":
        result = {"tools": [{"name": "echo", "inputSchema": {"type": "object"}}]}
    else:
        result = {}
    return {"jsonrpc": "2.0", "id": mid, "result": result}


async def read_request(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    body = await reader.readexactly(length) if length else b""
    return method, target, headers, body


def status_line(code, headers=(), body=b""):
    reasons = {200: "OK", 202: "Accepted", 204: "No Content",
               307: "Temporary Redirect", 401: "Unauthorized",
               404: "Not Found", 405: "Method Not Allowed"}
    lines = [f"HTTP/1.1 {code} {reasons.get(code, 'Status')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if code != 204:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def json_reply(payload, extra=()):
    body = json.dumps(payload).encode()
    return status_line(200, [("Content-Type", "application/json")] + list(extra), body)


async def sse_reply(writer, events, extra=(), split=False, cut=False):
    head = ["HTTP/1.1 200 OK", "Content-Type: text/event-stream",
            "Cache-Control: no-cache", "Connection: close"]
    head += [f"{name}: {value}" for name, value in extra]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
    await writer.drain()
    stream = b"".join(events)
    if cut:
        stream = stream[: len(stream) // 2]
    if split:
        for byte in stream:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.001)
    else:
        writer.write(stream)
        await writer.drain()


def event(data, eol=b"\n", name=None):
    text = b""
    if name:
        text += b"event: " + name.encode() + eol
    for line in data.split("\n"):
        text += b"data: " + line.encode() + eol
    return text + eol


async def streamable(writer, mode, query, headers, message):
    session = headers.get("mcp-session-id")
    extra = []
    if message.get("method") == "initialize":
        session = f"s{next(sessions)}"
        extra.append(("Mcp-Session-Id", session))
    elif mode == "expire" and session and message.get("method") == "tools/list":
        if not expired:
            expired.add(session)
            writer.write(status_line(404, [("Content-Type", "text/plain")], b"no such session"))
            return
    reply = answer(message)
    if reply is None:
        note = query.get("note", ["202"])[0]
        if note == "200null":
            writer.write(status_line(200, [("Content-Type", "application/json")], b"null"))
        elif note == "204":
            writer.write(status_line(204))
        elif note == "200empty":
            writer.write(status_line(200, [("Content-Type", "application/json")]))
        else:
            writer.write(status_line(202))
        return
    data = json.dumps(reply)
    if mode in ("json", "redirect/", "cross-target", "expire"):
        writer.write(json_reply(reply, extra))
    elif mode == "crlf":
        note = event(json.dumps({"jsonrpc": "2.0", "method": "notifications/message",
                                 "params": {"level": "info", "data": "a\nb"}}), b"\r\n")
        await sse_reply(writer, [b": comment\r\n", note, event(data, b"\r\n")], extra)
    elif mode == "split":
        await sse_reply(writer, [event(data)], extra, split=True)
    elif mode == "priming":
        await sse_reply(writer, [b"id: p1\nretry: 1000\ndata:\n\n", event(data)], extra)
    elif mode == "cutoff":
        await sse_reply(writer, [event(data)], extra, cut=True)
    elif mode == "endless":
        # One event that never ends: 4 MiB of data, past any test's limit.
        writer.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      "Connection: close\r\n\r\ndata: ").encode())
        for _ in range(64):
            writer.write(b"y" * 65536)
            await writer.drain()


async def legacy_stream(writer, path):
    prefix = path.rsplit("/", 1)[0]
    session = str(next(sessions))
    queue = asyncio.Queue()
    legacy_streams[session] = queue
    endpoint = "messages/?session_id=" + session
    if prefix == "/legacy-mute":
        # An open stream that never names its endpoint.
        await sse_reply(writer, [b": still here\n\n"])
        await asyncio.sleep(30)
        return
    if prefix == "/legacy-other":
        # The same server on its other port: another origin.
        endpoint = f"http://127.0.0.1:{options.other_port}{prefix}/{endpoint}"
    await sse_reply(writer, [event(endpoint, name="endpoint")])
    while True:
        item = await queue.get()
        if item is None:
            return
        if prefix == "/legacy-cut":
            cut = event(item, name="message")
            writer.write(cut[: len(cut) // 2])
            await writer.drain()
            return
        writer.write(event(item, name="message"))
        await writer.drain()


async def handle(reader, writer):
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        method, target, headers, body = await read_request(reader)
        url = urlsplit(target)
        path, query = url.path, parse_qs(url.query)
        log({"method": method, "path": path, "query": url.query,
             "headers": headers, "body": body.decode("utf-8", "replace")})
        mode = path.strip("/") if path != "/redirect/" else "redirect/"
        if path == "/silent":
            await asyncio.sleep(3600)
        elif path == "/auth":
            challenge = ('Bearer realm="x", resource_metadata="http://127.0.0.1:'
                         f'{options.port}/.well-known/oauth-protected-resource"')
            writer.write(status_line(401, [("WWW-Authenticate", challenge),
                                           ("Content-Type", "text/plain")], b"who are you?"))
        elif path == "/nowhere":
            writer.write(status_line(404, [("Content-Type", "text/plain")], b"not here"))
        elif path == "/redirect":
            writer.write(status_line(307, [("Location", "/redirect/")]))
        elif path == "/cross":
            other = f"http://127.0.0.1:{options.other_port}/cross-target"
            writer.write(status_line(307, [("Location", other)]))
        elif path.endswith("/sse") and method == "GET":
            await legacy_stream(writer, path)
        elif "/messages/" in path and method == "POST":
            session = query.get("session_id", [""])[0]
            reply = answer(json.loads(body))
            writer.write(status_line(202, [], b"Accepted"))
            if reply is not None and session in legacy_streams:
                await legacy_streams[session].put(json.dumps(reply))
        elif path.endswith("/sse"):
            writer.write(status_line(405, [("Allow", "GET")]))
        elif method == "POST":
            await streamable(writer, mode, query, headers, json.loads(body))
        elif method == "DELETE":
            writer.write(status_line(405))
        else:
            writer.write(status_line(405))
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    servers = [await asyncio.start_server(handle, "127.0.0.1", port)
               for port in (options.port, options.other_port)]
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--other-port", type=int, required=True)
    parser.add_argument("--log", required=True)
    options = parser.parse_args()
    asyncio.run(main())
