"""An exact number of PATCHes through bench/patch_load.py (watch and pickup phases), with CPU per request."""
import subprocess
import sys

from util import kv_line, log, typed


def run(ctx, phase, count, connections, rate, max_s):
    s = ctx.s
    before = ctx.snapshot()
    p = subprocess.run([sys.executable, "bench/patch_load.py", str(s.bench_port), ctx.ids_patch, str(count),
                        str(connections), str(rate), str(max_s), phase], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    after = ctx.snapshot()
    ctx.raw.output(f"patch_load {phase} ({count} PATCHes, {connections} connections, rate {rate}/s)", p.stdout)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("PATCHES ")]
    if lines:
        r = typed(kv_line(lines[-1], "PATCHES "))
    else:
        log(f"WARNING: PATCH load {phase} produced no summary: {p.stdout[-300:]}")
        r = {"sent": 0, "ok": 0, "failed": 0, "unsent": count, "no_summary": True}
    r["snap0"] = before
    ctx.raw.put(phase, **r)
    f = ctx.account(phase, before, r.get("sent"), after)
    log(f"{phase}: {r.get('sent')} PATCHes ({r.get('failed')} failed) in {r.get('seconds')}s = {r.get('rps')}/s  p50 "
        f"{r.get('p50_ms')} ms  p99 {r.get('p99_ms')} ms  app {f['app_us']} µs/req  PG {f['pg_us']} µs/req")
    return ctx.raw.phase(phase)
