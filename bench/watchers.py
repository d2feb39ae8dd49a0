#!/usr/bin/env python3
"""Many concurrent watch streams in one process (the watch phase of run.sh): asyncio protocols over raw sockets,
no JSON parsing, so that 1,000 streams cost the client little CPU.

  watchers.py PORT WATCHERS TOKENS_FILE FINISH_TIMEOUT_S

TOKENS_FILE holds one token per line, one per organization (tok0..): watcher k watches the organization of token
k % len(tokens). Each organization's start version is the resourceVersion its list answers at start (GET
?pageSize=1); every watcher of it sends GET /v1alpha1/inference/gateways?watch=true&resourceVersion=<start> on its
own connection and reads the newline-delimited JSON stream (HTTP/1.1 chunked), checking by resourceVersion that it
gets every change of its organization once and in order: each change event must carry the version after the last
one (a gap counts the missing versions, a repeat or a step back counts as a duplicate). BOOKMARK events are counted
(and must carry the watcher's last version); an ERROR event or an end of the stream counts against the watcher.

Latency of a change: receive time (time.time() when its bytes arrived) minus the event's gateway.status.updatedAt
(the service stamps it when it makes the change; same machine, same clock).

Control by signals:
  SIGUSR2  starts a new latency segment (run.sh marks the phase's parts: paced PATCHes, then full-speed PATCHes);
  SIGUSR1  finish: read each organization's final version (its list's resourceVersion), wait (at most
           FINISH_TIMEOUT_S) until every watcher got there, print the results and exit.
Prints, key=value, for run.sh:
  CONNECTED watchers=1000 ok=1000 bad=0 seconds=1.234 starts=org0:12,org1:15,...
  SEGMENT n=1 events=... p50_ms=... p99_ms=... max_ms=...          (one per segment, at the end)
  ORG org=org0 start=12 final=340 watchers=100 complete=100 min_last=340 max_last=340
  WATCH watchers=1000 complete=1000 incomplete=0 missing=0 gap_watchers=0 duplicates=0 errors=0 ended=0 status_bad=0
        events=... bookmarks=... bookmark_mismatch=0 p50_ms=... p99_ms=... max_ms=... waited_s=... cpu_s=...
  BAD watcher=17 org=org7 ...                                      (the first few incomplete watchers)
"""
import array
import asyncio
import calendar
import http.client
import os
import re
import resource
import signal
import sys
import time

HOST = "127.0.0.1"
RV_LIST = re.compile(rb'"resourceVersion":"(\d+)"\}\s*$')
K_RV = b'"resourceVersion":"'
K_UPD = b'"updatedAt":"'
T_BOOKMARK = b'{"type":"BOOKMARK"'
T_ERROR = b'{"type":"ERROR"'
_epoch_cache = {}


def epoch_of(ts):
    """2026-11-26T00:54:28.829183Z (fraction optional, up to 9 digits) -> seconds since the epoch."""
    base = _epoch_cache.get(ts[:19])
    if base is None:
        base = calendar.timegm(time.strptime(ts[:19].decode(), "%Y-%m-%dT%H:%M:%S"))
        _epoch_cache[ts[:19]] = base
    frac = 0.0
    if len(ts) > 20 and ts[19:20] == b".":
        digits = ts[20:].rstrip(b"Z")
        frac = int(digits) / (10 ** len(digits))
    return base + frac


class Stats:
    def __init__(self):
        self.segments = [array.array("d")]
        self.connected = 0
        self.bad_status = 0

    def latency(self, v):
        self.segments[-1].append(v)


