#!/usr/bin/env python3
"""Report phase: the markdown report, made from the raw results (JSON) alone, so it can be made again from a saved
raw file:

  python3 bench/harness/report.py bench/results/latest-raw.json [OUT.md] [--docs docs/benchmarks.md]

writes OUT.md (default: the raw file's name without -raw.json, .md) and, with --docs, replaces the block between
<!-- bench:table:start --> and <!-- bench:table:end --> of that page with the targets table."""
import os
import sys

import report_more
import targets
from report_more import f
from results import load
from util import ratio

START, END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"


def row(P, phase, label, extra):
    p = P.get(phase, {})
    errors = p.get("errors", p.get("failed", 0))
    return (f"| {label} | {f(p.get('rps'))} | {f(p.get('p50_ms'))} | {f(p.get('p99_ms'))} | {f(errors)} | "
            f"{f(p.get('app_us'))} | {f(p.get('pg_us'))} | {f(p.get('app_cores'))} | {f(p.get('busy_pct'))}% | {extra} |")


def header(d):
    m, s, P = d["meta"], d["settings"], d["phases"]
    sizes = P.get("seed", {}).get("template_bytes", {})
    out = ["# Benchmark results", "",
           f"- Date: {m.get('date')}", f"- Machine: {m.get('machine')}",
           f"- Java: {m.get('java')}; service JVM options: `{s.get('JAVA_OPTS')}`, MALLOC_ARENA_MAX="
           f"{s.get('MALLOC_ARENA_MAX') or 'unset'} (the production settings unless overridden)",
           f"- PostgreSQL: {m.get('postgres')} (127.0.0.1:5432, same machine); wrk {m.get('wrk')}; {m.get('pgbench')}",
           f"- Service: commit {m.get('git_rev')} (src/ and pom.xml last changed in {m.get('src_rev')}; "
           f"{m.get('src_dirty_files')} uncommitted files under them at run time), jar built {m.get('jar_built')}; "
           f"started with ROLLOUT_DRIVER=simulated and the bench's own quotas (none per second, 10,000,000 gateways "
           f"per organization)",
           f"- Load average (1/5/15 min): {m.get('load_start')} at start, {m.get('load_end')} at the end"
           + (f"; 1-minute load during the run (every 10 s): mean {m.get('load_during_mean')}, max "
              f"{m.get('load_during_max')}" if m.get("load_during_max") is not None else "") + "; other "
           f"Maven/test processes on the machine: {m.get('others_start')} at start, {m.get('others_end')} at the end "
           f"(anything above ~0.3 load or any such process at start means the 2 cores were shared)",
           f"- Command: `{m.get('command')}`",
           f"- Settings: {s.get('GATEWAYS')} gateways over {s.get('ORGS')} organizations ({s.get('patch_pool_used')} "
           f"reserved for PATCH), {s.get('THREADS')} wrk threads / pgbench jobs, {s.get('CONNECTIONS')} connections, "
           f"{s.get('BENCH_DURATION')} per phase; rollout simulated latency "
           f"{s.get('rollout', {}).get('ROLLOUT_SIMULATED_LATENCY')}, jitter {s.get('rollout', {}).get('ROLLOUT_SIMULATED_JITTER')}",
           f"- Seed: template gateways created through the API (READY; small: {sizes.get('org')}-byte GET answer"
           + (f", at the size limits: {sizes.get('l')} bytes" if sizes.get("l") else "")
           + f"), their rows cloned in SQL (`bench/sql/seed.sql`); {s.get('GATEWAYS')} gateways seeded in "
             f"{P.get('seed', {}).get('main_s')} s"]
    if P.get("schema", {}).get("note"):
        out.append(f"- **Schema note**: {P['schema']['note']}")
    return out


