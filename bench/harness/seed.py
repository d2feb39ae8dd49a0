"""Seed phase: schema check, template gateways made through the API, and the schema-agnostic clone in SQL.

The harness never writes the service's rows or JSON documents by hand: templates.py creates template gateways through
the API and waits until they are READY; sql/stash.sql keeps copies of their rows; sql/seed.sql clones them (only id,
created_at, updated_at and gateway_zone.gateway_id are named). Each (re)seed empties the tables first."""
import glob
import re
import subprocess
import sys
import time

from util import BenchError, log

# Columns the harness's own monitoring queries name (backlog drain, time-to-READY); the ceiling scripts declare
# theirs in "-- needs: table(col, ...)" lines.
HARNESS_NEEDS = "gateway(id, organization_id, status, created_at, updated_at) gateway_zone(gateway_id, next_attempt_at)"
SPEC = re.compile(r"([a-z_]+)\(([^)]*)\)")


def check_needs(db, source, spec):
    problems = []
    for table, cols in SPEC.findall(spec):
        have = db.columns(table)
        if not have:
            problems.append(f"{source}: table {table} no longer exists")
            continue
        missing = [c.strip() for c in cols.split(",") if c.strip() and c.strip() not in have]
        if missing:
            problems.append(f"{source}: table {table} has no column(s) {' '.join(missing)} (it has: {' '.join(have)})")
    return problems


def sql_lines(path, tag):
    with open(path) as f:
        return " ".join(line[len(f"-- {tag}: "):].strip() for line in f if line.startswith(f"-- {tag}: "))


def check_schema(ctx):
    problems = check_needs(ctx.db, "harness monitoring queries", HARNESS_NEEDS)
    for path in sorted(glob.glob("bench/sql/pg_*.sql")):
        problems += check_needs(ctx.db, path, sql_lines(path, "needs"))
    if problems:
        raise BenchError("the schema no longer matches what the harness names; update the scripts:\n"
                         + "\n".join(problems))
    # pg_select.sql names every gateway column, read ("needs") or not read by the service's GET ("ignores"): a new
    # column it does not know of may make the GET ceiling too cheap.
    known = set()
    for tag in ("needs", "ignores"):
        for table, cols in SPEC.findall(sql_lines("bench/sql/pg_select.sql", tag)):
            if table == "gateway":
                known |= {c.strip() for c in cols.split(",")}
    unknown = [c for c in ctx.db.columns("gateway") if c not in known]
    note = None
    if unknown:
        note = (f"gateway has column(s) {' '.join(unknown)} that bench/sql/pg_select.sql neither reads nor ignores: "
                "if the service's GET reads them, update the ceiling scripts")
        log("WARNING: " + note)
    ctx.raw.put("schema", note=note)
    log("schema check: every column the ceiling scripts and monitoring queries name exists")


