#!/usr/bin/env python3
"""Hostile input against a running `solstake serve`: every case of issue 16, one at a time, from 127.0.0.1, while a
watcher on 127.0.0.2 checks that /health/live keeps answering. Prints a table (case, expected, got, time) and exits 1
on any failure. Bounded: every socket has a timeout and every loop a count.

Usage: hostile_http.py PORT HEADER_TIMEOUT BODY_TIMEOUT IDLE_TIMEOUT WS_PER_CLIENT RATE_PER_MINUTE
(the timeouts and caps the server was started with; scripts/hostile-http.sh starts it and passes them).
"""
import base64
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse

PORT = int(sys.argv[1])
HEADER_TIMEOUT = float(sys.argv[2])
BODY_TIMEOUT = float(sys.argv[3])
IDLE_TIMEOUT = float(sys.argv[4])
WS_PER_CLIENT = int(sys.argv[5])
RATE_PER_MINUTE = int(sys.argv[6])
HOST = "127.0.0.1"
GRACE = 1.5  # seconds allowed past a timeout for the server's timer and the close to reach us
results = []


def record(case, expected, got, seconds, ok):
    results.append((case, expected, got, seconds, ok))
    print(f"{'ok ' if ok else 'BAD'} {case}: expected {expected}, got {got} in {seconds:.3f} s", flush=True)


def status_of(data):
    try:
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        return int(line.split(" ")[1])
    except Exception:
        return None


def exchange(payload, read_timeout=5.0, source="127.0.0.1", chunks=None, pause=0.0):
    """Sends bytes (or chunks with a pause between them), reads until the server closes or the timeout. Returns
    (response bytes, seconds until closed or None if still open at the timeout, seconds to first byte)."""
    s = socket.create_connection((HOST, PORT), timeout=read_timeout, source_address=(source, 0))
    start = time.time()
    first = None
    data = b""
    try:
        for i, chunk in enumerate(chunks or [payload]):
            if i and pause:
                time.sleep(pause)
            try:
                s.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
        s.settimeout(read_timeout)
        while True:
            try:
                part = s.recv(65536)
            except socket.timeout:
                return data, None, first
            except ConnectionResetError:
                return data, time.time() - start, first
            if first is None:
                first = time.time() - start
            if not part:
                return data, time.time() - start, first
            data += part
    finally:
        s.close()


def graphql_post(document=None, body=None, accept="application/json", timeout=5.0):
    if body is None:
        body = json.dumps({"query": document}).encode()
    request = (
        f"POST /graphql HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/json\r\nAccept: {accept}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    start = time.time()
    data, closed, _ = exchange(request, read_timeout=timeout)
    return status_of(data), time.time() - start, data


def expect_4xx(case, **kwargs):
    status, seconds, data = graphql_post(**kwargs)
    ok = status is not None and 400 <= status < 500 and seconds < 1.0
    code = ""
    try:
        code = json.loads(data.split(b"\r\n\r\n", 1)[1])["errors"][0]["extensions"]["code"]
    except Exception:
        pass
    record(case, "4xx < 1 s", f"{status} {code}".strip(), seconds, ok)


# --- the watcher: /health/live from another source address, every 200 ms, all along -------------------------------
watch = {"stop": False, "polls": 0, "failures": 0, "slowest": 0.0}


def watcher():
    while not watch["stop"]:
        start = time.time()
        try:
            data, _, _ = exchange(b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", read_timeout=2.0, source="127.0.0.2")
            if status_of(data) != 200:
                watch["failures"] += 1
        except Exception:
            watch["failures"] += 1
        watch["polls"] += 1
        watch["slowest"] = max(watch["slowest"], time.time() - start)
        time.sleep(0.2)


thread = threading.Thread(target=watcher, daemon=True)
thread.start()

# --- documents that crashed, hung or burned CPU --------------------------------------------------------------------
expect_4xx("selection nested 4,000 levels (12 KB)", document="{" * 4000 + "id" + "}" * 4000)
expect_4xx("list literal nested 8,000 levels (16 KB)", document="{ validators(search: " + "[" * 8000 + "]" * 8000 + ") { id } }")
expect_4xx("object literal nested 8,000 levels (32 KB)", document="{ validators(search: " + "{a:" * 8000 + "1" + "}" * 8000 + ") { id } }")
expect_4xx("list literal nested 500 levels", document="{ validators(search: " + "[" * 500 + "]" * 500 + ") { id } }")
expect_4xx("object literal nested 500 levels", document="{ validators(search: " + "{a:" * 500 + "1" + "}" * 500 + ") { id } }")
expect_4xx("object literal nested 40 levels", document="{ validators(search: " + "{a:" * 40 + "1" + "}" * 40 + ") { id } }")
for levels in (16, 20):
    bomb = "query { ...F0 } " + "".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }} " for i in range(levels - 1))
    bomb += f"fragment F{levels - 1} on Query {{ latestScoringRun {{ id }} }}"
    expect_4xx(f"fragment bomb of 2^{levels} fields", document=bomb)
