"""Scale phase (size sweep): for each size of BENCH_SIZES the tables are reseeded in place (same warm JVM), re-warmed
(BENCH_REWARM), then GET and LIST are measured SCALE_REPEATS times each (SCALE_DURATION, closed loop; the growth
targets compare medians), and GET once more open loop at one fixed rate for every size (PACED_FRACTION x the
first size's median GET req/s, at most PACED_GET_RATE), which compares latency at equal load rather than at each
size's own saturation. Beside them: PostgreSQL's buffer reads vs hits during the GET runs and the table's size on disk."""
import seed
import wrk
from operations import paced_at
from util import log, median


def buffers(ctx):
    r = ctx.db.rows("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()")[0]
    return int(r[0]), int(r[1])


def run(ctx):
    s = ctx.s
    sizes = []
    fixed_rate = None
    for n in s.sizes:
        sizes.append(n)
        secs = seed.seed(ctx, n, 0)
        seed.verify_seed(ctx)
        wrk.run(ctx, f"rewarm_{n}", "warmup_read.lua", s.rewarm)
        hit0, read0 = buffers(ctx)
        for k in range(1, s.scale_repeats + 1):
            wrk.run(ctx, f"get_{n}_{k}", "get.lua", s.scale_duration)
            wrk.run(ctx, f"list_{n}_{k}", "list.lua", s.scale_duration)
        hit1, read1 = buffers(ctx)
        fig = {"seed_s": secs, "gateways": n,
               "table_mb": round(int(ctx.db.q("SELECT pg_total_relation_size('gateway')")) / 1048576, 1),
               "pg_buffer_hit_pct": round(100 * (hit1 - hit0) / max(1, (hit1 - hit0) + (read1 - read0)), 2)}
        for op in ("get", "list"):
            runs = [ctx.raw.phase(f"{op}_{n}_{k}") for k in range(1, s.scale_repeats + 1)]
            for field, digits in (("rps", 1), ("p50_ms", 3), ("p99_ms", 3), ("app_us", 0), ("pg_us", 0),
                                  ("alloc_kb_per_req", 1), ("promoted_b_per_req", 0)):
                m = median(r.get(field) for r in runs)
                fig[f"{op}_{field}"] = round(m, digits) if m is not None else None
                fig[f"{op}_{field}_all"] = [r.get(field) for r in runs]
            fig[f"{op}_errors"] = sum(r.get("errors", 0) for r in runs)
            secs = sum(r.get("seconds", 0) for r in runs)
            fig[f"{op}_gc_pause_ms_per_s"] = round(sum(r.get("gc_pause_ms") or 0 for r in runs) / secs, 1) if secs else None
        if s.paced:
            if fixed_rate is None:
                fixed_rate = round(min(fig["get_rps"] * s.paced_fraction, s.paced_get_rate), 1)
            p = paced_at(ctx, "get", f"paced_get_{n}", fixed_rate)
            fig.update(paced_get_rate=fixed_rate, paced_get_p50_ms=p.get("p50_ms"), paced_get_p99_ms=p.get("p99_ms"),
                       paced_get_app_us=p.get("app_us"), paced_get_gc_pause_ms=p.get("gc_pause_ms"))
        ctx.raw.put(f"size_{n}", **fig)
        log(f"size {n}: GET p99 median {fig['get_p99_ms']} ms {fig['get_p99_ms_all']}, LIST p99 median "
            f"{fig['list_p99_ms']} ms; open-loop GET p99 {fig.get('paced_get_p99_ms')} ms; PG buffer hits "
            f"{fig['pg_buffer_hit_pct']}%, table {fig['table_mb']} MB")
    ctx.raw.put("scale", sizes=sizes, repeats=s.scale_repeats, fixed_get_rate=fixed_rate)
