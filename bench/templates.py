#!/usr/bin/env python3
"""Creates the seed's template gateways through the API and waits until each is STATUS_READY (run.sh clones their
rows in SQL afterwards, so the seed never writes a row or a JSON document by hand).

  templates.py PORT TIMEOUT_S LABEL:TOKEN:SHAPE...

SHAPE is "small" (3 zones, coreWeaveAuth, path-based routing: the common gateway) or "limits" (every list at its
maximum: 100 additionalDns names of 253 characters, 50 IPv6 allowedSourceIpRanges, every zone, the longest name and
header name; ~56 KB as answered once READY). Prints "LABEL ID SIZE" per template (SIZE: bytes of its GET answer);
exits 1 if a create fails or a template is not READY in time.
"""
import hashlib
import http.client
import json
import sys
import time

SMALL_ZONES = ["US-EAST-04A", "US-WEST-09B", "EU-SOUTH-03A"]


def label63(seed):
    """A 63-character DNS label of hex digits (not a run of one letter, so it compresses like real names)."""
    h = ""
    i = 0
    while len(h) < 63:
        h += hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()
        i += 1
    return h[:63]


def body(shape, label, zones):
    if shape == "small":
        return {"name": f"tpl-{label}", "zones": SMALL_ZONES, "coreWeaveAuth": {}, "pathBasedRouting": {}}
    if shape == "limits":
        # 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters, the longest DNS name
        dns = [".".join([label63(f"{label}-{k}-a"), label63(f"{label}-{k}-b"), label63(f"{label}-{k}-c"),
                         label63(f"{label}-{k}-d")[:61]]) for k in range(100)]
        ranges = [f"fd{k:02x}:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128" for k in range(50)]
        return {"name": (f"tpl-{label}-" + "x" * 38)[:38], "zones": zones, "coreWeaveAuth": {},
                "headerBasedRouting": {"headerName": "x-" + "h" * 98},
                "endpointConfiguration": {"additionalDns": dns, "allowedSourceIpRanges": ranges}}
    raise SystemExit(f"unknown shape {shape}")


def call(conn, method, path, token, payload=None):
    headers = {"Authorization": "Bearer " + token}
    data = None
    if payload is not None:
        data = json.dumps(payload, separators=(",", ":"))
        headers["Content-Type"] = "application/json"
    conn.request(method, path, data, headers)
    r = conn.getresponse()
    return r.status, r.read()


def main():
    port, timeout = int(sys.argv[1]), float(sys.argv[2])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    zones = SMALL_ZONES
    created = []
    for arg in sys.argv[3:]:
        label, token, shape = arg.split(":")
        if shape == "limits":
            # every zone the service offers (the parameters answer), else the three common ones
            s, r = call(conn, "GET", "/v1alpha1/inference/gateways/parameters", token)
            if s == 200:
                found = [z for z in json.loads(r).get("zones", []) if isinstance(z, str)]
                zones = found or SMALL_ZONES
        s, r = call(conn, "POST", "/v1alpha1/inference/gateways", token, body(shape, label, zones))
        if s != 200:
            print(f"create of template {label} ({shape}) answered {s}: {r[:500]!r}", file=sys.stderr)
            sys.exit(1)
        created.append((label, token, json.loads(r)["gateway"]["spec"]["id"]))
    deadline = time.monotonic() + timeout
    for label, token, gid in created:
        while True:
            s, r = call(conn, "GET", f"/v1alpha1/inference/gateways/{gid}", token)
            if s == 200 and json.loads(r)["gateway"]["status"]["status"] == "STATUS_READY":
                print(label, gid, len(r))
                break
            if time.monotonic() > deadline:
                print(f"template {label} {gid} not READY after {timeout:.0f}s: {s} {r[:500]!r}", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.1)


if __name__ == "__main__":
    main()
