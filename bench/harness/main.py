#!/usr/bin/env python3
"""The benchmark harness of the gateway control plane: one command, one run (bench/README.md).

  bench/run.sh                      # full run (~25-35 minutes): bench/results/latest.md, latest-raw.json, docs block
  BENCH_SMOKE=1 bench/run.sh        # smoke run (~6 minutes, small sizes): /tmp/bench-smoke.md (+ -raw.json)

Order: start, schema check, seed, warm-up, operations (GET, LIST, PATCH; open loop), time to READY, ceilings, create,
size sweep, memory of the standard run, watch, unpaged LIST, big pages, client disconnects, pickup. Everything it
starts (the service, load generators, its database) is cleaned up at exit."""
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import ceilings
import jfr
import operations
import report
import rollout
import scale
import seed
import stress
import warmup
import watch
from config import Settings
from context import Context
from db import Db, find_postmaster, server_version
from results import Raw
from service import Service
from util import BenchError, log, now_ms

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def sh(*cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return (p.stdout or p.stderr).strip()


def others():
    """Other Maven/test processes on the machine (they share the cores)."""
    out = sh("pgrep", "-fc", "surefire|failsafe|maven")
    return int(out) if out.isdigit() else 0


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def sample_load(stop, samples):
    """The 1-minute load average every 10 s for the whole run: other processes' share of the two cores."""
    while not stop.wait(10):
        samples.append(float(loadavg().split()[0]))


def ensure_tools():
    for tool, package in (("wrk", "wrk"), ("pgbench", "postgresql-contrib")):
        if not shutil.which(tool):
            log(f"installing {tool} ({package})")
            if subprocess.run(["apt-get", "install", "-y", package], capture_output=True).returncode != 0:
                subprocess.run(["apt-get", "update"], capture_output=True)
                if subprocess.run(["apt-get", "install", "-y", package], capture_output=True).returncode != 0:
                    raise BenchError(f"cannot install {tool}")
    for tool in ("psql", "java", "jcmd", "jfr"):
        if not shutil.which(tool):
            raise BenchError(f"missing {tool}")
    if sh("psql", "-qAtX", "-d", "postgres", "-c", "select 1") != "1":
        raise BenchError("PostgreSQL not reachable at 127.0.0.1:5432 as postgres")


def meta(s, svc):
    mem = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    dirty = sh("git", "status", "--porcelain", "--", "src", "pom.xml")
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores ({cpu}), {mem} MB RAM, {platform.system()} {platform.release()}",
        "java": sh("java", "-version").splitlines()[0],
        "postgres": server_version(),
        "wrk": (sh("wrk", "-v").split() + ["?", "?"])[1],
        "pgbench": sh("pgbench", "--version"),
        "git_rev": sh("git", "rev-parse", "--short", "HEAD") or "?",
        "src_rev": sh("git", "log", "-1", "--format=%h", "--", "src", "pom.xml") or "?",
        "src_dirty_files": len(dirty.splitlines()) if dirty else 0,
        "jar_built": svc.built,
        "command": s.command(),
        "load_start": loadavg(),
        "others_start": others(),
    }


def standard_memory(ctx):
    svc = ctx.svc
    ctx.raw.put("memory", hwm_mb=(svc.status_kb("VmHWM") or 0) // 1024, rss_max_mb=svc.rss_max_mb(0, now_ms()),
                service_errors=svc.log_count(0, '"level":"ERROR"'), service_warns=svc.log_count(0, '"level":"WARN"'),
                service_log_mb=svc.log_size() // 1048576)


def phases(ctx):
    s = ctx.s
    ctx.db = Db(ctx.run_id, "main")
    ctx.svc.start(ctx.db.name)
    ctx.raw.put("service", startup_s=ctx.svc.startup_s)
    jfr.prime(ctx)
    seed.check_schema(ctx)
    seed.main_seed(ctx)
    warmup.run(ctx)
    operations.run_reads_and_patch(ctx)
    rollout.ready(ctx)
    # ceilings before the create phase, whose backlog may outlast DRAIN_TIMEOUT: the rollout workers draining it
    # would share the machine with the ceilings
    ceilings.run(ctx)
    operations.run_create(ctx)
    scale.run(ctx)
    standard_memory(ctx)        # before the watch phase, so that the watch phase's RSS figures are its own
    if s.watch:
        watch.run(ctx)
    if s.stress:
        seed.stress_seed(ctx)
        stress.unpaged(ctx)
        stress.pages(ctx)
    stress.disconnects(ctx)     # may leave the pool half used up: the pickup phase restarts the service anyway
    if s.pickup:
        rollout.pickup(ctx)


def main():
    os.chdir(REPO)  # relative paths (bench/...) everywhere, so that no path of this machine ends up in the outputs
    s = Settings()
    work = tempfile.mkdtemp(prefix="bench-run.")
    raw = Raw()
    svc = Service(s, work, REPO)
    ctx = Context(s, raw, svc, work, os.getpid())
    scrub = [(REPO + "/", ""), (REPO, "."), (work, "<work>")]
    results = os.path.abspath(s.results)
    raw_path = results[:-3] + "-raw.json" if results.endswith(".md") else results + "-raw.json"

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    rc = 0
    try:
        log(f"work dir {work}; load: {loadavg()}; other Maven/test processes: {others()}")
        ensure_tools()
        svc.prepare()
        ctx.pg_pm = find_postmaster()
        if not ctx.pg_pm:
            log("WARNING: PostgreSQL's postmaster is not visible from here: no PostgreSQL CPU figures")
        raw.data["meta"] = meta(s, svc)
        raw.data["settings"] = s.public()
        stop, samples = threading.Event(), []
        threading.Thread(target=sample_load, args=(stop, samples), daemon=True).start()
        phases(ctx)
        stop.set()
        raw.data["meta"].update(load_end=loadavg(), others_end=others(),
                                load_during_mean=round(sum(samples) / len(samples), 2) if samples else None,
                                load_during_max=max(samples) if samples else None)
        raw.save(raw_path, scrub)
        report.write(raw_path, results, s.docs_page or None)
        log(f"results: {s.results} (raw: {raw_path if os.path.isabs(s.results) else os.path.relpath(raw_path)})")
        print(report.headline(raw.data))
    except BenchError as e:
        log(f"FATAL: {e}")
        rc = 1
    except (KeyboardInterrupt, SystemExit) as e:
        log("interrupted")
        rc = e.code if isinstance(e, SystemExit) and isinstance(e.code, int) else 130
    finally:
        for p in ctx.background:
            if p.poll() is None:
                p.kill()
                p.wait()
        svc.stop()
        Db.cleanup()
        if rc:
            raw.save(os.path.join(work, "raw.json"), [])
        if s.keep_work:
            log(f"work dir kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