def make_templates(ctx):
    """One small template per organization org0.. (kind org), and with STRESS one small of orgu (u) and one at the
    size limits of orgl (l); recorded in bench.tpl and stashed (sql/stash.sql)."""
    s = ctx.s
    args = [f"org{o}:tok{o}:small" for o in range(s.orgs)]
    if s.stress:
        args += ["u:toku:small", "l:tokl:limits"]
    log(f"creating {len(args)} template gateways through the API")
    p = subprocess.run([sys.executable, "bench/templates.py", str(s.bench_port), "120", *args], capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise BenchError("template gateways failed: " + p.stderr[-2000:])
    values, sizes = [], {}
    for line in p.stdout.splitlines():
        label, gid, size = line.split()
        kind, slot = ("org", int(label[3:])) if label.startswith("org") else (label, 0)
        values.append(f"('{kind}', {slot}, '{gid}')")
        sizes[kind] = int(size)
    ctx.db.q("SET client_min_messages = warning", "DROP SCHEMA IF EXISTS bench CASCADE", "CREATE SCHEMA bench",
             "CREATE TABLE bench.tpl (kind text, slot int, id uuid)",
             "INSERT INTO bench.tpl VALUES " + ", ".join(values))
    ctx.db.file("bench/sql/stash.sql")
    ctx.raw.put("seed", template_bytes=sizes)
    log(f"templates READY and stashed: GET answer bytes {sizes}")


def clone(ctx, kind, prefix, n):
    ctx.db.file("bench/sql/seed.sql", kind=kind, prefix=prefix, n=n)


def seed(ctx, n, pool):
    """Empties the tables, clones n gateways over the organizations, VACUUM ANALYZE, writes the id files; seconds."""
    t0 = time.monotonic()
    # the change history (gateway_event, watch_clock) has no foreign key to gateway: emptied with it, if it exists
    history = ctx.db.q("SELECT string_agg(', ' || table_name, '') FROM information_schema.tables "
                       "WHERE table_schema = 'public' AND table_name IN ('gateway_event', 'watch_clock')")
    ctx.db.q("SET client_min_messages = warning", f"TRUNCATE gateway{history} CASCADE")
    clone(ctx, "org", "bench-gw-", n)
    ctx.db.q("VACUUM ANALYZE")
    secs = round(time.monotonic() - t0, 1)
    orgs = ctx.s.orgs

    def ids(lo, hi):
        return ctx.db.q(f"SELECT md5('bench-gw-' || i)::uuid || ' tok' || (i % {orgs}) FROM generate_series({lo}, {hi}) i")

    with open(ctx.ids_get, "w") as f:       # GET pool: 1..n-pool
        f.write(ids(1, n - pool) + "\n")
    if pool > 0:                            # PATCH pool: n-pool+1..n
        with open(ctx.ids_patch, "w") as f:
            f.write(ids(n - pool + 1, n) + "\n")
    log(f"seeded {n} gateways (patch pool {pool}) in {secs}s")
    return secs


def verify_get(ctx, gid, token):
    """A seeded gateway must answer 200, STATUS_READY, converged conditions."""
    status, body = ctx.svc.request(f"/v1alpha1/inference/gateways/{gid}", 10, token)
    if status != 200 or b'"status":"STATUS_READY"' not in body:
        raise BenchError(f"seeded gateway {gid} does not read back as 200 + STATUS_READY: {body[:2000]!r}")
    if b'"status":"True","reason":"Converged"' not in body:
        raise BenchError(f"seeded gateway {gid} has no converged conditions: {body[:2000]!r}")


def verify_list(ctx, token, query):
    """A list page must answer 200 with items (every row of it goes through the mapper)."""
    p = subprocess.run([sys.executable, "bench/lists.py", str(ctx.s.bench_port), token,
                        f"/v1alpha1/inference/gateways?{query}", "1", "30", "0", "5", "5"], capture_output=True, text=True)
    out = p.stdout.splitlines()[0] if p.stdout else p.stderr
    if " status=200 " not in out or " items=0 " in out or " complete=1 " not in out:
        raise BenchError(f"list ({query}) of a seeded organization fails: {out}")


def verify_seed(ctx):
    with open(ctx.ids_get) as f:
        gid, token = f.readline().split()
    verify_get(ctx, gid, token)
    verify_list(ctx, "tok0", "pageSize=100")
    log(f"seed verified through the API: GET {gid} -> 200 STATUS_READY, list page -> 200 with items")


def dry_run(ctx):
    """Every ceiling script once, right after the seed: a schema or SQL problem fails the run in its first minute."""
    s = ctx.s
    for f in ["pg_select.sql", "pg_update.sql", "pg_patch_full.sql"]:
        p = subprocess.run(["pgbench", "-n", "-c1", "-t1", "-M", "prepared", "-f", f"bench/sql/{f}",
                            "-D", f"ngetpool={s.gateways - s.pool}", "-D", f"orgs={s.orgs}",
                            "-D", f"plo={s.gateways - s.pool + 1}", "-D", f"phi={s.gateways}", ctx.db.name],
                           capture_output=True, text=True)
        out = p.stdout + p.stderr
        if "number of failed transactions: 0" not in out or "error" in out.lower():
            raise BenchError(f"bench/sql/{f} fails against the current schema:\n{out}")


def main_seed(ctx):
    make_templates(ctx)
    secs = seed(ctx, ctx.s.gateways, ctx.s.pool)
    ctx.raw.put("seed", main_s=secs)
    verify_seed(ctx)
    dry_run(ctx)


def stress_seed(ctx):
    """orgu: UNPAGED_GATEWAYS small gateways; orgl: LIMIT_GATEWAYS at the size limits (on top of the last table)."""
    s = ctx.s
    t0 = time.monotonic()
    clone(ctx, "u", "bench-u-", s.unpaged_gateways)
    clone(ctx, "l", "bench-l-", s.limit_gateways)
    ctx.db.q("VACUUM ANALYZE")
    secs = round(time.monotonic() - t0, 1)
    ctx.raw.put("seed", stress_s=secs)
    verify_get(ctx, ctx.db.q("SELECT md5('bench-u-1')::uuid"), "toku")
    verify_get(ctx, ctx.db.q("SELECT md5('bench-l-1')::uuid"), "tokl")
    verify_list(ctx, "tokl", "pageSize=2")
    log(f"seeded orgu with {s.unpaged_gateways} and orgl with {s.limit_gateways} gateways at the size limits in {secs}s")
