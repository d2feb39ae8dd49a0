"""What every phase shares: the settings, the raw results, the service, the database, the work directory, and the
CPU accounting and backlog drain that most phases use."""
import os
import time

import procstat
from util import log


class Context:
    def __init__(self, settings, raw, service, work, run_id):
        self.s, self.raw, self.svc, self.work, self.run_id = settings, raw, service, work, run_id
        self.db = None
        self.pg_pm = None
        self.ids_get = os.path.join(work, "ids_get.txt")
        self.ids_patch = os.path.join(work, "ids_patch.txt")
        self.background = []     # processes a phase started in the background (ended at exit)

    def path(self, name):
        return os.path.join(self.work, name)

    def snapshot(self):
        return procstat.snapshot(self.svc.pid if self.svc.alive() else None, self.pg_pm)

    def account(self, phase, before, requests, after=None):
        """CPU of the service and of PostgreSQL since `before`, per request, into the phase's figures."""
        figures = procstat.account(before, after or self.snapshot(), requests, self.pg_pm is not None)
        return self.raw.put(phase, **figures)

    def gc(self, phase, before, requests):
        """The GC work of a phase from two gc_snapshot()s: KB allocated and bytes promoted per request (properties of
        the code path, steady however loaded the machine is), minor and major collections and their pauses."""
        after = self.svc.gc_snapshot()
        if not before or not after:
            return
        d = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
        req = requests or 0
        self.raw.put(phase, gc_minor=int(d.get("minor_count", 0)), gc_major=int(d.get("major_count", 0)),
                     gc_pause_ms=round(1000 * (d.get("minor_sum", 0) + d.get("major_sum", 0)), 1),
                     alloc_kb_per_req=round(d.get("alloc", 0) / 1024 / req, 1) if req else None,
                     promoted_b_per_req=round(d.get("promoted", 0) / req) if req else None)

    def drain(self, label):
        """Waits (bounded, DRAIN_TIMEOUT) until no zone work is due; records and returns the seconds or 'timeout'."""
        t0 = time.monotonic()
        p = self.db.pending_zones()
        while p and time.monotonic() - t0 < self.s.drain_timeout:
            time.sleep(0.2)
            p = self.db.pending_zones()
        secs = round(time.monotonic() - t0, 1)
        if p:
            log(f"drain after {label}: {p} zone rows still due after {secs}s (timeout)")
            value = {"seconds": secs, "timeout": True, "left": p}
        else:
            log(f"drain after {label}: backlog gone in {secs}s")
            value = {"seconds": secs, "timeout": False, "left": 0}
        self.raw.phase("drain")[label] = value
        return value

    def incl_drain(self, phase):
        """CPU per request from the phase's start to the end of its backlog's drain (the rollout work included)."""
        p = self.raw.phase(phase)
        figures = procstat.account(p["snap0"], self.snapshot(), p.get("requests"), self.pg_pm is not None)
        figures["drain_timed_out"] = self.raw.phase("drain").get(phase, {}).get("timeout", False)
        self.raw.put(phase + "_incl", **figures)
