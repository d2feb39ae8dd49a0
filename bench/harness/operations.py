"""Operations phase: GET, LIST, PATCH and create at CONNECTIONS closed-loop connections (wrk: throughput and CPU per
request at saturation), and each of them again open-loop at PACED_FRACTION of the throughput just measured
(bench/open_loop.py: latency from each request's due time, the latency targets)."""
import subprocess
import sys

import jfr
import wrk
from util import kv_line, log, typed

OPS = {"get": "get.lua", "list": "list.lua", "patch": "patch.lua", "create": "create.lua"}


def closed(ctx, op):
    r = wrk.run(ctx, op, OPS[op], ctx.s.duration)
    if op in ("patch", "create"):
        ctx.drain(op)
        ctx.incl_drain(op)
        ctx.raw.put(op, pool_active=ctx.svc.pool_idle_active())
    return r


def paced(ctx, op):
    """Open loop at PACED_FRACTION x the closed-loop req/s of the same operation in this run (GET: at most
    PACED_GET_RATE, as the python client would need a core of its own at half of GET's peak)."""
    peak = ctx.raw.phase(op).get("rps")
    name = f"paced_{op}"
    if not peak:
        ctx.raw.put(name, failed="no closed-loop figure to pace from")
        return
    rate = peak * ctx.s.paced_fraction
    if op == "get":
        rate = min(rate, ctx.s.paced_get_rate)
    paced_at(ctx, op, name, round(rate, 1), peak)
    if op in ("patch", "create"):
        ctx.drain(name)


def paced_at(ctx, op, name, rate, peak=None):
    """One open-loop run of op at rate/s (bench/open_loop.py): figures and CPU per request under the phase name."""
    s = ctx.s
    started = jfr.start(ctx, name)
    gc0 = ctx.svc.gc_snapshot()
    before = ctx.snapshot()
    cmd = [sys.executable, "bench/open_loop.py", str(s.bench_port), op, str(rate), str(s.paced_duration),
           str(s.paced_max_connections), ctx.ids_get, ctx.ids_patch, ctx.svc.tokens_file, name]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    text = p.communicate()[0]
    after = ctx.snapshot()
    jfr.stop(ctx, name, started)
    ctx.raw.output(f"open loop {name} ({op} at {rate}/s, {s.paced_duration}s)", text)
    lines = [ln for ln in text.splitlines() if ln.startswith("OPENLOOP ")]
    if not lines:
        ctx.raw.put(name, failed="the open-loop client gave no result: " + text[-300:])
        log(f"WARNING: {name}: no result: {text[-300:]}")
        return ctx.raw.phase(name)
    r = typed(kv_line(lines[-1], "OPENLOOP "))
    r.update(peak_rps=peak, fraction=s.paced_fraction, snap0=before)
    ctx.raw.put(name, **r)
    f = ctx.account(name, before, r.get("sent"), after)
    ctx.gc(name, gc0, r.get("sent"))
    if r.get("seconds"):
        ctx.raw.put(name, client_cores=round(r["cpu_s"] / r["seconds"], 2))
    log(f"{name}: {r.get('achieved_rps')}/s of {rate}/s due  p50 {r.get('p50_ms')} ms  p99 {r.get('p99_ms')} ms  "
        f"max {r.get('max_ms')} ms  failed {r.get('failed')}  app {f['app_us']} µs/req  (client {r.get('cpu_s')} s CPU, "
        f"{r.get('connections')} connections)")
    return ctx.raw.phase(name)


def run_reads_and_patch(ctx):
    """GET, LIST, PATCH closed loop, then the same three open loop (the service idle between them)."""
    for op in ("get", "list", "patch"):
        closed(ctx, op)
    if ctx.s.paced:
        for op in ("get", "list", "patch"):
            paced(ctx, op)


def run_create(ctx):
    """Create, last before the size sweep (whose first reseed empties the tables and whatever backlog is left)."""
    closed(ctx, "create")
    if ctx.s.paced:
        paced(ctx, "create")
    ctx.raw.put("create", rows=int(ctx.db.q("SELECT count(*) FROM gateway WHERE organization_id = 'orgc'") or 0))
