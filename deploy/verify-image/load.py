#!/usr/bin/env python3
"""Keep-alive HTTP/1.1 load for deploy/verify-image.sh that accounts for every request it tries.

    load.py --port 8080 --token T --mode mixed  --requests 2000 --out result.json
    load.py --port 8080 --token T --mode writes --until STOP_FILE --progress PROGRESS_FILE --out result.json \
            --probe /q/health/ready

Each client thread holds one persistent connection (a new one only after the server answered
"Connection: close" or closed it) and runs, one request at a time:
  mixed:  create, get, list, merge-patch (for the memory measurement)
  writes: create, merge-patch, create, ... until STOP_FILE exists (for the SIGTERM test)

A 503 answer with Retry-After makes that client wait as long before its next request, as HTTP clients should.

Every attempt ends in exactly one outcome:
  <status code>         a complete response (Connection: close answers are counted as well)
  refused               connect() failed: nothing was sent (the listener is gone)
  closed_before_send    the server had closed the kept-alive connection before the request was written (seen
                        as EOF/RST before sending, or the write failed): nothing was sent
  no_response           the request was written and the connection closed before a complete response: the
                        client cannot know whether the server acted on it
  timeout               the request was written and no response came within --timeout
A closed_before_send attempt is retried once on a fresh connection, as HTTP clients do with stale kept-alive
connections; the retry is an attempt of its own. --probe polls that path (every 100 ms, its own connection
per poll) and records each answer with its time, to see when readiness turns DOWN.
"""
import argparse
import errno
import json
import os
import select
import socket
import threading
import time
import uuid

API = "/v1alpha1/inference/gateways"


class Outcome(Exception):
    def __init__(self, kind, fresh=None):
        super().__init__(kind)
        self.kind = kind
        self.fresh = fresh  # for no_response/timeout: whether the request was the first on its connection


