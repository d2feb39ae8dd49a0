"""PostgreSQL through psql (127.0.0.1:5432, user postgres, trust auth): the run's own databases and queries."""
import os
import subprocess

from util import BenchError

PGENV = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}
os.environ.update(PGENV)


def psql(db, *args, check=True, env=None):
    """psql -qAtX in database db; returns stdout (stripped). args: -c SQL, -f FILE, -v k=v..."""
    p = subprocess.run(["psql", "-qAtX", "-v", "ON_ERROR_STOP=1", "-d", db, *args], capture_output=True, text=True,
                       env=env)
    if check and p.returncode != 0:
        raise BenchError(f"psql failed ({' '.join(args)[:200]}): {p.stderr.strip()[:2000]}")
    return p.stdout.strip()


class Db:
    """One database of the run, created fresh and dropped at exit (cleanup())."""

    created = []

    def __init__(self, run_id, suffix):
        self.name = f"bench_{run_id}_{suffix}"
        psql("postgres", "-c", f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", check=False)
        psql("postgres", "-c", f"CREATE DATABASE {self.name}")
        Db.created.append(self.name)

    def q(self, *sql):
        args = []
        for s in sql:
            args += ["-c", s]
        return psql(self.name, *args)

    def rows(self, sql):
        out = psql(self.name, "-F", " ", "-c", sql)
        return [line.split(" ") for line in out.splitlines() if line]

    def file(self, path, **variables):
        args = []
        for k, v in variables.items():
            args += ["-v", f"{k}={v}"]
        return psql(self.name, *args, "-f", path)

    def columns(self, table):
        return self.q("SELECT string_agg(column_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns "
                      f"WHERE table_schema = 'public' AND table_name = '{table}'").split()

    def pending_zones(self):
        return int(self.q("SELECT count(*) FROM gateway_zone WHERE next_attempt_at IS NOT NULL") or 0)

    @classmethod
    def cleanup(cls):
        for name in cls.created:
            psql("postgres", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", check=False)
        cls.created = []


def find_postmaster():
    """The postmaster's pid (parent of the checkpointer), for PostgreSQL's CPU; None if not visible from here."""
    ck = psql("postgres", "-c", "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'", check=False)
    try:
        with open(f"/proc/{ck}/stat") as f:
            s = f.read()
        return int(s[s.rindex(")") + 2:].split()[1])
    except (OSError, ValueError):
        return None


def server_version():
    return psql("postgres", "-c", "SHOW server_version", check=False)
