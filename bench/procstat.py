#!/usr/bin/env python3
"""CPU snapshot for run.sh: prints "<app ticks> <postgres ticks> <machine busy ticks> <machine total ticks>".

  procstat.py APP_PID POSTMASTER_PID

- app ticks: utime + stime of the service process (all its threads), from /proc/APP_PID/stat;
- postgres ticks: the whole PostgreSQL cluster: the postmaster's own utime + stime, plus cutime + cstime (the CPU of
  its children that already exited and were reaped: backends of closed connections, pgbench's clients), plus
  utime + stime of every live child (backends, walwriter, checkpointer, autovacuum...);
- machine: busy (all but idle and iowait) and total ticks of /proc/stat, summed over the CPUs.
Ticks are 1/CLK_TCK seconds. A process that is gone counts 0 (run.sh notices a dead service by itself).
"""
import os
import sys


def stat_fields(pid):
    """The fields after the command name (which may contain spaces or parentheses): index 0 is field 3 (state)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            s = f.read()
    except OSError:
        return None
    return s[s.rindex(")") + 2:].split()


def own(fields):
    return int(fields[11]) + int(fields[12])  # utime (14), stime (15)


def main():
    app_pid, pm_pid = sys.argv[1], sys.argv[2]
    f = stat_fields(app_pid)
    app = own(f) if f else 0
    pg = 0
    pm = stat_fields(pm_pid) if pm_pid not in ("", "0") else None
    if pm:
        pg = own(pm) + int(pm[13]) + int(pm[14])  # + cutime (16), cstime (17)
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            c = stat_fields(name)
            if c and c[1] == pm_pid:  # ppid (4)
                pg += own(c)
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    total = sum(cpu[:8])  # user nice system idle iowait irq softirq steal (guest is already in user)
    busy = total - cpu[3] - cpu[4]
    print(app, pg, busy, total)


if __name__ == "__main__":
    main()
