"""Rollout phases: time to READY (a burst of creates converged by the rollout workers) and pickup (accepted PATCH to
the first zone step, from the service's rollout_zone_pickup_seconds timer, with the NOTIFY wake-up on and off)."""
import subprocess
import sys
import time

import patchload
from config import ZONES_PER_GATEWAY
from util import log, now_ms, sleep_until_ms


def ready(ctx):
    """READY_GATEWAYS gateways x 3 zones created as fast as possible over CONNECTIONS connections (create_burst.py,
    an exact count), no other load; the time is taken from the rows: max(updated_at) - min(created_at)."""
    s, db = ctx.s, ctx.db
    log(f"time-to-READY: creating {s.ready_gateways} gateways x {ZONES_PER_GATEWAY} zones ({s.connections} connections)")
    before = ctx.snapshot()
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "bench/create_burst.py", str(s.bench_port), "tokr", str(s.ready_gateways),
                        str(s.connections)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ctx.raw.output("create burst", p.stdout)
    failed = p.stdout.split("failed=")[1].split()[0] if "failed=" in p.stdout else None
    n = done = 0
    while time.monotonic() - t0 < s.ready_timeout:
        n, done = (int(x) for x in db.rows("SELECT count(*), count(*) FILTER (WHERE status = 'STATUS_READY') "
                                           "FROM gateway WHERE organization_id = 'orgready'")[0])
        if n > 0 and done >= n:
            break
        time.sleep(0.1)
    wall = round(time.monotonic() - t0, 2)
    ctx.account("ready", before, n)
    create_s, all_ready_s = (float(x) for x in db.rows(
        "SELECT round(extract(epoch FROM max(created_at) - min(created_at))::numeric, 3), "
        "round(extract(epoch FROM max(updated_at) - min(created_at))::numeric, 3) "
        "FROM gateway WHERE organization_id = 'orgready'")[0])
    steps = round(n * ZONES_PER_GATEWAY / all_ready_s) if n > 0 and done >= n and all_ready_s > 0 else None
    ctx.raw.put("ready", count=n, ready=done, failed=failed, wall_s=wall, create_s=create_s, all_ready_s=all_ready_s,
                steps_per_s=steps, timeout_s=s.ready_timeout)
    log(f"time-to-READY: {done}/{n} READY ({failed} creates failed); creates took {create_s}s, all READY after "
        f"{all_ready_s}s -> {steps} zone steps/s")


def pickup_metrics(ctx):
    """(count, sum, p50, p99, max) of rollout_zone_pickup_seconds (seconds), None where absent."""
    vals = {}
    for line in ctx.svc.metrics().splitlines():
        for key, tag in (("p50", 'rollout_zone_pickup_seconds{quantile="0.5"}'),
                         ("p99", 'rollout_zone_pickup_seconds{quantile="0.99"}'),
                         ("count", "rollout_zone_pickup_seconds_count"), ("sum", "rollout_zone_pickup_seconds_sum"),
                         ("max", "rollout_zone_pickup_seconds_max")):
            if line.startswith(tag):
                vals[key] = float(line.split()[-1])
    return vals


def pickup_one(ctx, key, wake):
    """The timer's quantiles cover a rolling window: Micrometer's Prometheus registry keeps 3 histograms rotated every
    step/3 (20 s) from the meter's creation at start-up (T0) and publishes the one that has collected longest: read
    at T0+60..80 s it holds exactly the samples since T0+20 s. So: restart the service (L = launch, Rd = ready:
    L <= T0 <= Rd), warm it up with paced PATCHes until L+16 s, send the measured series from Rd+21 s, and read the
    quantiles between Rd+61 and L+79 s."""
    s, svc = ctx.s, ctx.svc
    name = f"pickup_{key}"
    log(f"pickup ({key}): restarting the service with ROLLOUT_WAKE_ON_SIGNAL={wake}")
    svc.stop()
    svc.start(ctx.db.name, {"ROLLOUT_WAKE_ON_SIGNAL": wake})
    launch, ready_ms = svc.launch_ms, svc.ready_ms
    r = ctx.raw.put(name, wake=wake, startup_s=round((ready_ms - launch) / 1000, 1))
    warm_s = (launch + 16000 - now_ms()) // 1000
    if warm_s >= 2:
        w = patchload.run(ctx, f"{name}_warm", warm_s * s.pickup_rate, 4, s.pickup_rate, warm_s)
        r["warm"] = f"{w.get('sent')} PATCHes in {w.get('seconds')} s"
    else:
        r["warm"] = f"none (start-up took {r['startup_s']} s)"
    sleep_until_ms(ready_ms + 21000)
    m0 = pickup_metrics(ctx)
    series = patchload.run(ctx, f"{name}_series", s.pickup_rate * s.pickup_seconds, 4, s.pickup_rate,
                           s.pickup_seconds + 30)
    ctx.drain(name)
    sleep_until_ms(ready_ms + 61000)
    t = now_ms()
    m1 = pickup_metrics(ctx)
    ms = (lambda v: round(v * 1000, 1) if v is not None else None)
    samples = int(m1["count"] - m0["count"]) if "count" in m1 and "count" in m0 else None
    r.update(sent=series.get("sent"), failed=series.get("failed"), read_at_s=round((t - launch) / 1000, 1),
             window_clean=t < launch + 79000, samples=samples, expected=(series.get("ok") or 0) * ZONES_PER_GATEWAY,
             p50_ms=ms(m1.get("p50")), p99_ms=ms(m1.get("p99")), max_ms=ms(m1.get("max")),
             mean_ms=round((m1["sum"] - m0["sum"]) / samples * 1000, 1) if samples else None, metrics_before=m0,
             metrics_after=m1)
    log(f"pickup ({key}, wake {wake}): p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms  mean {r['mean_ms']} ms  max "
        f"{r['max_ms']} ms  ({samples} samples, {r['expected']} expected; window "
        f"{'clean' if r['window_clean'] else 'NOT clean'})")


def pickup(ctx):
    pickup_one(ctx, "on", "true")
    pickup_one(ctx, "off", "false")
