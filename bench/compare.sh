#!/usr/bin/env bash
# Builds side by side on this machine, in one run: PATCH and rollout figures of each git revision given, measured in
# alternating rounds (bench/harness/compare.py). Each revision is packaged in a temporary worktree first.
#
#   bench/compare.sh 5a1fcfe 4637a1c HEAD      # -> bench/results/compare-latest.md (+ -raw.json)
#   COMPARE_ROUNDS=5 GATEWAYS=10000 bench/compare.sh A B   # more rounds, a bigger table
#
# Needs what bench/run.sh needs (PostgreSQL on 127.0.0.1:5432, java 17, psql, pgbench, wrk, python3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONDONTWRITEBYTECODE=1
[ $# -ge 2 ] || { sed -n 2,8p "$0"; exit 2; }
out="${COMPARE_OUT:-bench/results/compare-latest.md}"
builds="$(mktemp -d -t bench-builds.XXXXXX)"
trap 'for d in "$builds"/src-*; do [ -d "$d" ] && git worktree remove --force "$d"; done; rm -rf "$builds"' EXIT
args=()
for rev in "$@"; do
  label="$(git rev-parse --short "$rev")"
  echo "[compare] packaging $rev ($label)" >&2
  git worktree add --detach "$builds/src-$label" "$rev" >/dev/null
  (cd "$builds/src-$label" && ./mvnw -B -ntp -q package -DskipTests -Dquarkus.container-image.build=false >&2)
  mv "$builds/src-$label/target/quarkus-app" "$builds/app-$label"
  git worktree remove --force "$builds/src-$label"
  args+=("$label=$builds/app-$label")
done
python3 bench/harness/compare.py "$out" "${args[@]}"