class Client:
    def __init__(self, args):
        self.args = args
        self.sock = None
        self.answered_on_sock = 0  # responses already read on the current connection (0: a fresh connection)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            finally:
                self.sock = None

    def _connect(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(self.args.timeout)
        try:
            sock.connect((self.args.host, self.args.port))
        except OSError:
            sock.close()
            raise Outcome("refused")
        self.sock = sock
        self.answered_on_sock = 0

    def _peer_closed(self):
        """True when the server closed the idle connection (EOF or RST waiting to be read)."""
        readable, _, _ = select.select([self.sock], [], [], 0)
        return bool(readable)  # EOF, RST or unsolicited bytes: the connection is unusable either way

    def request(self, method, path, body=None, content_type="application/json"):
        """Returns (status, headers, body bytes) or raises Outcome."""
        if self.sock is not None and self._peer_closed():
            self.close()
            raise Outcome("closed_before_send")
        if self.sock is None:
            self._connect()
        data = json.dumps(body).encode() if body is not None else b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.args.host}:{self.args.port}\r\n"
                f"Authorization: Bearer {self.args.token}\r\nAccept: application/json\r\n")
        if body is not None:
            head += f"Content-Type: {content_type}\r\nContent-Length: {len(data)}\r\n"
        try:
            self.sock.sendall(head.encode() + b"\r\n" + data)
        except OSError:
            self.close()
            raise Outcome("closed_before_send")
        fresh = self.answered_on_sock == 0
        try:
            return self._read_response()
        except socket.timeout:
            self.close()
            raise Outcome("timeout", fresh)
        except OSError:
            self.close()
            raise Outcome("no_response", fresh)

    def _read_response(self):
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError(errno.ECONNRESET, "closed before a complete response")
            buf += chunk
        head, _, rest = buf.partition(b"\r\n\r\n")
        lines = head.decode("iso-8859-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = self._read_chunked(rest)
        else:
            length = int(headers.get("content-length", "0"))
            body = rest
            while len(body) < length:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise OSError(errno.ECONNRESET, "closed before a complete body")
                body += chunk
        self.answered_on_sock += 1
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def _read_chunked(self, buf):
        body = b""
        while True:
            while b"\r\n" not in buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise OSError(errno.ECONNRESET, "closed inside a chunked body")
                buf += chunk
            size_line, _, buf = buf.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            while len(buf) < size + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise OSError(errno.ECONNRESET, "closed inside a chunked body")
                buf += chunk
            if size == 0:
                return body
            body, buf = body + buf[:size], buf[size + 2:]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.outcomes = {}
        self.connection_close = 0
        self.first_close_at = None
        self.last_response_at = None
        self.attempts = 0
        self.created_ids = []
        self.times = {}  # outcome -> [first, last] time
        self.lost_on_fresh_connection = 0
        self.five_xx = []  # (time, method, path, status, body) of the first few 5xx answers, 503s that ask for a retry aside
        self.unavailable = 0  # 503 answers with Retry-After and Connection: close: "go elsewhere", not a failure

    def record(self, kind, method=None, path=None, response=None, fresh=None):
        now = time.time()
        with self.lock:
            self.attempts += 1
            self.outcomes[kind] = self.outcomes.get(kind, 0) + 1
            self.times.setdefault(kind, [now, now])[1] = now
            if fresh:
                self.lost_on_fresh_connection += 1
            if response is not None:
                status, headers, body = response
                self.last_response_at = now
                if headers.get("connection", "").lower() == "close":
                    self.connection_close += 1
                    self.first_close_at = self.first_close_at or now
                go_elsewhere = status == 503 and "retry-after" in headers \
                    and headers.get("connection", "").lower() == "close"
                if go_elsewhere:
                    self.unavailable += 1
                elif status >= 500 and len(self.five_xx) < 5:
                    self.five_xx.append([now, method, path, status, body[:300].decode("utf-8", "replace")])


def run_client(number, args, stats, stop):
    client = Client(args)
    mine = []  # gateways this client created
    step = 0

    def attempt(method, path, body=None, content_type="application/json"):
        for retry in (False, True):
            try:
                response = client.request(method, path, body, content_type)
            except Outcome as outcome:
                stats.record(outcome.kind, fresh=outcome.fresh)
                if outcome.kind == "closed_before_send" and not retry:
                    continue
                if outcome.kind == "refused":
                    time.sleep(0.05)  # the listener is gone: do not spin
                return None
            stats.record(str(response[0]), method, path, response)
            retry_after = response[1].get("retry-after")
            if response[0] == 503 and retry_after and retry_after.isdigit():
                # As HTTP clients should: an instance that is going away said when to come back.
                time.sleep(min(int(retry_after), 5))
            return response
        return None

    while not stop(step):
        step += 1
        name = f"load-{number}-{step}-{uuid.uuid4().hex[:6]}"
        if args.mode == "writes":
            if mine and step % 2 == 0:
                attempt("PATCH", f"{API}/{mine[-1]}", {"name": name}, "application/merge-patch+json")
                continue
        elif mine and step % 4 == 2:
            attempt("GET", f"{API}/{mine[-1]}")
            continue
        elif step % 4 == 3:
            attempt("GET", f"{API}?pageSize=20")
            continue
        elif mine and step % 4 == 0:
            attempt("PATCH", f"{API}/{mine[-1]}", {"name": name}, "application/merge-patch+json")
            continue
        response = attempt("POST", API, {"name": name, "zones": [], "coreWeaveAuth": {}, "pathBasedRouting": {}})
        if response is not None and response[0] == 200:
            gateway_id = json.loads(response[2])["gateway"]["spec"]["id"]
            mine.append(gateway_id)
            with stats.lock:
                stats.created_ids.append(gateway_id)
    client.close()


def run_probe(args, probes, done):
    while not done.is_set():
        client = Client(args)
        try:
            status, _, body = client.request("GET", args.probe)
            probes.append([time.time(), status])
        except Outcome as outcome:
            probes.append([time.time(), outcome.kind])
        client.close()
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--mode", choices=("mixed", "writes"), required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, help="stop after this many attempts in all (mixed)")
    parser.add_argument("--until", help="stop when this file exists (writes)")
    parser.add_argument("--progress", help="file that gets the count of answered requests every 100 ms")
    parser.add_argument("--probe", help="path to poll on its own connection every 100 ms")
    parser.add_argument("--timeout", type=float, default=40.0, help="seconds to wait for a response")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    stats = Stats()
    started = time.time()
    budget = args.requests

    def stop(_step):
        if args.until and os.path.exists(args.until):
            return True
        return budget is not None and stats.attempts >= budget

    threads = [threading.Thread(target=run_client, args=(n, args, stats, stop), daemon=True)
               for n in range(args.clients)]
    probes, probe_done = [], threading.Event()
    if args.probe:
        threads.append(threading.Thread(target=run_probe, args=(args, probes, probe_done), daemon=True))
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads[:args.clients]):
        if args.progress:
            with open(args.progress + ".part", "w") as f:
                f.write(f"{sum(v for k, v in stats.outcomes.items() if k.isdigit())}\n")
            os.replace(args.progress + ".part", args.progress)
        time.sleep(0.1)
    probe_done.set()
    elapsed = time.time() - started
    with open(args.out, "w") as f:
        json.dump({"elapsed": elapsed, "attempts": stats.attempts, "outcomes": stats.outcomes,
                   "connection_close": stats.connection_close, "first_close_at": stats.first_close_at,
                   "last_response_at": stats.last_response_at, "created_ids": stats.created_ids,
                   "five_xx": stats.five_xx, "unavailable": stats.unavailable, "times": stats.times,
                   "lost_on_fresh_connection": stats.lost_on_fresh_connection, "probes": probes}, f)


if __name__ == "__main__":
    main()