expect_4xx("600 directives", document="{ latestScoringRun { id " + "@include(if: true) " * 600 + "} }")
expect_4xx("variables nested 10,000 levels", body=b'{"query":"query Q($a: String) { validators(search: $a) { id } }","variables":{"a":' + b"[" * 10000 + b"]" * 10000 + b"}}")
expect_4xx("variables of 200 KB", body=json.dumps({"query": "query Q($a: String) { validators(search: $a) { id } }", "variables": {"a": "x" * 200_000}}).encode())
expect_4xx("body of 8,000 nested arrays", body=b"[" * 8000 + b"]" * 8000)
expect_4xx("document parse error", document="{ validators { ", accept="application/graphql-response+json")
# Found by scripts/fuzz.sh: GraphQLSwift's lexer read past the end of these strings and the process died (SIGILL).
for crash in ['{ f(a: "\\u', '{ f(a: """ "', '{ f(a: """\\']:
    expect_4xx(f"lexer read past the end: {crash!r}", document=crash, accept="application/graphql-response+json")

# --- HTTP framing ---------------------------------------------------------------------------------------------------
start = time.time()
data, closed, _ = exchange(b"GET /graphql?query=" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", read_timeout=5)
record("GET with a 200 KB URL", "414 and closed < 1 s", f"{status_of(data)}, closed {'yes' if closed is not None else 'no'}", time.time() - start, status_of(data) == 414 and closed is not None and closed < 1)

start = time.time()
data, closed, _ = exchange(b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 64_000 + b"\r\n\r\n", read_timeout=5)
record("64 KB header", "431 and closed < 1 s", f"{status_of(data)}, closed {'yes' if closed is not None else 'no'}", time.time() - start, status_of(data) == 431 and closed is not None and closed < 1)

start = time.time()
data, closed, first = exchange(
    b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{\"query\":", read_timeout=5)
record("Content-Length of 10 GB, small body", "413 at once, closed within the 2 s linger", f"{status_of(data)} after {(first or 0):.3f} s, closed after {closed:.2f} s" if closed else f"{status_of(data)}, still open",
       time.time() - start, status_of(data) == 413 and (first or 9) < 1 and closed is not None and closed < 2 + GRACE)

start = time.time()
data, closed, _ = exchange(b"GARBAGE\x01\x02 nonsense\r\n\r\n", read_timeout=5)
record("garbage request line", "closed < 1 s", f"{status_of(data)}, closed {'yes' if closed is not None else 'no'}", time.time() - start, closed is not None and closed < 1)

start = time.time()
data, closed, _ = exchange(b"", read_timeout=HEADER_TIMEOUT + GRACE + 2)
record("connection that sends nothing", f"408 and closed within {HEADER_TIMEOUT:g} s", f"{status_of(data)}, closed after {closed:.2f} s" if closed else "still open", time.time() - start,
       closed is not None and closed <= HEADER_TIMEOUT + GRACE)

slow = [b"GET /health/live HTTP/1.1\r\n", b"Host: x\r\n", b"X-A: 1\r\n", b"X-B: 2\r\n", b"X-C: 3\r\n", b"X-D: 4\r\n"]
start = time.time()
data, closed, _ = exchange(None, chunks=slow, pause=HEADER_TIMEOUT / 3, read_timeout=HEADER_TIMEOUT + GRACE + 2)
record("header trickled line by line", f"closed within {HEADER_TIMEOUT:g} s of connecting", f"{status_of(data)}, closed after {closed:.2f} s" if closed else "still open",
       time.time() - start, closed is not None and closed <= HEADER_TIMEOUT + GRACE + HEADER_TIMEOUT / 3)

body_chunks = [b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"] + [b" "] * 50
start = time.time()
data, closed, _ = exchange(None, chunks=body_chunks, pause=BODY_TIMEOUT / 10, read_timeout=BODY_TIMEOUT + GRACE + 2)
record("body trickled byte by byte", f"closed within {BODY_TIMEOUT:g} s of the head", f"{status_of(data)}, closed after {closed:.2f} s" if closed else "still open", time.time() - start,
       closed is not None and closed <= BODY_TIMEOUT + GRACE + BODY_TIMEOUT / 10)

# A keep-alive connection: the first request is answered, then it idles; then one whose second request is oversized.
s = socket.create_connection((HOST, PORT), timeout=IDLE_TIMEOUT + GRACE + 3)
s.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
start = time.time()
got = s.recv(65536)
closed_after = None
while True:
    try:
        part = s.recv(65536)
    except (socket.timeout, ConnectionResetError):
        break
    if not part:
        closed_after = time.time() - start
        break
s.close()
record("idle keep-alive connection", f"closed within {IDLE_TIMEOUT:g} s", f"{status_of(got)}, closed after {closed_after:.2f} s" if closed_after else "still open", time.time() - start,
       status_of(got) == 200 and closed_after is not None and closed_after <= IDLE_TIMEOUT + GRACE)

# A keep-alive connection whose second request, sent after the first answer, has a 200 KB URL.
s = socket.create_connection((HOST, PORT), timeout=5)
start = time.time()
s.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n")
first = s.recv(65536)
s.sendall(b"GET /graphql?query=" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
second = b""
closed = None
while True:
    try:
        part = s.recv(65536)
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        closed = time.time() - start if isinstance(sys.exc_info()[1], ConnectionResetError) else None
        break
    if not part:
        closed = time.time() - start
        break
    second += part
s.close()
record("keep-alive: second request with a 200 KB URL", "200, then 431 and closed < 1 s", f"{status_of(first)} then {status_of(second)}, closed {'yes' if closed is not None else 'no'}",
       time.time() - start, status_of(first) == 200 and status_of(second) in (414, 431) and closed is not None and closed < 1)

start = time.time()
data, closed, _ = exchange(
    b"GET /health/live HTTP/1.1\r\nHost: x\r\n\r\nGET /graphql?query=" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", read_timeout=5)
record("pipelined: a request, then one with a 200 KB URL", "closed < 1 s", f"{status_of(data)}, closed {'yes' if closed is not None else 'no'}",
       time.time() - start, closed is not None and closed < 1)


def many(count, payload, label):
    """Opens `count` connections at once that send `payload` and wait; returns statuses and close times."""
    sockets = []
    start = time.time()
    for _ in range(count):
        s = socket.create_connection((HOST, PORT), timeout=HEADER_TIMEOUT + GRACE + 3)
        if payload:
            s.sendall(payload)
        sockets.append(s)
    outcomes = []
    for s in sockets:
        data = b""
        closed = None
        while True:
            try:
                part = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                if isinstance(sys.exc_info()[1], ConnectionResetError):
                    closed = time.time() - start
                break
            if not part:
                closed = time.time() - start
                break
            data += part
        outcomes.append((status_of(data), closed))
        s.close()
    statuses = {}
    for status, _ in outcomes:
        statuses[status] = statuses.get(status, 0) + 1
    still_open = sum(1 for _, closed in outcomes if closed is None)
    latest = max((closed for _, closed in outcomes if closed is not None), default=0)
    ok = still_open == 0 and latest <= HEADER_TIMEOUT + GRACE
    record(label, f"all closed within {HEADER_TIMEOUT:g} s (503 past the per-client cap, else 408)",
           f"{dict(sorted(statuses.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))}, {still_open} open, last closed after {latest:.2f} s", time.time() - start, ok)


many(300, b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Half", "300 connections sending half a header")
many(300, b"", "300 connections sending nothing")


# --- WebSocket (graphql-transport-ws) ----------------------------------------------------------------------------------
def ws_connect(source="127.0.0.1"):
    s = socket.create_connection((HOST, PORT), timeout=5, source_address=(source, 0))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        (f"GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        part = s.recv(1)
        if not part:
            break
        head += part
    return s, status_of(head)


def ws_send(s, text):
    payload = text.encode()
    mask = os.urandom(4)
    header = bytes([0x81])
    n = len(payload)
    if n < 126:
        header += bytes([0x80 | n])
    elif n < 65536:
        header += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        header += bytes([0x80 | 127]) + struct.pack(">Q", n)
    s.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


def ws_recv(s):
    """One frame: (opcode, payload bytes) or (None, b'') when the connection ends."""
    def exact(n):
        data = b""
        while len(data) < n:
            part = s.recv(n - len(data))
            if not part:
                raise EOFError
            data += part
        return data
    try:
        first, second = exact(2)
        n = second & 0x7F
        if n == 126:
            n = struct.unpack(">H", exact(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", exact(8))[0]
        return first & 0x0F, exact(n)
    except (EOFError, socket.timeout, ConnectionResetError, OSError):
        return None, b""


start = time.time()
s, status = ws_connect()
ws_send(s, json.dumps({"type": "connection_init"}))
opcode, payload = ws_recv(s)
sent = RATE_PER_MINUTE + 30
for i in range(sent):
    ws_send(s, json.dumps({"id": str(i), "type": "subscribe", "payload": {"query": "{ latestScoringRun { id } }"}}))
limited = 0
answered = 0
deadline = time.time() + 20
while answered < sent and time.time() < deadline:
    opcode, payload = ws_recv(s)
    if opcode is None:
        break
    if opcode != 1:
        continue
    message = json.loads(payload)
    if message["type"] in ("complete", "error"):
        answered += 1
        if message["type"] == "error" and "RATE_LIMITED" in json.dumps(message):
            limited += 1
s.close()
record("WebSocket: one connection sends rate limit + 30 operations", "the last ones get RATE_LIMITED, connection stays",
       f"{status}, {answered} answered, {limited} rate limited", time.time() - start, status == 101 and answered == sent and limited >= 30)

start = time.time()
held = []
refused = 0
for _ in range(WS_PER_CLIENT + 4):
    s, status = ws_connect()
    held.append(s)
for s in held[WS_PER_CLIENT:]:
    opcode, payload = ws_recv(s)
    if opcode == 8 and len(payload) >= 2 and struct.unpack(">H", payload[:2])[0] == 1013:
        refused += 1
for s in held:
    s.close()
record(f"WebSocket: {WS_PER_CLIENT + 4} connections from one client", f"the 4 past the cap of {WS_PER_CLIENT} closed with 1013", f"{refused} closed with 1013",
       time.time() - start, refused == 4)

time.sleep(0.5)
watch["stop"] = True
thread.join(timeout=5)
record("/health/live from another address throughout", "every poll 200, none slower than 1 s",
       f"{watch['polls']} polls, {watch['failures']} failed, slowest {watch['slowest']:.3f} s", 0.0, watch["failures"] == 0 and watch["slowest"] < 1 and watch["polls"] > 10)

print()
print("| case | expected | got | time (s) | |")
print("|---|---|---|---|---|")
for case, expected, got, seconds, ok in results:
    print(f"| {case} | {expected} | {got} | {seconds:.3f} | {'ok' if ok else '**FAIL**'} |")
failed = [r for r in results if not r[4]]
print(f"\nhostile input: {len(results) - len(failed)} of {len(results)} cases as expected")
sys.exit(1 if failed else 0)
