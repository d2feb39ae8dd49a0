"""Report sections of the later phases (size sweep, memory, big lists, watch, pickup, disconnects, profiles)."""
from util import num, ratio


def f(v, digits=None):
    n = num(v)
    if n is None:
        return "n/a" if v is None else str(v)
    if digits is not None:
        return f"{n:.{digits}f}"
    return str(int(n)) if n == int(n) else f"{n:g}"


def scale(d):
    P = d["phases"]
    sc = P.get("scale", {})
    sizes = sc.get("sizes", [])
    out = ["", "## Size sweep: GET and LIST as the table grows", "",
           f"Each size: tables reseeded, re-warmed, then GET and LIST {sc.get('repeats')} times each closed loop "
           f"({d['settings'].get('SCALE_DURATION')} each; medians, every run in brackets), and GET open loop at one "
           f"fixed rate for every size ({f(sc.get('fixed_get_rate'))}/s). PG buffer hits: PostgreSQL's shared-buffer "
           "hit share during the closed-loop runs.", "",
           "| gateways | seed s | table MB | GET req/s | GET p99 ms | GET app+PG µs/req | GET p99 open loop ms | "
           "LIST req/s | LIST p99 ms | LIST app+PG µs/req | PG buffer hits | errors |",
           "|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|"]
    for n in sizes:
        z = P.get(f"size_{n}", {})
        out.append(f"| {n} | {f(z.get('seed_s'))} | {f(z.get('table_mb'))} | {f(z.get('get_rps'))} | "
                   f"{f(z.get('get_p99_ms'))} ({', '.join(f(x) for x in z.get('get_p99_ms_all', []))}) | "
                   f"{f(z.get('get_app_us'))} + {f(z.get('get_pg_us'))} | {f(z.get('paced_get_p99_ms'))} | "
                   f"{f(z.get('list_rps'))} | {f(z.get('list_p99_ms'))} "
                   f"({', '.join(f(x) for x in z.get('list_p99_ms_all', []))}) | {f(z.get('list_app_us'))} + "
                   f"{f(z.get('list_pg_us'))} | {f(z.get('pg_buffer_hit_pct'))}% | "
                   f"{f((z.get('get_errors') or 0) + (z.get('list_errors') or 0))} |")
    out += ["", "The JVM's own GC counters (Micrometer, /q/metrics) over the same closed-loop runs: memory allocated and "
            "promoted to the old generation per request (properties of the code path, steady however loaded the machine "
            "is), and the share of time spent in GC pauses.", "",
            "| gateways | GET KB allocated/req | GET bytes promoted/req | GET GC pauses ms/s | LIST KB allocated/req | "
            "LIST bytes promoted/req | LIST GC pauses ms/s | GC pauses during the open-loop GET ms |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        z = P.get(f"size_{n}", {})
        out.append(f"| {n} | {f(z.get('get_alloc_kb_per_req'))} | {f(z.get('get_promoted_b_per_req'))} | "
                   f"{f(z.get('get_gc_pause_ms_per_s'))} | {f(z.get('list_alloc_kb_per_req'))} | "
                   f"{f(z.get('list_promoted_b_per_req'))} | {f(z.get('list_gc_pause_ms_per_s'))} | "
                   f"{f(z.get('paced_get_gc_pause_ms'))} |")
    if len(sizes) >= 2:
        a, b = P.get(f"size_{sizes[0]}", {}), P.get(f"size_{sizes[-1]}", {})
        out += ["", f"p99 growth from {sizes[0]} to {sizes[-1]} gateways (medians): GET × "
                f"{f(ratio(b.get('get_p99_ms'), a.get('get_p99_ms')))} closed loop, × "
                f"{f(ratio(b.get('paced_get_p99_ms'), a.get('paced_get_p99_ms')))} open loop at a fixed rate; LIST × "
                f"{f(ratio(b.get('list_p99_ms'), a.get('list_p99_ms')))}."]
    return out


def memory(d):
    m = d["phases"].get("memory", {})
    return ["", "## Memory of the standard run", "",
            f"Service peak RSS over everything above: VmHWM **{f(m.get('hwm_mb'))} MB** (max sampled VmRSS "
            f"{f(m.get('rss_max_mb'))} MB); JVM options as above.",
            f"Service log: {f(m.get('service_log_mb'))} MB written, {f(m.get('service_errors'))} ERROR and "
            f"{f(m.get('service_warns'))} WARN lines."]


def list_rows(p):
    out = []
    for x in p.get("lists", []):
        if x.get("ok") == 1:
            result = "complete"
        else:
            why = []
            if x.get("error", "-") != "-":
                why.append(str(x.get("error")))
            if x.get("status") != 200:
                why.append(f"HTTP {x.get('status')}")
            elif x.get("complete") != 1:
                why.append("body incomplete")
            result = "**FAILED**: " + (", ".join(why) or f"{x.get('items')} of {p.get('expect')} items")
        out.append(f"| {x.get('n')} | {x.get('status')} | {f(x.get('seconds'))} | {f(x.get('ttfb'))} | {x.get('items')} | "
                   f"{x.get('ids')} | {(num(x.get('bytes')) or 0) / 1048576:.1f} | {result} |")
    if p.get("bodies"):
        out += ["", "Answers that were not 200 (start of the body):", ""] + [f"- `{b}`" for b in p["bodies"]]
    return out


def big_phase_lines(p, s):
    return [f"- Phase: {f(p.get('secs'))} s; service peak RSS **{f(p.get('rss_mb'))} MB** ({p.get('rss_how')}; sampled "
            f"max {f(p.get('rss_sampled_mb'))} MB); service CPU {f(p.get('app_cores'))} cores.",
            f"- Liveness: {f(p.get('health_bad'))} of {f(p.get('health_polls'))} polls not 200 within "
            f"{s.get('HEALTH_TIMEOUT')} s (by answer: {p.get('health_kinds')}; first: {p.get('health_first_bad')}; "
            f"slowest answer {f(p.get('health_max_ms'))} ms).",
            f"- Service log during the phase: {f(p.get('log_errors'))} ERROR lines, {f(p.get('log_oom'))} lines naming "
            f"OutOfMemoryError. Afterwards: {p.get('after')}."]


def stress(d):
    P, s = d["phases"], d["settings"]
    if s.get("STRESS") != "1" or "unpaged" not in P:
        return []
    u, g, pg = P.get("unpaged", {}), P.get("unpaged_get", {}), P.get("pages", {})
    head = "| # | HTTP status | seconds | first byte s | items | distinct ids | MB | result |"
    bar = "|---:|---:|---:|---:|---:|---:|---:|---|"
    out = ["", f"## Unpaged LIST of {s.get('UNPAGED_GATEWAYS')} gateways, {s.get('UNPAGED_LISTS')} at once, with GET "
           "load beside", "",
           f"Organization orgu holds {s.get('UNPAGED_GATEWAYS')} small gateways (seeded with orgl's in "
           f"{f(P.get('seed', {}).get('stress_s'))} s, on top of the size sweep's last table). {s.get('UNPAGED_LISTS')} "
           "clients start `GET /v1alpha1/inference/gateways` (no pageSize) at the same instant and stream the answer, "
           "counting items and distinct ids without holding the body; each is cut after "
           f"{s.get('UNPAGED_TIMEOUT')} s. Meanwhile wrk GETs random gateways (1 thread, "
           f"{s.get('UNPAGED_GET_CONNECTIONS')} connections) and /q/health/live is polled every "
           f"{s.get('HEALTH_INTERVAL')} s.", "", head, bar] + list_rows(u) + [""] + big_phase_lines(u, s)
    out.insert(len(out) - 2, f"- GET meanwhile: {f(g.get('rps'))} req/s, p50 {f(g.get('p50_ms'))} ms, **p99 "
               f"{f(g.get('p99_ms'))} ms**, max {f(g.get('max_ms'))} ms, {f(g.get('errors'))} errors "
               f"({f(g.get('err_timeout'))} timeouts of 10 s, {f(g.get('err_status'))} non-2xx).")
    out += ["", f"## {s.get('LIMIT_PAGES')} concurrent pages of {s.get('LIMIT_PAGE_SIZE')} gateways at the size limits", "",
            f"Organization orgl holds {s.get('LIMIT_GATEWAYS')} gateways with every list at its maximum "
            f"({P.get('seed', {}).get('template_bytes', {}).get('l')} bytes each as GET answers them). "
            f"{s.get('LIMIT_PAGES')} clients GET `?pageSize={s.get('LIMIT_PAGE_SIZE')}` at the same instant (expecting "
            f"{pg.get('expect')} items each; cut after {s.get('LIMIT_TIMEOUT')} s).", "", head, bar]
    return out + list_rows(pg) + [""] + big_phase_lines(pg, s)


def watch(d):
    P, s = d["phases"], d["settings"]
    w = P.get("watch")
    if s.get("WATCH") != "1" or not w:
        return []
    n = s.get("WATCHERS")
    out = ["", f"## Watch: {n} watchers on one instance while PATCHes run", "",
           f"On the size sweep's last table. One python process (`bench/watchers.py`) opens {n} streams `GET "
           f"/gateways?watch=true&resourceVersion=V` spread over the organizations, checks each by resourceVersion and "
           "takes latency = receive time − the event's `gateway.status.updatedAt`. PATCHes (`bench/patch_load.py`): "
           f"{s.get('WATCH_PATCHES')} at full speed without watchers, {s.get('WATCH_PACED_COUNT')} paced at "
           f"{s.get('WATCH_PACED_RATE')}/s and {s.get('WATCH_PATCHES')} at full speed with them, then without again.", ""]
    if w.get("failed"):
        out += [f"**The phase failed**: {w['failed']}", ""]
    out += ["| PATCH load | PATCHes | failed | seconds | PATCH/s | p50 ms | p99 ms | app µs/PATCH | PG µs/PATCH | app cores "
            "| machine busy | watcher process cores |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for ph, label, pyc in (("watch_without", "without watchers", None),
                           ("watch_paced", f"with watchers, paced {s.get('WATCH_PACED_RATE')}/s", w.get("py_paced_cores")),
                           ("watch_with", "with watchers, full speed", w.get("py_with_cores")),
                           ("watch_without2", "without watchers, again", None)):
        p = P.get(ph, {})
        out.append(f"| {label} | {f(p.get('sent'))} | {f(p.get('failed'))} | {f(p.get('seconds'))} | {f(p.get('rps'))} | "
                   f"{f(p.get('p50_ms'))} | {f(p.get('p99_ms'))} | {f(p.get('app_us'))} | {f(p.get('pg_us'))} | "
                   f"{f(p.get('app_cores'))} | {f(p.get('busy_pct'))}% | {f(pyc) if pyc is not None else '-'} |")
    a, b, c = (num(P.get(k, {}).get("rps")) for k in ("watch_with", "watch_without", "watch_without2"))
    r = round(2 * a / (b + c), 2) if None not in (a, b, c) and b + c > 0 else None
    s1, s2 = w.get("seg1", {}), w.get("seg2", {})
    out += ["", f"- PATCH throughput with the watchers: **{f(r)} ×** the mean without them.",
            f"- Completeness: **{f(w.get('complete'))} of {n}** watchers received every event of their organization once "
            f"and in order: {f(w.get('missing'))} versions missing, {f(w.get('duplicates'))} duplicates, "
            f"{f(w.get('errors'))} ERROR events, {f(w.get('ended'))} streams ended by the service, {f(w.get('status_bad'))} "
            f"refused; {f(w.get('events'))} change events of {f(w.get('expected'))} expected; {f(w.get('bookmarks'))} "
            f"BOOKMARKs ({f(w.get('bookmark_mismatch'))} not at the watcher's version). Connected in "
            f"{f(w.get('connect_seconds'))} s.", "",
            "| latency from the change to delivery | events | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|",
            f"| paced PATCHes | {f(s1.get('events'))} | {f(s1.get('p50_ms'))} | {f(s1.get('p99_ms'))} | {f(s1.get('max_ms'))} |",
            f"| full-speed PATCHes | {f(s2.get('events'))} | {f(s2.get('p50_ms'))} | {f(s2.get('p99_ms'))} | {f(s2.get('max_ms'))} |",
            "", f"- Service RSS idle: **{f(w.get('rss_idle_without'))} MB without watchers, {f(w.get('rss_idle_with'))} MB "
            f"with {n} connected**; peak during the PATCH loads with them {f(w.get('rss_peak'))} MB (VmHWM, reset after "
            f"they connected), {f(w.get('rss_after_with'))} MB after.",
            f"- Service idle with the watchers connected: {f(P.get('watch_idle', {}).get('app_cores'))} cores. Watcher "
            f"process: {f(w.get('py_idle_cores'))} cores idle, {f(w.get('py_paced_cores'))} paced, "
            f"{f(w.get('py_with_cores'))} at full speed; {f(w.get('cpu_s'))} s of CPU, {f(w.get('maxrss_mb'))} MB RSS.",
            f"- Service log during the phase: {f(w.get('log_errors'))} ERROR and {f(w.get('log_warns'))} WARN lines."]
    return out


def pickup(d):
    P, s = d["phases"], d["settings"]
    if s.get("PICKUP") != "1" or "pickup_on" not in P:
        return []
    out = ["", "## Rollout pickup: accepted PATCH to the first zone step", "",
           f"`rollout_zone_pickup_seconds` from /q/metrics over {int(s.get('PICKUP_RATE', 0)) * int(s.get('PICKUP_SECONDS', 0))} "
           f"PATCHes paced at {s.get('PICKUP_RATE')}/s (4 connections, 3 zones each), with the wake-up on (PostgreSQL "
           "NOTIFY) and off (the next 200 ms poll). The service is restarted for each, and the metrics are read when "
           "Micrometer's rolling window holds exactly the measured series (\"window clean\"); quantiles are HdrHistogram "
           "approximations (about ±6 %).", "",
           "| wake-up | PATCHes (failed) | samples (expected) | p50 ms | p99 ms | mean ms | max ms | window | warm-up | start-up s |",
           "|---|---:|---:|---:|---:|---:|---:|---|---|---:|"]
    for k in ("on", "off"):
        p = P.get(f"pickup_{k}", {})
        out.append(f"| {k} | {f(p.get('sent'))} ({f(p.get('failed'))}) | {f(p.get('samples'))} ({f(p.get('expected'))}) | "
                   f"{f(p.get('p50_ms'))} | {f(p.get('p99_ms'))} | {f(p.get('mean_ms'))} | {f(p.get('max_ms'))} | "
                   f"{'clean' if p.get('window_clean') else 'NOT clean'} | {p.get('warm')} | {f(p.get('startup_s'))} |")
    return out


def disconnects(d):
    p = d["phases"].get("disconnect", {})
    return ["", "## Clients that go away mid-list", "",
            f"Twice a LIST load (`list.lua`, {d['settings'].get('CONNECTIONS')} connections, 3 s) that wrk ends by "
            f"closing its connections with lists in flight ({f(p.get('requests'))} lists answered in all); then the "
            f"reactive pool's connections in use on the idle service (least of 3 readings): **{f(p.get('before'))} "
            f"before, {f(p.get('after1'))} after the first, {f(p.get('after2'))} after the second**; readiness "
            f"afterwards: {f(p.get('ready'))}. Any connection in use on an idle service is one leaked."]


def profiles(d):
    out = []
    for name, p in d["phases"].items():
        prof = p.get("profile") if isinstance(p, dict) else None
        if not prof:
            continue
        if not out:
            out = ["", "## Profiles (JFR, `BENCH_JFR`)"]
        out += ["", f"### {name}", "", f"{prof.get('samples')} execution samples; GC: {prof.get('gc_count')} collections "
                f"{prof.get('gc_by_name')}, {prof.get('gc_pause_total_ms')} ms paused in all, longest "
                f"{prof.get('gc_pause_max_ms')} ms.", "", "| own samples % | method |", "|---:|---|"]
        out += [f"| {v} | `{k}` |" for k, v in prof.get("own_top", [])[:12]]
        out += ["", "| samples including callees % | service method |", "|---:|---|"]
        out += [f"| {v} | `{k}` |" for k, v in prof.get("service_inclusive_top", [])[:12]]
    return out
