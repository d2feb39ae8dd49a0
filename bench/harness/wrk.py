"""wrk runs from the repository root with relative paths (bench/lua/...), one machine-readable BENCH line each.

The scripts that list (list, warmup, warmup_read) end gracefully: wrk cutting a list that waits for a database
connection leaks that connection in the service (bench/README.md, step "disconnects"), so they stop sending at a
deadline (whole epoch seconds, BENCH_DEADLINE, read by their delay()), wrk runs 2 s longer with nothing in flight,
and the phase is counted up to the deadline: CPU snapshot 0.3 s after it, req/s over start..deadline. The others
end as wrk ends them (-d)."""
import os
import subprocess
import time

import jfr
from util import BenchError, kv_line, log, now_ms, sleep_until_ms, typed

GRACEFUL = {"list.lua", "warmup.lua", "warmup_read.lua"}
ERRORS = ["err_status", "err_connect", "err_read", "err_write", "err_timeout"]


def command(ctx, threads, connections, secs, script, path="/", salt="x", deadline=None):
    env = dict(os.environ, BENCH_LUA="bench/lua", BENCH_IDS=ctx.ids_get, BENCH_PATCH_IDS=ctx.ids_patch,
               BENCH_TOKENS=ctx.svc.tokens_file, BENCH_CREATE_TOKEN="tokc", BENCH_SALT=salt,
               BENCH_DEADLINE=str(deadline or ""))
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{secs}s", "--timeout", "10s", "--latency", "-s",
           f"bench/lua/{script}", f"http://127.0.0.1:{ctx.s.bench_port}{path}"]
    return cmd, env


def parse(text, soft=False):
    """The BENCH summary line of a wrk output -> figures (requests, rps, p50_ms.., errors)."""
    lines = [ln for ln in text.splitlines() if ln.startswith("BENCH ")]
    if not lines:
        if soft:  # a load beside a phase that may break the service: report it, go on
            return {"requests": 0, "rps": None, "p50_ms": None, "p99_ms": None, "max_ms": None, "errors": 0,
                    "no_summary": True, **{e: 0 for e in ERRORS}}
        raise BenchError("wrk produced no summary:\n" + text[-2000:])
    r = typed(kv_line(lines[-1], "BENCH "))
    r["errors"] = sum(int(r.get(e, 0)) for e in ERRORS)
    return r


def run(ctx, phase, script, secs, path="/"):
    """One measured wrk phase at THREADS x CONNECTIONS: figures, CPU per request, pool connections after it."""
    s = ctx.s
    started = jfr.start(ctx, phase)
    gc0 = ctx.svc.gc_snapshot()
    before = ctx.snapshot()
    t0 = now_ms()
    if script in GRACEFUL:
        deadline = (t0 + secs * 1000 + 999) // 1000
        cmd, env = command(ctx, s.threads, s.connections, secs + 2, script, path, phase, deadline)
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        sleep_until_ms(deadline * 1000 + 300)
        after = ctx.snapshot()
        text = p.communicate()[0]
        effective = round((deadline * 1000 - t0) / 1000, 3)
    else:
        cmd, env = command(ctx, s.threads, s.connections, secs, script, path, phase)
        text = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        after = ctx.snapshot()
        effective = None
    jfr.stop(ctx, phase, started)
    title = f"wrk {phase} ({script}, {secs}s" + (f"; graceful end: counted over {effective}s up to the deadline)"
                                                if effective else ")")
    ctx.raw.output(title, text)
    try:
        r = parse(text)
    except BenchError:
        ctx.svc.check_alive(phase)
        raise
    if effective:
        r["effective_s"] = effective
        r["rps"] = round(r["requests"] / effective, 1)
    r["script"] = script
    r["seconds"] = secs
    r["snap0"] = before
    r["pool_active"] = ctx.svc.pool_active()
    ctx.raw.put(phase, **r)
    ctx.gc(phase, gc0, r["requests"])
    f = ctx.account(phase, before, r["requests"], after)
    log(f"{phase}: {r['rps']} req/s  p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms  errors {r['errors']}  "
        f"app {f['app_us']} µs/req  PG {f['pg_us']} µs/req  (app {f['app_cores']} cores, machine {f['busy_pct']}% busy)")
    return ctx.raw.phase(phase)


def start_background(ctx, connections, secs, script, salt):
    """wrk -t1 in the background (beside the big lists); ended with SIGINT, which makes wrk report."""
    cmd, env = command(ctx, 1, connections, secs, script, "/", salt)
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ctx.background.append(p)
    time.sleep(0.5)
    return p
