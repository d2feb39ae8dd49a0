"""Stress phases: the unpaged LIST of UNPAGED_GATEWAYS (with GET load beside), LIMIT_PAGES concurrent big pages of
gateways at the size limits, and clients that go away mid-list (leaked pool connections). After each big-list phase
the service must be live and ready again, else it is restarted (same database) and the report says so."""
import signal
import subprocess
import sys
import time

import wrk
from util import kv_line, log, now_ms, typed


def lists(ctx, token, path, count, timeout, expected):
    s = ctx.s
    p = subprocess.run([sys.executable, "bench/lists.py", str(s.bench_port), token, path, str(count), str(timeout),
                        str(expected), str(s.health_interval), str(s.health_timeout)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.stdout


def parse_lists(text, expected):
    r = {"lists": [], "bodies": [], "expect": expected}
    for line in text.splitlines():
        if line.startswith("LIST "):
            r["lists"].append(typed(kv_line(line, "LIST ")))
        elif line.startswith("HEALTH "):
            r.update({f"health_{k}": v for k, v in typed(kv_line(line, "HEALTH ")).items()})
        elif line.startswith("BODY "):
            r["bodies"].append(line.split(" ", 2)[2][:240] if line.count(" ") >= 2 else "")
    r["lists_n"] = len(r["lists"])
    r["lists_ok"] = sum(int(x.get("ok", 0)) for x in r["lists"])
    r["max_s"] = max((x.get("seconds", 0) for x in r["lists"]), default=0)
    return r


def begin(ctx):
    return {"t0": now_ms(), "log0": ctx.svc.log_size(), "hwm_reset": ctx.svc.hwm_reset(), "snap0": ctx.snapshot()}


def end(ctx, phase, b):
    svc = ctx.svc
    t1 = now_ms()
    ctx.account(phase, b["snap0"], 0)
    sampled = svc.rss_max_mb(b["t0"], t1)
    hwm = svc.status_kb("VmHWM")
    r = ctx.raw.put(phase, secs=round((t1 - b["t0"]) / 1000, 1), rss_sampled_mb=sampled, alive=svc.alive(),
                    log_errors=svc.log_count(b["log0"], '"level":"ERROR"'),
                    log_oom=svc.log_count(b["log0"], "OutOfMemoryError"))
    if b["hwm_reset"] and hwm:
        r.update(rss_mb=hwm // 1024, rss_how="VmHWM, reset at the phase start")
    else:
        r.update(rss_mb=sampled, rss_how="max of 0.5 s VmRSS samples")


def recover(ctx, phase):
    """Liveness and readiness (readiness fails when the reactive pool is used up) within RECOVER_TIMEOUT, else a
    restart of the service on the same database."""
    s, svc = ctx.s, ctx.svc
    t0 = time.monotonic()
    if not svc.alive():
        after = "the service process had exited; restarted it"
    else:
        live = ready = None
        while time.monotonic() - t0 < s.recover_timeout:
            live = svc.code("/q/health/live", s.health_timeout)
            ready = svc.code("/q/health/ready") if live == 200 else None
            if ready == 200:
                break
            time.sleep(0.5)
        if ready == 200:
            after = (f"live and ready (200) {time.monotonic() - t0:.1f} s after the phase (pool connections in use: "
                     f"{svc.pool_active()})")
            ctx.raw.put(phase, after=after, restarted=False)
            log(f"after {phase}: {after}")
            return
        after = (f"not live and ready {s.recover_timeout:.0f} s after the phase (liveness {live}, readiness {ready}, "
                 f"pool connections in use {svc.pool_active()}); restarted it")
    ctx.raw.put(phase, after=after, restarted=True)
    log(f"after {phase}: {after}")
    svc.stop()
    svc.start(ctx.db.name)


def unpaged(ctx):
    s = ctx.s
    log(f"unpaged lists: {s.unpaged_lists} x GET /gateways (no pageSize) of orgu ({s.unpaged_gateways} gateways), GET "
        f"load beside (wrk -t1 -c{s.unpaged_get_connections}), timeout {s.unpaged_timeout:.0f}s")
    b = begin(ctx)
    w = wrk.start_background(ctx, s.unpaged_get_connections, int(s.unpaged_timeout) + 60, "get.lua", "unpaged")
    text = lists(ctx, "toku", "/v1alpha1/inference/gateways", s.unpaged_lists, s.unpaged_timeout, s.unpaged_gateways)
    w.send_signal(signal.SIGINT)
    wtext = w.communicate()[0]
    end(ctx, "unpaged", b)
    ctx.raw.output("unpaged lists", text)
    ctx.raw.output("wrk GET beside the unpaged lists", wtext)
    r = ctx.raw.put("unpaged", **parse_lists(text, s.unpaged_gateways))
    g = ctx.raw.put("unpaged_get", **wrk.parse(wtext, soft=True))
    log(f"unpaged lists: {r['lists_ok']}/{r['lists_n']} complete, slowest {r['max_s']}s; peak RSS {r['rss_mb']} MB; "
        f"GET beside: {g.get('rps')} req/s p99 {g.get('p99_ms')} ms errors {g.get('errors')}; liveness "
        f"{r.get('health_bad')}/{r.get('health_polls')} bad")
    recover(ctx, "unpaged")


def pages(ctx):
    s = ctx.s
    expect = min(s.limit_page_size, s.limit_gateways)
    log(f"big pages: {s.limit_pages} x GET /gateways?pageSize={s.limit_page_size} of orgl ({s.limit_gateways} gateways "
        f"at the size limits), timeout {s.limit_timeout:.0f}s")
    b = begin(ctx)
    text = lists(ctx, "tokl", f"/v1alpha1/inference/gateways?pageSize={s.limit_page_size}", s.limit_pages,
                 s.limit_timeout, expect)
    end(ctx, "pages", b)
    ctx.raw.output("big pages", text)
    r = ctx.raw.put("pages", **parse_lists(text, expect))
    log(f"big pages: {r['lists_ok']}/{r['lists_n']} complete, slowest {r['max_s']}s; peak RSS {r['rss_mb']} MB; "
        f"liveness {r.get('health_bad')}/{r.get('health_polls')} bad")
    recover(ctx, "pages")


def disconnects(ctx):
    """Twice a CONNECTIONS-connection LIST load cut by wrk after 3 s (lists in flight), then the pool connections in
    use on the idle service and readiness: anything above 0 is leaked."""
    s, svc = ctx.s, ctx.svc
    r = ctx.raw.put("disconnect", before=svc.pool_idle_active())
    requests = 0
    for k in (1, 2):
        cmd, env = wrk.command(ctx, s.threads, s.connections, 3, "list.lua", "/", f"disconnect{k}")
        text = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
        ctx.raw.output(f"wrk disconnect{k} (list.lua, 3s, cut by wrk)", text)
        requests += wrk.parse(text, soft=True).get("requests", 0)
        time.sleep(2)
        r[f"after{k}"] = svc.pool_idle_active()
    r["ready"] = svc.code("/q/health/ready")
    r["requests"] = requests
    log(f"disconnects: pool connections in use on the idle service: {r['before']} before, {r['after1']} after one cut "
        f"LIST load, {r['after2']} after two; readiness {r['ready']}")
