#!/usr/bin/env python3
"""An open-loop load at a fixed rate (the latency targets of the harness): request i is due at start + i / RATE,
whatever happened to the requests before it, and its latency is measured from that due time to the last byte of its
answer, so time spent waiting for a free connection counts (no coordinated omission, unlike a closed-loop client
such as wrk, whose next request waits for the previous answer). asyncio protocols on raw HTTP/1.1 keep-alive
connections (one process, little CPU): a due request goes to an idle connection, or waits for one while a new one
opens (at most MAX_CONNECTIONS).

  open_loop.py PORT KIND RATE SECONDS MAX_CONNECTIONS IDS_FILE PATCH_IDS_FILE TOKENS_FILE SALT

KIND: get (a random "<id> <token>" of IDS_FILE), list (the first page of 100 of a random organization of TOKENS_FILE),
patch (a random gateway of PATCH_IDS_FILE, the bodies of bench/lua/patch.lua: every PATCH a real change) or create
(a new gateway over 3 zones with the token tokc). Waits for every answer (at most SECONDS + 30 s), so that no request
is in flight when it closes its connections. Prints one line:
  OPENLOOP kind=list rate=2500.0 sent=50000 ok=50000 failed=0 seconds=20.001 achieved_rps=2499.9 p50_ms=.. p90_ms=..
           p99_ms=.. p999_ms=.. max_ms=.. mean_ms=.. connections=12 backlog_max=3 cpu_s=.. statuses=200:50000
"""
import asyncio
import random
import resource
import sys
import time
from collections import deque

HOST = "127.0.0.1"
ZONES = '["US-EAST-04A","US-WEST-09B","EU-SOUTH-03A"]'


def load(path):
    return [line.split() for line in open(path) if line.strip()]


class Requests:
    def __init__(self, kind, port, ids, patch_ids, tokens, salt):
        self.kind, self.port, self.salt = kind, port, salt
        self.rows = {"get": lambda: load(ids), "list": lambda: load(tokens), "patch": lambda: load(patch_ids),
                     "create": lambda: [["tokc"]]}[kind]()
        self.rnd = random.Random(f"{salt}-{time.time()}")
        # GET and LIST requests are the same bytes every time: made once, so that the client's CPU stays small
        self.fixed = [self.build(row, 0) for row in self.rows] if kind in ("get", "list") else None

    def make(self, i):
        if self.fixed:
            return self.fixed[int(self.rnd.random() * len(self.fixed))]
        return self.build(self.rnd.choice(self.rows), i)

    def build(self, row, i):
        token = row[-1]
        path, method, body = "/v1alpha1/inference/gateways", "GET", b""
        if self.kind == "get":
            path += "/" + row[0]
        elif self.kind == "list":
            path += "?pageSize=100"
        elif self.kind == "patch":
            method, path = "PATCH", path + "/" + row[0]
            routing = '"pathBasedRouting":{}' if i % 2 else '"headerBasedRouting":{"headerName":"x-model"}'
            body = f'{{"name":"o{self.salt}-{i}","zones":{ZONES},"coreWeaveAuth":{{}},{routing}}}'.encode()
        else:
            method = "POST"
            body = (f'{{"name":"o{self.salt}-{i}","zones":{ZONES},"coreWeaveAuth":{{}},'
                    f'"pathBasedRouting":{{}}}}').encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\nAuthorization: Bearer {token}\r\n"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        return (head + "\r\n").encode() + body


class Conn(asyncio.Protocol):
    """One keep-alive connection; parses answers (Content-Length or chunked) without keeping their bodies."""

    def __init__(self, client):
        self.client, self.transport, self.due = client, None, None
        self.reset()

    def reset(self):
        self.head, self.status, self.mode, self.left = bytearray(), None, None, 0
        self.line, self.skip, self.trailer, self.close_after = b"", 0, False, False

    def connection_made(self, transport):
        self.transport = transport
        self.client.ready(self)

    def connection_lost(self, exc):
        self.client.lost(self)

    def send(self, request, due):
        self.due = due
        self.reset()
        self.transport.write(request)

    def data_received(self, data):
        if self.status is None:
            self.head += data
            i = self.head.find(b"\r\n\r\n")
            if i < 0:
                return
            head = bytes(self.head[:i]).lower()
            data = bytes(self.head[i + 4:])
            self.status = int(head.split(b" ", 2)[1])
            self.close_after = b"connection: close" in head
            if b"transfer-encoding: chunked" in head:
                self.mode = "chunked"
            else:
                self.mode = "length"
                k = head.find(b"content-length:")
                self.left = int(head[k + 15:].split(b"\r\n", 1)[0]) if k >= 0 else 0
        if self.mode == "length":
            self.left -= len(data)
            if self.left <= 0:
                self.complete()
            return
        pos, n = 0, len(data)
        while pos < n:
            if self.skip:
                take = min(self.skip, n - pos)
                pos += take
                self.skip -= take
                continue
            j = data.find(b"\r\n", pos)
            if j < 0:
                self.line += data[pos:]
                return
            line, self.line, pos = self.line + data[pos:j], b"", j + 2
            if self.trailer:
                if not line:
                    self.complete()
                    return
                continue
            size = int(line.split(b";")[0], 16)
            if size == 0:
                self.trailer = True
            else:
                self.skip = size + 2

    def complete(self):
        due, self.due = self.due, None
        self.client.done(self, due, str(self.status))
        if self.close_after:
            self.transport.close()


