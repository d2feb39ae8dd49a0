#!/usr/bin/env python3
"""Creates exactly COUNT gateways over 3 zones as fast as possible with CONCURRENCY keep-alive connections
(the time-to-READY test of run.sh). Prints "ok=<n> failed=<n> seconds=<s>"."""
import http.client
import json
import sys
import threading
import time

port, token, count, concurrency = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
zones = ["US-EAST-04A", "US-WEST-09B", "EU-SOUTH-03A"]
lock = threading.Lock()
next_index = [0]
ok = [0]
failed = [0]


def worker():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    while True:
        with lock:
            i = next_index[0]
            if i >= count:
                break
            next_index[0] += 1
        body = json.dumps({"name": f"r-{i}", "zones": zones, "coreWeaveAuth": {}, "pathBasedRouting": {}})
        try:
            conn.request("POST", "/v1alpha1/inference/gateways", body, headers)
            response = conn.getresponse()
            response.read()
            good = response.status == 200
        except (OSError, http.client.HTTPException):
            good = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            (ok if good else failed)[0] += 1
    conn.close()


start = time.monotonic()
threads = [threading.Thread(target=worker) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"ok={ok[0]} failed={failed[0]} seconds={time.monotonic() - start:.3f}")
