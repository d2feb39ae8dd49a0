#!/usr/bin/env python3
"""An exact number of PATCHes (the watch and pickup phases of run.sh), over keep-alive connections, at full speed or
paced, with asyncio on raw HTTP/1.1 (one process, little CPU).

  patch_load.py PORT IDS_FILE COUNT CONNECTIONS RATE MAX_SECONDS SALT

IDS_FILE: "<gateway id> <token>" lines; each PATCH picks one at random. The body is the full spec (application/json)
with a name unique to the request and the routing alternating between path- and header-based, so every PATCH is a
real change (as bench/lua/patch.lua). RATE > 0 paces the starts at RATE per second (request i is not sent before
start + i / RATE); 0 sends as fast as the connections allow. MAX_SECONDS bounds the run (requests not started by
then are not sent, and the line says so). Prints:
  PATCHES sent=N ok=N failed=N seconds=S rps=X p50_ms=.. p99_ms=.. max_ms=.. statuses=200:N cpu_s=.. unsent=0
"""
import asyncio
import random
import resource
import sys
import time

ZONES = '["US-EAST-04A","US-WEST-09B","EU-SOUTH-03A"]'


async def main():
    port, ids_file, count, conns = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rate, max_s, salt = float(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
    rows = [line.split() for line in open(ids_file) if line.strip()]
    rnd = random.Random(f"{salt}-{time.time()}")
    state = {"next": 0}
    latencies = []
    statuses = {}
    t0 = time.monotonic()
    deadline = t0 + max_s

    async def worker(w):
        reader = writer = None
        while True:
            i = state["next"]
            if i >= count or time.monotonic() >= deadline:
                break
            state["next"] = i + 1
            if rate > 0:
                delay = t0 + i / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            gid, token = rnd.choice(rows)
            routing = '"pathBasedRouting":{}' if i % 2 else '"headerBasedRouting":{"headerName":"x-model"}'
            body = f'{{"name":"w{salt}-{i}","zones":{ZONES},"coreWeaveAuth":{{}},{routing}}}'.encode()
            req = (f"PATCH /v1alpha1/inference/gateways/{gid} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body
            s = time.monotonic()
            status = "error"
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(req)
                head = await reader.readuntil(b"\r\n\r\n")
                status = head.split(b" ", 2)[1].decode()
                lower = head.lower()
                if b"content-length:" in lower:
                    n = int(lower.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
                    await reader.readexactly(n)
                elif b"chunked" in lower:
                    while True:
                        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                        await reader.readexactly(size + 2)
                        if size == 0:
                            break
                if b"connection: close" in lower:
                    writer.close()
                    writer = None
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as e:
                status = type(e).__name__
                if writer is not None:
                    writer.close()
                writer = None
            latencies.append(time.monotonic() - s)
            statuses[status] = statuses.get(status, 0) + 1
        if writer is not None:
            writer.close()

    await asyncio.gather(*(worker(w) for w in range(conns)))
    secs = time.monotonic() - t0
    lat = sorted(latencies)

    def p(q):
        return lat[min(len(lat) - 1, max(0, int(round(q * len(lat))) - 1))] * 1000 if lat else float("nan")

    ok = statuses.get("200", 0)
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(f"PATCHES sent={len(lat)} ok={ok} failed={len(lat) - ok} seconds={secs:.3f} rps={len(lat) / secs:.1f} "
          f"p50_ms={p(0.5):.2f} p99_ms={p(0.99):.2f} max_ms={(lat[-1] * 1000 if lat else float('nan')):.2f} "
          f"statuses={','.join(f'{k}:{v}' for k, v in sorted(statuses.items()))} "
          f"cpu_s={cpu.ru_utime + cpu.ru_stime:.2f} unsent={count - len(lat)}")


if __name__ == "__main__":
    asyncio.run(main())
