"""Ceilings phase: what PostgreSQL alone (pgbench running the service's own SQL, bench/sql/pg_*.sql) and the bare HTTP
stack (wrk on /q/health/live) deliver at the same client count on the same cores, service idle."""
import glob
import os
import subprocess

import wrk
from util import BenchError, log


def pgbench(ctx, phase, script, mode, defines, env_extra=None):
    s = ctx.s
    ctx.db.q("VACUUM ANALYZE gateway", "VACUUM ANALYZE gateway_zone")
    prefix = ctx.path("pgbench_log")
    for f in glob.glob(prefix + ".*"):
        os.remove(f)
    args = ["pgbench", "-n", f"-c{s.connections}", f"-j{s.threads}", f"-T{s.duration}", "-M", mode, "--log",
            f"--log-prefix={prefix}", "--sampling-rate=0.1", "-f", f"bench/sql/{script}"]
    for k, v in defines.items():
        args += ["-D", f"{k}={v}"]
    before = ctx.snapshot()
    p = subprocess.run(args + [ctx.db.name], capture_output=True, text=True, env=dict(os.environ, **(env_extra or {})))
    after = ctx.snapshot()
    out = p.stdout + p.stderr
    ctx.raw.output(f"pgbench {phase} ({script}, -M {mode})", out)
    r = {"script": script, "mode": mode}
    for line in out.splitlines():
        if line.startswith("tps = "):
            r.setdefault("rps", round(float(line.split("=")[1].split()[0]), 1))
        elif "actually processed" in line:
            r["requests"] = int(line.split()[-1].split("/")[0])
        elif line.startswith("latency average"):
            r["mean_ms"] = float(line.split("=")[1].split()[0])
        elif "number of failed transactions" in line:
            r["failed"] = int(line.split(":")[1].split()[0])
    if "rps" not in r:
        raise BenchError(f"pgbench {phase} failed:\n{out[-2000:]}")
    # p50/p99 from the 10% sample of per-transaction log lines (3rd field: latency in microseconds)
    lat = []
    for f in glob.glob(prefix + ".*"):
        with open(f) as fh:
            lat += [int(line.split()[2]) for line in fh if len(line.split()) > 2]
        os.remove(f)
    lat.sort()
    if lat:
        r["p50_ms"] = round(lat[max(1, int(len(lat) * 0.50)) - 1] / 1000, 3)
        r["p99_ms"] = round(lat[max(1, int(len(lat) * 0.99)) - 1] / 1000, 3)
    r["errors"] = r.get("failed", 0)
    ctx.raw.put(phase, **r)
    f = ctx.account(phase, before, r.get("requests"), after)
    log(f"{phase}: {r['rps']} tps  mean {r.get('mean_ms')} ms  p99 {r.get('p99_ms')} ms  failed {r.get('failed', 0)}  "
        f"PG {f['pg_us']} µs/tx")


def run(ctx):
    s = ctx.s
    get_pool = {"ngetpool": s.gateways - s.pool, "orgs": s.orgs}
    patch_pool = {"plo": s.gateways - s.pool + 1, "phi": s.gateways}
    pgbench(ctx, "pg_select_prepared", "pg_select.sql", "prepared", get_pool)
    pgbench(ctx, "pg_select_simple", "pg_select.sql", "simple", get_pool)
    pgbench(ctx, "pg_update", "pg_update.sql", "prepared", patch_pool)
    # informational: the same with every trigger off for pgbench's sessions (replica role; no schema change): what
    # the schema's per-change work (the change history: event row, organization clock, NOTIFY) costs
    pgbench(ctx, "pg_update_notrigger", "pg_update.sql", "prepared", patch_pool,
            {"PGOPTIONS": "-c session_replication_role=replica"})
    pgbench(ctx, "pg_patch_full", "pg_patch_full.sql", "prepared", patch_pool)
    wrk.run(ctx, "http_live", "plain.lua", s.duration, "/q/health/live")