class Watcher(asyncio.Protocol):
    def __init__(self, n, org, token, start, port, stats):
        self.n, self.org, self.start, self.stats = n, org, start, stats
        self.request = (f"GET /v1alpha1/inference/gateways?watch=true&resourceVersion={start} HTTP/1.1\r\n"
                        f"Host: {HOST}:{port}\r\nAuthorization: Bearer {token}\r\n\r\n").encode()
        self.last = start
        self.events = self.missing = self.gaps = self.duplicates = self.errors = 0
        self.bookmarks = self.bookmark_mismatch = 0
        self.status = 0
        self.head = bytearray()
        self.raw = bytearray()     # chunked transfer encoding, not yet decoded
        self.body = bytearray()    # decoded payload, not yet a full line
        self.chunk_left = 0        # payload bytes of the current chunk still to come
        self.crlf = False          # the CRLF after a chunk's payload is still to come
        self.ended = False         # the server ended the stream (last chunk, or the connection closed)
        self.error_line = b""
        self.headers_seen = asyncio.get_running_loop().create_future()
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        self.ended = True
        if not self.headers_seen.done():
            self.headers_seen.set_result(False)

    def data_received(self, data):
        now = time.time()
        if not self.status:
            self.head += data
            i = self.head.find(b"\r\n\r\n")
            if i < 0:
                return
            head = bytes(self.head[:i]).decode("latin-1")
            data = bytes(self.head[i + 4:])
            self.head = bytearray()
            try:
                self.status = int(head.split(" ", 2)[1])
            except (IndexError, ValueError):
                self.status = -1
            if self.status != 200 or "chunked" not in head.lower():
                self.stats.bad_status += 1
                self.error_line = (head + " " + data.decode("utf-8", "replace"))[:300].encode()
                self.headers_seen.set_result(False)
                self.transport.close()
                return
            self.stats.connected += 1
            self.headers_seen.set_result(True)
        self.raw += data
        raw, pos, n = self.raw, 0, len(self.raw)
        while pos < n:
            if self.crlf:
                if n - pos < 2:
                    break
                pos += 2
                self.crlf = False
            if self.chunk_left == 0:
                j = raw.find(b"\r\n", pos)
                if j < 0:
                    break
                size = int(bytes(raw[pos:j]).split(b";")[0], 16)
                pos = j + 2
                if size == 0:
                    self.ended = True
                    pos = n
                    break
                self.chunk_left = size
            take = min(self.chunk_left, n - pos)
            self.body += raw[pos:pos + take]
            pos += take
            self.chunk_left -= take
            if self.chunk_left == 0:
                self.crlf = True
        del raw[:pos]
        self.lines(now)

    def lines(self, now):
        body = self.body
        start = 0
        while True:
            j = body.find(b"\n", start)
            if j < 0:
                break
            if j > start:
                self.event(body, start, j, now)
            start = j + 1
        if start:
            del body[:start]

    def event(self, b, s, e, now):
        p = b.find(K_RV, s, e)
        v = -1
        if p >= 0:
            q = b.find(b'"', p + len(K_RV), e)
            v = int(b[p + len(K_RV):q])
        if b.startswith(T_BOOKMARK, s):
            self.bookmarks += 1
            if v != self.last:
                self.bookmark_mismatch += 1
            return
        if b.startswith(T_ERROR, s) or v < 0:
            self.errors += 1
            if not self.error_line:
                self.error_line = bytes(b[s:min(e, s + 300)])
            return
        self.events += 1
        if v == self.last + 1:
            self.last = v
        elif v > self.last + 1:
            self.missing += v - self.last - 1
            self.gaps += 1
            self.last = v
        else:
            self.duplicates += 1
        u = b.find(K_UPD, s, e)
        if u >= 0:
            z = b.find(b'"', u + len(K_UPD), e)
            self.stats.latency(now - epoch_of(bytes(b[u + len(K_UPD):z])))


def list_version(port, token):
    """The resourceVersion a list of the organization answers now (pageSize=1: a cheap paged list)."""
    c = http.client.HTTPConnection(HOST, port, timeout=30)
    c.request("GET", "/v1alpha1/inference/gateways?pageSize=1", headers={"Authorization": "Bearer " + token})
    r = c.getresponse()
    body = r.read()
    c.close()
    m = RV_LIST.search(body)
    if r.status != 200 or not m:
        raise SystemExit(f"list of {token} answered {r.status} without a resourceVersion: {body[-300:]!r}")
    return int(m.group(1))


def pct(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * len(s))) - 1))]


