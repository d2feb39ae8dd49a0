#!/usr/bin/env python3
"""Concurrent big LISTs with a liveness poller beside them (the unpaged-list and big-page phases of run.sh).

  lists.py PORT TOKEN PATH COUNT TIMEOUT_S EXPECTED_ITEMS HEALTH_INTERVAL_S HEALTH_TIMEOUT_S

Starts COUNT identical GETs of PATH at the same instant, each on its own connection, and reads each answer as a
stream (64 KB at a time; the body is never held in memory): it counts the items ('"spec":' occurrences) and the
distinct gateway ids ('"id":"<uuid>"') across chunk boundaries, and checks that the body ends with '}'. A request
still running after TIMEOUT_S is cut (its socket shut down) and reported as a timeout. Meanwhile a poller GETs
/q/health/live every HEALTH_INTERVAL_S on a new connection (as a kubelet does) and counts every answer that is not
200 within HEALTH_TIMEOUT_S. It stops when the last list ends.

Prints one line per request and one for the poller, key=value, for run.sh:
  LIST n=1 status=200 seconds=12.345 ttfb=0.123 bytes=123456 items=100000 ids=100000 complete=1 ok=1 error=-
  BODY n=2 {"code":13,...}           (the start of an answer that is not 200)
  HEALTH polls=30 bad=0 max_ms=12.3 first_bad=- kinds=-   (kinds: e.g. timeout:3,503:1)
"""
import http.client
import re
import socket
import sys
import threading
import time

ITEM = re.compile(rb'"spec":')
ID = re.compile(rb'"id":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"')
CARRY = 64  # longer than any match: a match starting in the last CARRY bytes is counted with the next chunk


def one_list(n, port, token, path, timeout, expected, barrier, results):
    r = {"n": n, "head": "", "status": 0, "seconds": 0.0, "ttfb": 0.0, "bytes": 0, "items": 0, "ids": 0, "complete": 0,
         "error": "-"}
    ids = set()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 5)
    cut = threading.Event()
    try:
        conn.connect()
        sock = conn.sock

        def watchdog():
            cut.set()
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        barrier.wait()
        t0 = time.monotonic()
        timer = threading.Timer(timeout, watchdog)
        timer.start()
        try:
            conn.request("GET", path, headers={"Authorization": "Bearer " + token})
            resp = conn.getresponse()
            r["status"] = resp.status
            r["ttfb"] = time.monotonic() - t0
            carry = b""
            last = b""
            head = b""
            while True:
                chunk = resp.read(65536)
                if not chunk:
                    break
                r["bytes"] += len(chunk)
                if resp.status != 200 and len(head) < 300:
                    head += chunk[:300 - len(head)]
                buf = carry + chunk
                limit = len(buf) - CARRY
                r["items"] += sum(1 for m in ITEM.finditer(buf) if m.start() < limit)
                ids.update(m.group(1) for m in ID.finditer(buf) if m.start() < limit)
                carry = buf[limit:] if limit > 0 else buf
                stripped = chunk.rstrip()
                if stripped:
                    last = stripped[-1:]
            r["items"] += len(ITEM.findall(carry))
            ids.update(ID.findall(carry))
            r["head"] = head.decode("utf-8", "replace").replace("\n", " ")
            r["complete"] = 1 if last == b"}" else 0
            if not r["complete"] and r["error"] == "-":
                r["error"] = "body-not-closed"
        finally:
            timer.cancel()
            r["seconds"] = time.monotonic() - t0
    except Exception as e:  # noqa: BLE001 - every failure is a result to report
        r["error"] = type(e).__name__
    if cut.is_set():
        r["error"] = f"timeout-{timeout:.0f}s"
        r["complete"] = 0
    conn.close()
    r["ids"] = len(ids)
    # every item, each once (ids 0: the answer's format no longer shows ids as '"id":"<uuid>"', so only counted)
    r["ok"] = int(r["status"] == 200 and r["complete"] == 1 and r["items"] == expected
                  and r["ids"] in (expected, 0) and r["error"] == "-")
    results[n] = r


def poll_health(port, interval, timeout, stop, out):
    polls = bad = 0
    kinds = {}
    max_ms = 0.0
    first_bad = "-"
    t_start = time.monotonic()
    while not stop.is_set():
        t0 = time.monotonic()
        status = "-"
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            c.request("GET", "/q/health/live")
            resp = c.getresponse()
            resp.read()
            status = str(resp.status)
            c.close()
        except socket.timeout:
            status = "timeout"
        except Exception as e:  # noqa: BLE001
            status = type(e).__name__
        ms = (time.monotonic() - t0) * 1000
        polls += 1
        max_ms = max(max_ms, ms)
        if status != "200":
            bad += 1
            kinds[status] = kinds.get(status, 0) + 1
            if first_bad == "-":
                first_bad = f"{status}@{t0 - t_start:.1f}s"
        stop.wait(max(0.0, interval - (time.monotonic() - t0)))
    out.update(polls=polls, bad=bad, max_ms=max_ms, first_bad=first_bad,
               kinds=",".join(f"{k}:{v}" for k, v in sorted(kinds.items())) or "-")


def main():
    port, token, path, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    timeout, expected = float(sys.argv[5]), int(sys.argv[6])
    interval, htimeout = float(sys.argv[7]), float(sys.argv[8])
    stop = threading.Event()
    health = {}
    poller = threading.Thread(target=poll_health, args=(port, interval, htimeout, stop, health))
    poller.start()
    barrier = threading.Barrier(count)
    results = {}
    threads = [threading.Thread(target=one_list, args=(n, port, token, path, timeout, expected, barrier, results))
               for n in range(1, count + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    poller.join()
    for n in sorted(results):
        r = results[n]
        print(f"LIST n={n} status={r['status']} seconds={r['seconds']:.3f} ttfb={r['ttfb']:.3f} bytes={r['bytes']} "
              f"items={r['items']} ids={r['ids']} complete={r['complete']} ok={r['ok']} error={r['error']}")
        if r["head"]:
            print(f"BODY n={n} {r['head']}")
    print(f"HEALTH polls={health['polls']} bad={health['bad']} max_ms={health['max_ms']:.1f} "
          f"first_bad={health['first_bad']} kinds={health['kinds']}")


if __name__ == "__main__":
    main()
