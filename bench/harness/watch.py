"""Watch phase: WATCHERS watch streams (bench/watchers.py, one python process) while PATCHes run, on the size
sweep's last table. Full-speed PATCHes without watchers, then with them paced and at full speed, then without them
again (brackets the comparison); completeness by resourceVersion, delivery latency, RSS, CPU."""
import os
import signal
import subprocess
import sys
import time

import patchload
import procstat
from util import kv_line, log, now_ms, typed


def cores_since(pid, tick0, t0_ms):
    return round((procstat.proc_ticks(pid) - tick0) / procstat.HZ / max(0.001, (now_ms() - t0_ms) / 1000), 3)


def run(ctx):
    s, svc = ctx.s, ctx.svc
    w = ctx.raw.phase("watch")
    log(f"watch: {s.watchers} watchers over {s.orgs} organizations; {s.watch_patches} PATCHes at full speed without, "
        f"with and again without them; {s.watch_paced_count} at {s.watch_paced_rate}/s with them")
    log0 = svc.log_size()
    patchload.run(ctx, "watch_without", s.watch_patches, s.connections, 0, s.watch_max_s)
    ctx.drain("watch_without")
    time.sleep(1)
    t = now_ms()
    time.sleep(s.watch_idle_s)
    w["rss_idle_without"] = svc.rss_avg_mb(t, now_ms())
    out_path = ctx.path("watchers.txt")
    out = open(out_path, "w")
    p = subprocess.Popen([sys.executable, "bench/watchers.py", str(s.bench_port), str(s.watchers), svc.tokens_file,
                          str(s.watch_finish_timeout)], stdout=out, stderr=subprocess.STDOUT)
    out.close()
    ctx.background.append(p)

    def text():
        with open(out_path) as f:
            return f.read()

    for _ in range(240):
        if "CONNECTED " in text() or p.poll() is not None:
            break
        time.sleep(0.5)
    line = next((ln for ln in text().splitlines() if ln.startswith("CONNECTED ")), None)
    if not line:
        p.kill()
        w["failed"] = "the watchers did not connect: " + text()[-300:]
        log("WARNING: " + w["failed"])
        return
    w.update({f"connect_{k}": v for k, v in typed(kv_line(line, "CONNECTED ")).items() if k != "starts"})
    log(f"watch: {w['connect_ok']}/{s.watchers} watchers connected in {w['connect_seconds']}s")
    # idle with the watchers connected: RSS, and the CPU of the service and of the watcher process
    time.sleep(1)
    tick0, k0, t0 = procstat.proc_ticks(p.pid), ctx.snapshot(), now_ms()
    time.sleep(s.watch_idle_s)
    w["rss_idle_with"] = svc.rss_avg_mb(t0, now_ms())
    ctx.account("watch_idle", k0, 0)
    w["py_idle_cores"] = cores_since(p.pid, tick0, t0)
    w["hwm_reset"] = svc.hwm_reset()
    # paced PATCHes: the latency of delivery at a moderate rate
    tick0, t0 = procstat.proc_ticks(p.pid), now_ms()
    patchload.run(ctx, "watch_paced", s.watch_paced_count, 4, s.watch_paced_rate, s.watch_max_s)
    ctx.drain("watch_paced")
    time.sleep(1)
    w["py_paced_cores"] = cores_since(p.pid, tick0, t0)
    p.send_signal(signal.SIGUSR2)  # next latency segment
    tick0, t0 = procstat.proc_ticks(p.pid), now_ms()
    patchload.run(ctx, "watch_with", s.watch_patches, s.connections, 0, s.watch_max_s)
    w["py_with_cores"] = cores_since(p.pid, tick0, t0)
    ctx.drain("watch_with")
    time.sleep(1)
    w["rss_peak"] = (svc.status_kb("VmHWM") or 0) // 1024
    w["rss_after_with"] = svc.rss_avg_mb(now_ms() - 1500, now_ms())
    # finish: the watchers read each organization's final version and check they got every event up to it
    p.send_signal(signal.SIGUSR1)
    try:
        p.wait(s.watch_finish_timeout + 60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    result = text()
    ctx.raw.output("watchers", result)
    for ln in result.splitlines():
        if ln.startswith("WATCH "):
            w.update(typed(kv_line(ln, "WATCH ")))
        elif ln.startswith("SEGMENT "):
            seg = typed(kv_line(ln, "SEGMENT "))
            w[f"seg{seg['n']}"] = seg
        elif ln.startswith("ORG "):
            w.setdefault("orgs", []).append(typed(kv_line(ln, "ORG ")))
    if "complete" not in w:
        w["failed"] = "the watcher process gave no result: " + result[-300:]
    w["log_errors"] = svc.log_count(log0, '"level":"ERROR"')
    w["log_warns"] = svc.log_count(log0, '"level":"WARN"')
    # and again without the watchers (the service has closed their streams): brackets the comparison
    time.sleep(2)
    patchload.run(ctx, "watch_without2", s.watch_patches, s.connections, 0, s.watch_max_s)
    ctx.drain("watch_without2")
    log(f"watch: {w.get('complete')}/{s.watchers} watchers complete (missing {w.get('missing')}, duplicates "
        f"{w.get('duplicates')}); latency paced p99 {w.get('seg1', {}).get('p99_ms')} ms, full speed p99 "
        f"{w.get('seg2', {}).get('p99_ms')} ms; RSS idle {w['rss_idle_without']} -> {w['rss_idle_with']} MB")
    if os.path.exists(out_path):
        os.remove(out_path)
