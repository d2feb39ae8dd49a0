"""Warm-up until steady: mixed traffic (4 GET, 4 LIST, 1 PATCH, 1 POST per 10, bench/lua/warmup.lua) in windows of
WARMUP_WINDOW until the last WARMUP_STEADY windows' service CPU per request agree within WARMUP_TOLERANCE % (max - min
over their mean), or WARMUP_MAX ran ("not steady"). The JIT keeps compiling for more than a minute under load: a short
fixed warm-up would measure the JIT, not the code."""
import wrk
from util import log, num


def spread_pct(values):
    vs = [num(v) for v in values]
    if any(v is None for v in vs) or not vs:
        return None
    mean = sum(vs) / len(vs)
    return round(100 * (max(vs) - min(vs)) / mean, 1) if mean > 0 else 0.0


def run(ctx):
    s = ctx.s
    log(f"warm-up: windows of {s.warmup_window}s (mixed GET/LIST/PATCH/POST) until {s.warmup_steady} agree within "
        f"{s.warmup_tolerance}% (at most {s.warmup_max}s)")
    windows, total, spread, steady = [], 0, None, False
    while True:
        name = f"warm{len(windows) + 1}"
        windows.append(name)
        wrk.run(ctx, name, "warmup.lua", s.warmup_window)
        total += s.warmup_window
        if len(windows) >= s.warmup_steady:
            spread = spread_pct([ctx.raw.phase(w)["app_us"] for w in windows[-s.warmup_steady:]])
            if spread is not None and spread <= s.warmup_tolerance:
                steady = True
                break
        if total >= s.warmup_max:
            break
    ctx.raw.put("warmup", steady=steady, seconds=total, spread_pct=spread, windows=windows)
    log(f"warm-up: {'steady' if steady else 'NOT steady'} after {len(windows)} windows ({total}s); last "
        f"{s.warmup_steady} windows' app µs/request spread {spread}%")
    ctx.drain("warmup")