class Client:
    def __init__(self, loop, port, requests, max_conns):
        self.loop, self.port, self.requests, self.max_conns = loop, port, requests, max_conns
        self.idle, self.backlog = [], deque()
        self.conns = self.opening = 0
        self.latencies, self.statuses = [], {}
        self.backlog_max = self.conns_max = 0
        self.finished = asyncio.Event()
        self.expected = 0

    def record(self, due, status):
        self.latencies.append(self.loop.time() - due)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if len(self.latencies) >= self.expected:
            self.finished.set()

    def open(self):
        self.opening += 1

        async def connect():
            try:
                await self.loop.create_connection(lambda: Conn(self), HOST, self.port)
            except OSError:
                self.opening -= 1
                if self.backlog:
                    due, _ = self.backlog.popleft()
                    self.record(due, "connect-error")
        self.loop.create_task(connect())

    def ready(self, conn):
        self.opening -= 1
        self.conns += 1
        self.conns_max = max(self.conns_max, self.conns)
        self.next_for(conn)

    def next_for(self, conn):
        if self.backlog:
            due, request = self.backlog.popleft()
            conn.send(request, due)
        else:
            self.idle.append(conn)

    def dispatch(self, due, request):
        if self.idle:
            self.idle.pop().send(request, due)
            return
        self.backlog.append((due, request))
        self.backlog_max = max(self.backlog_max, len(self.backlog))
        if self.conns + self.opening < self.max_conns and self.opening < len(self.backlog):
            self.open()

    def done(self, conn, due, status):
        self.record(due, status)
        if not conn.close_after:
            self.next_for(conn)

    def lost(self, conn):
        self.conns -= 1
        if conn in self.idle:
            self.idle.remove(conn)
        if conn.due is not None:
            self.record(conn.due, "closed")
            conn.due = None
        if self.backlog and self.conns + self.opening < self.max_conns:
            self.open()


async def main():
    port, kind, rate, secs, max_conns = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), \
        int(sys.argv[5])
    requests = Requests(kind, port, sys.argv[6], sys.argv[7], sys.argv[8], sys.argv[9])
    loop = asyncio.get_running_loop()
    client = Client(loop, port, requests, max_conns)
    total = max(1, int(rate * secs))
    client.expected = total
    for _ in range(min(max_conns, 4 + int(rate * 0.005))):   # a few connections open before the first due time
        client.open()
    await asyncio.sleep(0.3)
    interval = 1.0 / rate
    t0 = loop.time() + 0.01
    i = 0
    while i < total:
        now = loop.time()
        while i < total and t0 + i * interval <= now:
            client.dispatch(t0 + i * interval, requests.make(i))
            i += 1
        if i < total:
            await asyncio.sleep(max(0.0, min(0.002, t0 + i * interval - loop.time())))
    sent_s = loop.time() - t0
    try:
        await asyncio.wait_for(client.finished.wait(), 30)
    except asyncio.TimeoutError:
        pass
    for c in list(client.idle):
        c.transport.close()
    lat = sorted(client.latencies)
    unanswered = total - len(lat)

    def p(q):
        return lat[min(len(lat) - 1, max(0, int(round(q * len(lat))) - 1))] * 1000 if lat else float("nan")

    ok = sum(v for k, v in client.statuses.items() if k.startswith("2"))
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(f"OPENLOOP kind={kind} rate={rate:.1f} sent={total} ok={ok} failed={total - ok} unanswered={unanswered} "
          f"seconds={sent_s:.3f} achieved_rps={len(lat) / max(sent_s, 1e-9):.1f} p50_ms={p(0.5):.2f} "
          f"p90_ms={p(0.9):.2f} p99_ms={p(0.99):.2f} p999_ms={p(0.999):.2f} "
          f"max_ms={(lat[-1] * 1000 if lat else float('nan')):.2f} "
          f"mean_ms={(sum(lat) / len(lat) * 1000 if lat else float('nan')):.2f} connections={client.conns_max} "
          f"backlog_max={client.backlog_max} cpu_s={cpu.ru_utime + cpu.ru_stime:.2f} "
          f"statuses={','.join(f'{k}:{v}' for k, v in sorted(client.statuses.items()))}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
