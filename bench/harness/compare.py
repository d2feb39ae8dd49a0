#!/usr/bin/env python3
"""Builds side by side, same machine, same run: the PATCH and rollout figures of two or more packaged builds, measured
in alternating rounds (A, B, C, A, B, C, ...) so that whatever else the machine does weighs on every build alike.

  python3 bench/harness/compare.py OUT.md LABEL=APP_DIR [LABEL=APP_DIR ...]   (bench/compare.sh builds the dirs)

Each round and build: a fresh database and service (the same JVM settings and environment as bench/run.sh), the main
seed (GATEWAYS, smaller than a full run), warm-up until steady, PATCH closed loop (wrk, BENCH_DURATION) and its
rollout backlog drained, then time to READY (READY_GATEWAYS creates converged by the workers). Figures per build are
the medians over the rounds; ratios are against the first build. CPU time per request (µs of the service's CPU per
answered request) is the figure to compare first: on two shared cores it is far steadier than requests per second."""
import json
import os
import shutil
import sys
import tempfile
import time

import operations
import rollout
import seed
import warmup
from config import Settings
from context import Context
from db import Db, find_postmaster
from main import REPO, ensure_tools, loadavg, others, sh
from results import Raw
from service import Service
from util import BenchError, log, median, ratio

# Smaller than a full run's defaults: a round is a few minutes; anything set in the environment still wins.
COMPARE_DEFAULTS = {"GATEWAYS": "3000", "PATCH_POOL": "600", "READY_GATEWAYS": "300", "WARMUP_MAX": "150s",
                    "BENCH_DURATION": "20s", "PACED": "0", "STRESS": "0", "WATCH": "0", "PICKUP": "0"}
ROUNDS = int(os.environ.get("COMPARE_ROUNDS", "3"))

# (key in the figures, column title, better when higher)
FIGURES = [
    ("patch_rps", "PATCH req/s", True),
    ("patch_us", "PATCH app µs/req", False),
    ("patch_incl_us", "PATCH + rollout app µs/req", False),
    ("patch_p99_ms", "PATCH p99 ms (32 conn.)", False),
    ("ready_s", "time to READY s", False),
    ("ready_us", "READY app µs/gateway", False),
]


def one(label, app_dir, rnd, run_id):
    """One round of one build: its figures (a dict of FIGURES' keys)."""
    env = dict(os.environ)
    for k, v in COMPARE_DEFAULTS.items():
        env.setdefault(k, v)
    env["APP_SRC"] = app_dir
    env["BENCH_BUILD"] = "0"
    s = Settings(env)
    work = tempfile.mkdtemp(prefix=f"bench-compare-{label}.")
    raw = Raw()
    svc = Service(s, work, REPO)
    ctx = Context(s, raw, svc, work, run_id)
    try:
        svc.prepare()
        ctx.pg_pm = find_postmaster()
        ctx.db = Db(run_id, f"{label}_{rnd}".lower())
        svc.start(ctx.db.name)
        seed.main_seed(ctx)
        warmup.run(ctx)
        operations.closed(ctx, "patch")
        rollout.ready(ctx)
        patch, incl, ready = raw.phase("patch"), raw.phase("patch_incl"), raw.phase("ready")
        return {
            "patch_rps": patch.get("rps"), "patch_us": patch.get("app_us"), "patch_incl_us": incl.get("app_us"),
            "patch_p99_ms": patch.get("p99_ms"), "ready_s": ready.get("all_ready_s"), "ready_us": ready.get("app_us"),
            "warmup_steady": raw.phase("warmup").get("steady"), "errors": patch.get("errors"),
        }
    finally:
        svc.stop()
        Db.cleanup()
        shutil.rmtree(work, ignore_errors=True)


def table(builds, results):
    """Medians per build, and each build's ratio to the one named before it (A, B, C: B / A, C / B)."""
    labels = [label for label, _ in builds]
    pairs = list(zip(labels[1:], labels[:-1]))
    head = "| figure (median of %d rounds) | " % ROUNDS + " | ".join(labels)
    head += "".join(f" | {b} / {a}" for b, a in pairs) + " |"
    lines = [head, "|" + "---|" * (1 + len(labels) + len(pairs))]
    for key, title, _ in FIGURES:
        med = {label: median([r[key] for r in results[label] if r.get(key) is not None]) for label in labels}
        row = [title] + [str(med[label]) for label in labels]
        row += [str(ratio(med[b], med[a])) for b, a in pairs]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    os.chdir(REPO)
    out = argv[1]
    builds = [tuple(a.split("=", 1)) for a in argv[2:]]
    ensure_tools()
    results = {label: [] for label, _ in builds}
    load = [loadavg()]
    t0 = time.monotonic()
    for rnd in range(1, ROUNDS + 1):
        for label, app_dir in builds:
            log(f"round {rnd}/{ROUNDS}: {label} ({app_dir}); load {loadavg()}; other Maven/test processes {others()}")
            figures = one(label, app_dir, rnd, os.getpid())
            log(f"round {rnd} {label}: {figures}")
            results[label].append(figures)
            load.append(loadavg())
    minutes = round((time.monotonic() - t0) / 60, 1)
    cmd = "bench/compare.sh " + " ".join(label for label, _ in builds)
    text = [f"# Builds compared ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
            f"`{cmd}` (COMPARE_ROUNDS={ROUNDS}; " + ", ".join(f"{k}={os.environ.get(k, v)}"
                                                               for k, v in COMPARE_DEFAULTS.items()) + ")", "",
            f"Machine: {os.cpu_count()} cores, {sh('java', '-version').splitlines()[0]}; rounds alternate the builds; "
            f"{minutes} min in all; load average (1 min) at each step: {', '.join(l.split()[0] for l in load)}.", "",
            table(builds, results), "",
            "CPU time per request is the service's own CPU (user + system, from /proc) over the phase, divided by "
            "the requests answered; PATCH + rollout includes the zone work the PATCHes caused, until the backlog "
            "drained. Every round's figures are in the JSON file beside this one.", ""]
    with open(out, "w") as f:
        f.write("\n".join(text))
    with open(out[:-3] + "-raw.json" if out.endswith(".md") else out + "-raw.json", "w") as f:
        json.dump({"builds": [label for label, _ in builds], "rounds": results}, f, indent=1)
    print("\n".join(text))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BenchError as e:
        log(f"FATAL: {e}")
        sys.exit(1)