async def main():
    port, count, tokens_file, finish_timeout = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 1000), hard))
    tokens = [t.strip() for t in open(tokens_file) if t.strip()]
    orgs = [f"org{k}" for k in range(len(tokens))]
    starts = {orgs[k]: list_version(port, tokens[k]) for k in range(len(tokens))}
    loop = asyncio.get_running_loop()
    stats = Stats()
    finish = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR1, finish.set)
    loop.add_signal_handler(signal.SIGUSR2, lambda: stats.segments.append(array.array("d")))
    watchers = [Watcher(k, orgs[k % len(tokens)], tokens[k % len(tokens)], starts[orgs[k % len(tokens)]], port, stats)
                for k in range(count)]
    gate = asyncio.Semaphore(64)
    t0 = time.monotonic()

    async def connect(w):
        async with gate:
            try:
                await loop.create_connection(lambda: w, HOST, port)
                await asyncio.wait_for(w.headers_seen, 30)
            except (OSError, asyncio.TimeoutError) as e:
                w.ended = True
                if not w.error_line:
                    w.error_line = f"connect: {type(e).__name__} {e}".encode()

    await asyncio.gather(*(connect(w) for w in watchers))
    print(f"CONNECTED watchers={count} ok={stats.connected} bad={count - stats.connected} "
          f"seconds={time.monotonic() - t0:.3f} starts={','.join(f'{o}:{v}' for o, v in starts.items())}", flush=True)

    await finish.wait()
    finals = {orgs[k]: await loop.run_in_executor(None, list_version, port, tokens[k]) for k in range(len(tokens))}
    t1 = time.monotonic()
    while time.monotonic() - t1 < finish_timeout:
        if all(w.last >= finals[w.org] or w.ended or w.status != 200 for w in watchers):
            break
        await asyncio.sleep(0.1)
    waited = time.monotonic() - t1
    for w in watchers:
        if w.transport is not None:
            w.transport.close()
    cpu = resource.getrusage(resource.RUSAGE_SELF)

    def complete(w):
        return (w.status == 200 and w.last == finals[w.org] and w.missing == 0 and w.duplicates == 0
                and w.errors == 0)

    all_lat = array.array("d")
    for k, seg in enumerate(stats.segments, 1):
        all_lat.extend(seg)
        print(f"SEGMENT n={k} events={len(seg)} p50_ms={pct(seg, 0.5) * 1000:.1f} p99_ms={pct(seg, 0.99) * 1000:.1f} "
              f"max_ms={(max(seg) if seg else float('nan')) * 1000:.1f}")
    for o in orgs:
        ws = [w for w in watchers if w.org == o]
        print(f"ORG org={o} start={starts[o]} final={finals[o]} watchers={len(ws)} "
              f"complete={sum(1 for w in ws if complete(w))} min_last={min(w.last for w in ws)} "
              f"max_last={max(w.last for w in ws)}")
    ok = [w for w in watchers if complete(w)]
    bad = [w for w in watchers if not complete(w)]
    print(f"WATCH watchers={count} complete={len(ok)} incomplete={len(bad)} "
          f"missing={sum(w.missing for w in watchers)} gap_watchers={sum(1 for w in watchers if w.missing)} "
          f"duplicates={sum(w.duplicates for w in watchers)} errors={sum(w.errors for w in watchers)} "
          f"ended={sum(1 for w in watchers if w.ended and w.status == 200)} status_bad={stats.bad_status} "
          f"events={sum(w.events for w in watchers)} bookmarks={sum(w.bookmarks for w in watchers)} "
          f"bookmark_mismatch={sum(w.bookmark_mismatch for w in watchers)} "
          f"expected={sum(finals[w.org] - w.start for w in watchers)} "
          f"p50_ms={pct(all_lat, 0.5) * 1000:.1f} p99_ms={pct(all_lat, 0.99) * 1000:.1f} "
          f"max_ms={(max(all_lat) if all_lat else float('nan')) * 1000:.1f} waited_s={waited:.1f} "
          f"cpu_s={cpu.ru_utime + cpu.ru_stime:.2f} maxrss_mb={cpu.ru_maxrss / 1024:.0f}")
    for w in bad[:5]:
        print(f"BAD watcher={w.n} org={w.org} status={w.status} start={w.start} last={w.last} final={finals[w.org]} "
              f"events={w.events} missing={w.missing} duplicates={w.duplicates} errors={w.errors} ended={int(w.ended)} "
              f"first_error={w.error_line[:200].decode('utf-8', 'replace')!r}")
    sys.stdout.flush()


if __name__ == "__main__":
    asyncio.run(main())
