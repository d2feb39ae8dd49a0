"""CPU from /proc, for CPU time per request beside req/s.

A snapshot is (app ticks, postgres ticks, machine busy ticks, machine total ticks):
- app: utime + stime of the service process (all its threads), /proc/PID/stat;
- postgres: the whole cluster: the postmaster's own utime + stime, plus cutime + cstime (its children that already
  exited: backends of closed connections, pgbench's clients), plus utime + stime of every live child;
- machine: busy (all but idle and iowait) and total ticks of /proc/stat, summed over the CPUs.
Ticks are 1/CLK_TCK s. A process that is gone counts 0."""
import os

HZ = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count() or 1


def stat_fields(pid):
    """The fields after the command name: index 0 is field 3 (state), 1 ppid, 11 utime, 12 stime, 13/14 cutime/cstime."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except (OSError, TypeError):
        return None
    return s[s.rindex(")") + 2:].split()


def proc_ticks(pid):
    f = stat_fields(pid) if pid else None
    return int(f[11]) + int(f[12]) if f else 0


def snapshot(app_pid, pm_pid):
    app = proc_ticks(app_pid)
    pg = 0
    pm = stat_fields(pm_pid) if pm_pid else None
    if pm:
        pg = int(pm[11]) + int(pm[12]) + int(pm[13]) + int(pm[14])
        for name in os.listdir("/proc"):
            if name.isdigit():
                c = stat_fields(name)
                if c and c[1] == str(pm_pid):
                    pg += int(c[11]) + int(c[12])
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    total = sum(cpu[:8])  # user nice system idle iowait irq softirq steal (guest is already in user)
    return (app, pg, total - cpu[3] - cpu[4], total)


def account(before, after, requests, pg_known=True):
    """CPU of the service and of PostgreSQL between two snapshots: cores, machine busy %, µs per request."""
    a, g, b, t = (after[i] - before[i] for i in range(4))
    secs = t / HZ / NCPU
    req = requests or 0
    return {
        "app_cores": round(a / HZ / secs, 2) if secs > 0 else None,
        "busy_pct": round(100 * b / t) if t > 0 else None,
        "app_us": round(a / HZ * 1e6 / req) if req > 0 else None,
        "pg_us": round(g / HZ * 1e6 / req) if req > 0 and pg_known else None,
        "pg_cores": round(g / HZ / secs, 2) if secs > 0 and pg_known else None,
    }