def operations(d):
    P, s = d["phases"], d["settings"]
    g, http = P.get("get", {}), P.get("http_live", {})
    dr = P.get("drain", {})
    ds = (lambda k: ("timeout" if dr.get(k, {}).get("timeout") else f(dr.get(k, {}).get("seconds"))))
    pool = ", ".join(f"{k} {f(v.get('pool_active'))}" for k, v in P.items()
                     if isinstance(v, dict) and v.get("script") and "pool_active" in v and not k.startswith("disconnect"))
    incl = (lambda k: f"app {f(P.get(k + '_incl', {}).get('app_us'))} µs + PG {f(P.get(k + '_incl', {}).get('pg_us'))} µs"
            + (" (drain timed out: a lower bound)" if P.get(k + "_incl", {}).get("drain_timed_out") else ""))
    out = ["", f"## Operations at {s.get('GATEWAYS')} gateways ({s.get('CONNECTIONS')} connections, closed loop)", "",
           "CPU per request: the service's utime + stime (`/proc/PID/stat`) and the whole PostgreSQL cluster's "
           "(postmaster, live children, reaped children) over the phase, divided by the phase's requests.", "",
           "| operation | req/s | p50 ms | p99 ms | errors | app µs/req | PG µs/req | app cores | machine busy | vs ceiling |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
           row(P, "get", "GET /gateways/{id}", f"{f(ratio(g.get('rps'), http.get('rps')))} × HTTP ceiling; "
               f"{f(ratio(g.get('rps'), P.get('pg_select_prepared', {}).get('rps')))} × pgbench select (prepared)"),
           row(P, "list", "LIST first page of 100", f"{f(ratio(P.get('list', {}).get('rps'), g.get('rps')))} × GET; "
               f"{f(ratio(P.get('list', {}).get('rps'), http.get('rps')))} × HTTP ceiling"),
           row(P, "patch", "PATCH full spec (real change)",
               f"{f(ratio(P.get('patch', {}).get('rps'), P.get('pg_update', {}).get('rps')))} × pgbench lock+update; "
               f"{f(ratio(P.get('patch', {}).get('rps'), P.get('pg_patch_full', {}).get('rps')))} × pgbench full PATCH SQL"),
           row(P, "create", "POST create (3 zones)", f"{f(ratio(P.get('create', {}).get('rps'), http.get('rps')))} × HTTP ceiling"),
           "", "In a closed loop every connection sends its next request when the answer to the previous one came, so at "
           "saturation the mean latency is connections / throughput (Little's law): the p99 of this table measures the "
           "queue that the client count builds, not the service's latency. The open-loop table below measures that.", "",
           "GC in each phase (the JVM's own counters from /q/metrics): " + "; ".join(
               f"{op} {f(P.get(op, {}).get('alloc_kb_per_req'))} KB allocated and {f(P.get(op, {}).get('promoted_b_per_req'))} "
               f"bytes promoted per request, {f(P.get(op, {}).get('gc_minor'))} minor + {f(P.get(op, {}).get('gc_major'))} "
               f"major collections, {f(P.get(op, {}).get('gc_pause_ms'))} ms paused"
               for op in ("get", "list", "patch", "create")) + ".", "",
           f"Including the rollout work each write leaves (CPU from the phase's start to the end of its backlog's "
           f"drain, per request of the phase): PATCH {incl('patch')}; create {incl('create')}.", "",
           f"Rollout backlog left by each write phase, drained after it (seconds): warm-up {ds('warmup')}, PATCH "
           f"{ds('patch')}, create {ds('create')} ({f(P.get('create', {}).get('rows'))} gateways in orgc after the "
           f"create phases, with the warm-up's). Order of the run: warm-up, GET, LIST, PATCH, the same open loop, time "
           f"to READY, ceilings, create (closed, then open loop), size sweep, watch, unpaged LIST, big pages, client "
           f"disconnects, pickup (restarts the service).", "",
           f"Reactive pool connections in use after each wrk phase (the service's sql_pool_active, right after the "
           f"phase; after PATCH and create once their backlog drained, least of 3 readings): {pool}."]
    if any(f"paced_{op}" in P for op in ("get", "list", "patch", "create")):
        out += ["", f"### Latency at a fixed rate (open loop, {f(s.get('PACED_FRACTION'))} × the peak above)", "",
                "`bench/open_loop.py` sends request i at start + i / rate whatever happened to the earlier ones, over as "
                "many keep-alive connections as it needs, and measures each latency from that due time to the answer's "
                "last byte (waiting for a free connection counts: no coordinated omission).", "",
                "| operation | rate due /s | answered /s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | failed | "
                "connections | app µs/req | PG µs/req | app cores | client cores | machine busy | GC pauses ms (count) |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for op in ("get", "list", "patch", "create"):
            p = P.get(f"paced_{op}")
            if p:
                out.append(f"| {op} | {f(p.get('rate'))} | {f(p.get('achieved_rps'))} | {f(p.get('p50_ms'))} | "
                           f"{f(p.get('p90_ms'))} | {f(p.get('p99_ms'))} | {f(p.get('p999_ms'))} | {f(p.get('max_ms'))} | "
                           f"{f(p.get('failed'))} | {f(p.get('connections'))} | {f(p.get('app_us'))} | "
                           f"{f(p.get('pg_us'))} | {f(p.get('app_cores'))} | {f(p.get('client_cores'))} | "
                           f"{f(p.get('busy_pct'))}% | {f(p.get('gc_pause_ms'))} "
                           f"({f((p.get('gc_minor') or 0) + (p.get('gc_major') or 0))}) |")
    return out


def warmup_and_ceilings(d):
    P, s = d["phases"], d["settings"]
    w = P.get("warmup", {})
    out = ["", "## Warm-up", "",
           f"Mixed traffic (4 GET, 4 LIST, 1 PATCH, 1 POST per 10) in windows of {s.get('WARMUP_WINDOW')} until the last "
           f"{s.get('WARMUP_STEADY')} windows' app CPU per request agree within {s.get('WARMUP_TOLERANCE')}% (max − min "
           f"over mean), at most {s.get('WARMUP_MAX')}: **{'steady' if w.get('steady') else 'not steady'}** after "
           f"{w.get('seconds')} s (spread of the last {s.get('WARMUP_STEADY')}: {f(w.get('spread_pct'))}%).", "",
           "| window | req/s | p99 ms | app µs/req | PG µs/req | app cores | machine busy |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for k, name in enumerate(w.get("windows", []), 1):
        p = P.get(name, {})
        out.append(f"| {k} | {f(p.get('rps'))} | {f(p.get('p99_ms'))} | {f(p.get('app_us'))} | {f(p.get('pg_us'))} | "
                   f"{f(p.get('app_cores'))} | {f(p.get('busy_pct'))}% |")
    out += ["", "## Ceilings (same machine, same client count, service idle)", "",
            "| ceiling | tps or req/s | p50 ms | p99 ms | errors | app µs/req | PG µs/req | app cores | machine busy | |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
            row(P, "pg_select_prepared", "pgbench GET SQL (select by key), -M prepared", "informational"),
            row(P, "pg_select_simple", "pgbench GET SQL, -M simple", "informational"),
            row(P, "pg_update", "pgbench lock (FOR NO KEY UPDATE) + update by key & version, -M prepared", "ceiling for PATCH"),
            row(P, "pg_update_notrigger", "the same, triggers off for pgbench's sessions (session_replication_role=replica)",
                "informational: cost of the change-history trigger"),
            row(P, "pg_patch_full", "pgbench the PATCH statements (lock, zone rows CTE, zone rows read, gateway update) "
                "+ trigger, -M prepared", "informational"),
            row(P, "http_live", "wrk /q/health/live (HTTP ceiling)", "ceiling for GET, create"), "",
            "pgbench p50/p99 come from a 10% sample of its per-transaction log; its \"app µs\" is the idle service's own "
            "CPU per transaction, and pgbench's own CPU is in neither column."]
    r = P.get("ready", {})
    out += ["", "## Rollout: time to READY", "",
            f"{f(r.get('count'))} gateways × 3 zones created at once (no other load; simulated driver at zero latency): "
            f"creates took {f(r.get('create_s'))} s ({f(r.get('failed'))} creates answered an error), {f(r.get('ready'))} "
            f"READY after **{f(r.get('all_ready_s'))} s** from the first create → **{f(r.get('steps_per_s'))} zone "
            f"steps/s** (polling wall time {f(r.get('wall_s'))} s); per gateway created and converged: app "
            f"{f(r.get('app_us'))} µs, PG {f(r.get('pg_us'))} µs."]
    return out


def target_table(d, where="docs/benchmarks.md"):
    out = ["| target | figure | target | result |", "|---|---|---|---|"]
    for t in targets.evaluate(d):
        tag = {"former": f" *(former target: see {where})*", "proposed": f" *(proposed: see {where})*"}.get(t["kind"], "")
        out.append(f"| {t['name']}{tag} | {t['figure']} | {t['target']} | {'PASS' if t['ok'] else '**MISS**'} |")
    return out


def render(d):
    lines = header(d) + operations(d) + warmup_and_ceilings(d) + report_more.scale(d) + report_more.memory(d)
    lines += report_more.stress(d) + report_more.watch(d) + report_more.pickup(d) + report_more.disconnects(d)
    lines += report_more.profiles(d)
    lines += ["", "## Targets", "", "Every target, met or missed, computed from this run's raw results.", ""]
    lines += target_table(d)
    lines += ["", "Raw results of this run (every figure above, and the tools' own outputs): the `-raw.json` file next "
              "to this one; `python3 bench/harness/report.py` on it makes this report again."]
    return "\n".join(lines) + "\n"


def docs_block(d):
    m = d["meta"]
    rows = targets.evaluate(d)
    missed = sum(1 for t in rows if not t["ok"])
    head = [START, "", f"Generated by `bench/run.sh` from the run of {m.get('date')} on commit {m.get('git_rev')} "
            f"(load average {m.get('load_start')} at start, {m.get('load_end')} at the end"
            + (f", 1-minute load during the run: mean {m.get('load_during_mean')}, max {m.get('load_during_max')}"
               if m.get("load_during_max") is not None else "") + f"): {len(rows) - missed} of "
            f"{len(rows)} targets met. Full report: [bench/results/latest.md](../bench/results/latest.md).", ""]
    return "\n".join(head + target_table(d, "below") + ["", END])


def replace_block(page, block):
    text = open(page).read() if os.path.exists(page) else ""
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(page, "w") as fh:
        fh.write(text)


def write(raw_path, out_path, docs_page=None):
    d = load(raw_path)
    with open(out_path, "w") as fh:
        fh.write(render(d))
    if docs_page:
        replace_block(docs_page, docs_block(d))


def headline(d):
    rows = targets.evaluate(d)
    return "\n".join(["=== targets"] + [f"{'PASS' if t['ok'] else 'MISS'}  {t['name']}: {t['figure']} "
                                        f"(target {t['target']})" for t in rows])


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--docs"]
    docs = sys.argv[sys.argv.index("--docs") + 1] if "--docs" in sys.argv else None
    if docs:
        args.remove(docs)
    if not args:
        sys.exit(__doc__)
    raw = args[0]
    out = args[1] if len(args) > 1 else (raw[:-9] + ".md" if raw.endswith("-raw.json") else raw + ".md")
    write(raw, out, docs)
    print(f"wrote {out}" + (f" and the block of {docs}" if docs else ""))
