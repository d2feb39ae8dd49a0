#!/usr/bin/env bash
# Benchmark harness of the gateway control plane: a thin wrapper around the Python program in bench/harness/
# (stdlib only; one module per phase). See bench/README.md.
#
#   bench/run.sh                        # full run (~25-35 minutes): bench/results/latest.md, latest-raw.json,
#                                       # and the targets table in docs/benchmarks.md
#   BENCH_SMOKE=1 bench/run.sh          # smoke run (~6 minutes, small sizes): /tmp/bench-smoke.md
#   bench/run.sh report RAW.json [OUT.md] [--docs docs/benchmarks.md]   # the report again, from a saved raw file
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONDONTWRITEBYTECODE=1
if [ "${1:-}" = report ]; then
  shift
  exec python3 bench/harness/report.py "$@"
fi
exec python3 bench/harness/main.py "$@"
