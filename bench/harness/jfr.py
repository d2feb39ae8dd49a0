"""Optional JFR profile of named phases (BENCH_JFR=get,get_100000_1,...): a recording (settings=profile) is started
with jcmd before the phase and dumped after it; the raw file gets a summary: the hottest methods by own samples,
the hottest service methods including callees, and the GC pauses during the phase."""
import os
import re
import subprocess
import time

from util import log

FRAME = re.compile(r"^\s+([\w$.<>/]+)\(")


def start(ctx, phase):
    if phase not in ctx.s.jfr or not ctx.svc.alive():
        return False
    p = subprocess.run(["jcmd", str(ctx.svc.pid), "JFR.start", f"name={phase}", "settings=profile"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        log(f"WARNING: JFR.start for {phase} failed: {p.stdout[-300:]} {p.stderr[-300:]}")
        return False
    return True


def _events(path, event):
    p = subprocess.run(["jfr", "print", "--events", event, path], capture_output=True, text=True)
    return p.stdout


def summarize(path, top=15):
    own, incl, samples = {}, {}, 0
    stack, in_stack = [], False
    for line in _events(path, "jdk.ExecutionSample").splitlines():
        if "stackTrace = [" in line:
            in_stack, stack = True, []
            continue
        if in_stack:
            m = FRAME.match(line)
            if m:
                stack.append(m.group(1))
                continue
            if line.strip().startswith("]") or line.strip() == "...":
                if line.strip().startswith("]"):
                    in_stack = False
                    if stack:
                        samples += 1
                        own[stack[0]] = own.get(stack[0], 0) + 1
                        for f in set(stack):
                            if f.startswith("dev.inference."):
                                incl[f] = incl.get(f, 0) + 1
    gcs = []
    for block in _events(path, "jdk.GarbageCollection").split("jdk.GarbageCollection")[1:]:
        name = re.search(r'name = "([^"]+)"', block)
        pause = re.search(r"sumOfPauses = ([\d.]+) (ms|s|us)", block)
        if pause:
            v = float(pause.group(1)) * {"ms": 1, "s": 1000, "us": 0.001}[pause.group(2)]
            gcs.append((name.group(1) if name else "?", v))

    def pct(d):
        return [[k, round(100 * v / samples, 1)] for k, v in sorted(d.items(), key=lambda kv: -kv[1])[:top]]

    return {"samples": samples, "own_top": pct(own) if samples else [], "service_inclusive_top": pct(incl) if samples else [],
            "gc_count": len(gcs), "gc_pause_total_ms": round(sum(v for _, v in gcs), 1),
            "gc_pause_max_ms": round(max((v for _, v in gcs), default=0), 1),
            "gc_by_name": {n: sum(1 for g, _ in gcs if g == n) for n in {g for g, _ in gcs}}}


def stop(ctx, phase, started):
    if not started:
        return
    path = ctx.path(f"{phase}.jfr")
    p = subprocess.run(["jcmd", str(ctx.svc.pid), "JFR.stop", f"name={phase}", f"filename={path}"],
                       capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(path):
        log(f"WARNING: JFR.stop for {phase} failed: {p.stdout[-300:]}")
        return
    summary = summarize(path)
    ctx.raw.put(phase, profile=summary)
    log(f"{phase}: JFR {summary['samples']} samples, GC {summary['gc_count']} collections, "
        f"{summary['gc_pause_total_ms']} ms paused (max {summary['gc_pause_max_ms']} ms); top: "
        + ", ".join(f"{k} {v}%" for k, v in summary["own_top"][:5]))


def prime(ctx):
    """With BENCH_JFR set, one short recording right after start-up: JFR's first start loads and compiles its own
    classes (seconds of CPU), which would otherwise land in the first profiled phase; the warm-up absorbs it."""
    if not ctx.s.jfr:
        return
    pid = str(ctx.svc.pid)
    subprocess.run(["jcmd", pid, "JFR.start", "name=prime", "settings=profile"], capture_output=True)
    time.sleep(2)
    subprocess.run(["jcmd", pid, "JFR.stop", "name=prime"], capture_output=True)
