#!/usr/bin/env bash
# Benchmark harness of the gateway control plane. One command, one run: see bench/README.md.
#
#   bench/run.sh                     # full default run (~20-30 minutes), writes bench/results/latest.md
#   BENCH_SMOKE=1 bench/run.sh       # smoke run (~5 minutes, small sizes), writes /tmp/bench-smoke.md
#
# Everything it starts (the service, samplers, load generators, databases) is cleaned up at exit.
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"

# ------------------------------------------------------------------------------------------------ settings
if [ "${BENCH_SMOKE:-0}" = 1 ]; then          # small sizes and short phases; every setting can still be overridden
  : "${GATEWAYS:=1000}" "${PATCH_POOL:=200}" "${READY_GATEWAYS:=200}" "${BENCH_DURATION:=3s}"
  : "${WARMUP_WINDOW:=3s}" "${WARMUP_MAX:=15s}" "${BENCH_REWARM:=2s}" "${BENCH_SIZES:=1000 3000}"
  : "${UNPAGED_GATEWAYS:=3000}" "${UNPAGED_TIMEOUT:=30}" "${LIMIT_GATEWAYS:=60}" "${LIMIT_PAGE_SIZE:=50}"
  : "${LIMIT_TIMEOUT:=30}" "${RESULTS:=/tmp/bench-smoke.md}"
  : "${WATCHERS:=200}" "${WATCH_PATCHES:=500}" "${WATCH_PACED_COUNT:=150}" "${PICKUP_SECONDS:=10}"
fi
GATEWAYS="${GATEWAYS:-10000}"                 # seeded gateways of the main run
ORGS="${ORGS:-10}"                            # organizations they are spread over (org0..)
PATCH_POOL="${PATCH_POOL:-1000}"              # gateways reserved for PATCH (at most GATEWAYS/5)
READY_GATEWAYS="${READY_GATEWAYS:-1000}"      # gateways created for the time-to-READY test
BENCH_DURATION="${BENCH_DURATION:-20s}"       # each measured phase
WARMUP_WINDOW="${WARMUP_WINDOW:-10s}"         # warm-up runs in windows of this length...
WARMUP_STEADY="${WARMUP_STEADY:-3}"           # ...until this many last windows agree...
WARMUP_TOLERANCE="${WARMUP_TOLERANCE:-5}"     # ...within this many % of app CPU per request (max-min over mean)...
WARMUP_MAX="${WARMUP_MAX:-300s}"              # ...or this much warm-up ran ("not steady")
BENCH_REWARM="${BENCH_REWARM:-10s}"           # warm-up after each reseed of the size sweep (JVM already warm)
BENCH_SIZES="${BENCH_SIZES:-1000 10000 100000}"
STRESS="${STRESS:-1}"                         # 0 skips the unpaged-list and big-page phases
UNPAGED_GATEWAYS="${UNPAGED_GATEWAYS:-100000}" # gateways of the organization listed without pageSize
UNPAGED_LISTS="${UNPAGED_LISTS:-3}"           # unpaged lists started at once
UNPAGED_TIMEOUT="${UNPAGED_TIMEOUT:-90}"      # seconds before an unpaged list is cut and reported as failed
UNPAGED_GET_CONNECTIONS="${UNPAGED_GET_CONNECTIONS:-8}" # wrk GET load beside the lists (1 thread)
LIMIT_GATEWAYS="${LIMIT_GATEWAYS:-1200}"      # gateways at the size limits (~56 KB each) in one organization
LIMIT_PAGES="${LIMIT_PAGES:-8}"               # concurrent pages of them
LIMIT_PAGE_SIZE="${LIMIT_PAGE_SIZE:-1000}"
LIMIT_TIMEOUT="${LIMIT_TIMEOUT:-60}"
WATCH="${WATCH:-1}"                           # 0 skips the watch phase
WATCHERS="${WATCHERS:-1000}"                  # concurrent watch streams (one python process), spread over ORGS
WATCH_PATCHES="${WATCH_PATCHES:-5000}"        # full-speed PATCHes without, with, and again without the watchers
WATCH_PACED_RATE="${WATCH_PACED_RATE:-50}"    # paced PATCHes/s with the watchers (latency at a moderate rate)...
WATCH_PACED_COUNT="${WATCH_PACED_COUNT:-1000}" # ...this many
WATCH_MAX_S="${WATCH_MAX_S:-180}"             # bound of each PATCH load of the watch phase
WATCH_IDLE_S="${WATCH_IDLE_S:-5}"             # idle RSS is averaged over this many seconds
WATCH_FINISH_TIMEOUT="${WATCH_FINISH_TIMEOUT:-60}" # at the end, seconds the watchers may take to reach the final versions
PICKUP="${PICKUP:-1}"                         # 0 skips the pickup phase (it restarts the service twice)
PICKUP_RATE="${PICKUP_RATE:-20}"              # paced PATCHes/s of the pickup phase...
PICKUP_SECONDS="${PICKUP_SECONDS:-30}"        # ...for this long, once with the wake-up on, once off
HEALTH_INTERVAL="${HEALTH_INTERVAL:-0.5}"     # liveness polls during the big-list phases
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-1}"         # a poll not answered 200 within this (s) counts as a failure
RECOVER_TIMEOUT="${RECOVER_TIMEOUT:-60}"      # after a big-list phase: seconds to wait for liveness, else restart
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
BENCH_PORT="${BENCH_PORT:-18180}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-300}"         # seconds to wait for rollout backlogs to drain
READY_TIMEOUT="${READY_TIMEOUT:-300}"
# The production JVM settings of the JVM image and the Kubernetes manifests (src/main/docker/Dockerfile.jvm,
# quarkus.kubernetes.env.vars.* in application.properties): -Xms128m -Xmx128m, SerialGC, bounded native areas, and
# MALLOC_ARENA_MAX=2. Set JAVA_OPTS="-Xmx256m" MALLOC_ARENA_MAX= to measure the bare JVM defaults instead.
JAVA_OPTS="${JAVA_OPTS:--Xms128m -Xmx128m -XX:+UseSerialGC -XX:-TieredCompilation -XX:CompileThreshold=1500 -XX:TrimNativeHeapInterval=5000 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k}"
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX-2}"
BENCH_BUILD="${BENCH_BUILD:-auto}"            # auto: build only if no packaged jar; 1: always; 0: never
APP_SRC="${APP_SRC:-$REPO/target/quarkus-app}"
RESULTS="$(realpath -m "${RESULTS:-$BENCH_DIR/results/latest.md}")"
# The production service refuses to start without a key to seal stored secrets: a fresh one per run.
GATEWAY_SECRETS_KEYS="${GATEWAY_SECRETS_KEYS:-bench:$(head -c 32 /dev/urandom | base64)}"
PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export PGHOST PGPORT PGUSER
ZONES_PER_GATEWAY=3
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)

dur_s() { local d="$1"; case "$d" in *ms) echo 1;; *m) echo $(( ${d%m} * 60 ));; *s) echo "${d%s}";; *) echo "$d";; esac; }
DUR_S="$(dur_s "$BENCH_DURATION")"
WIN_S="$(dur_s "$WARMUP_WINDOW")"
WARM_MAX_S="$(dur_s "$WARMUP_MAX")"
REWARM_S="$(dur_s "$BENCH_REWARM")"

# Everything runs from the repository root with relative paths (bench/...), so that no path of this machine
# ends up in the outputs; what still names the work directory is rewritten to <work> in the saved raw file.
cd "$REPO" || exit 1
RUN_ID="$$"
WORK="$(mktemp -d /tmp/bench-run.XXXXXX)"
APP_DIR="$WORK/app"
RAW="$WORK/raw.txt"
DBS=()
APP_PID=""
SAMPLER_PID=""
BG_PIDS=()
COMMAND="$(for v in GATEWAYS ORGS PATCH_POOL READY_GATEWAYS BENCH_DURATION WARMUP_WINDOW WARMUP_STEADY WARMUP_TOLERANCE \
  WARMUP_MAX BENCH_REWARM BENCH_SIZES STRESS UNPAGED_GATEWAYS UNPAGED_LISTS UNPAGED_TIMEOUT UNPAGED_GET_CONNECTIONS \
  LIMIT_GATEWAYS LIMIT_PAGES LIMIT_PAGE_SIZE LIMIT_TIMEOUT WATCH WATCHERS WATCH_PATCHES WATCH_PACED_RATE WATCH_PACED_COUNT \
  PICKUP PICKUP_RATE PICKUP_SECONDS THREADS CONNECTIONS; do printf '%s=%q ' "$v" "${!v}"; done)bench/run.sh"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
fcalc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
now_ms() { date +%s%3N; }
sleep_until_ms() { local d=$(( $1 - $(now_ms) )); [ "$d" -gt 0 ] && sleep "$(fcalc "$d / 1000" 3)"; return 0; }

stop_app() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  SAMPLER_PID=""
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    # the service's graceful shutdown takes up to 5 s delay + 10 s timeout
    kill "$APP_PID"; for _ in $(seq 80); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$APP_PID" 2>/dev/null
  fi
  APP_PID=""
}

cleanup() {
  local rc=$?
  set +e
  for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  stop_app
  for db in "${DBS[@]}"; do psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1; done
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------------ tools
ensure_tools() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; } \
      || die "cannot install wrk"
  fi
  if ! command -v pgbench >/dev/null; then
    log "installing pgbench (postgresql-contrib)"
    apt-get install -y postgresql-contrib >/dev/null 2>&1 || die "cannot install pgbench"
  fi
  for t in psql curl java awk python3 realpath; do command -v $t >/dev/null || die "missing $t"; done
  psql -qAt -d postgres -c 'select 1' >/dev/null || die "PostgreSQL not reachable at $PGHOST:$PGPORT as $PGUSER"
}

# The postmaster of the cluster (parent of its checkpointer), for PostgreSQL's CPU; empty if not visible here.
find_postmaster() {
  local ck; ck=$(psql -qAtX -d postgres -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'" 2>/dev/null)
  [ -n "$ck" ] && [ -r "/proc/$ck/stat" ] && sed 's/.*) //' "/proc/$ck/stat" | awk '{print $2}'
}

# ------------------------------------------------------------------------------------------------ service
maven_busy() { pgrep -f "maven.multiModuleProjectDirectory=$REPO( |\$)" >/dev/null 2>&1; }

prepare_app() {
  local waited=0
  while maven_busy && [ $waited -lt 300 ]; do log "a Maven build of this repository is running; waiting"; sleep 5; waited=$((waited + 5)); done
  if [ "$BENCH_BUILD" = 1 ] || { [ "$BENCH_BUILD" = auto ] && [ ! -f "$APP_SRC/quarkus-run.jar" ]; }; then
    log "building the service (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -ntp -q package -DskipTests || die "build failed"
  fi
  [ -f "$APP_SRC/quarkus-run.jar" ] || die "no packaged service in target/quarkus-app (build with ./mvnw -B -q package -DskipTests)"
  # private copy, so a concurrent rebuild cannot change the jar under the running service
  cp -r "$APP_SRC" "$APP_DIR" || die "cannot copy the packaged service"
  APP_BUILT="$(date -u -r "$APP_SRC/app" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
}

new_db() {
  local db="bench_${RUN_ID}_$1"
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null || die "cannot create database $db"
  echo "$db"
}

TOKENS_ENV=""
make_tokens() {
  : > "$WORK/tokens.txt"
  local t=""
  for ((o = 0; o < ORGS; o++)); do t+="tok$o=org$o:admin,"; echo "tok$o" >> "$WORK/tokens.txt"; done
  t+="tokc=orgc:admin,tokr=orgready:admin,toku=orgu:admin,tokl=orgl:admin"
  TOKENS_ENV="$t"
}

start_app() {
  local db="$1"
  make_tokens
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:5432/$db" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
  QUARKUS_DATASOURCE_USERNAME=postgres \
  QUARKUS_HTTP_PORT="$BENCH_PORT" \
  GATEWAY_AUTH_TOKENS="$TOKENS_ENV" \
  GATEWAY_SECRETS_KEYS="$GATEWAY_SECRETS_KEYS" \
  ROLLOUT_SIMULATED_LATENCY="${ROLLOUT_SIMULATED_LATENCY:-0ms}" \
  ROLLOUT_SIMULATED_JITTER="${ROLLOUT_SIMULATED_JITTER:-0ms}" \
  ROLLOUT_ENABLED="${ROLLOUT_ENABLED:-true}" \
  env ${ROLLOUT_CONCURRENCY:+ROLLOUT_CONCURRENCY=$ROLLOUT_CONCURRENCY} \
  ${ROLLOUT_WAKE_ON_SIGNAL:+ROLLOUT_WAKE_ON_SIGNAL=$ROLLOUT_WAKE_ON_SIGNAL} \
  ${ROLLOUT_BATCH_SIZE:+ROLLOUT_BATCH_SIZE=$ROLLOUT_BATCH_SIZE} \
  ${MALLOC_ARENA_MAX:+MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX} \
    java $JAVA_OPTS -jar "$APP_DIR/quarkus-run.jar" >> "$WORK/service.log" 2>&1 &
  APP_PID=$!
  APP_LAUNCH_MS=$(now_ms)
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 240); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -20 "$WORK/service.log" >&2; die "service exited at start"; }
    if curl -sf "http://127.0.0.1:$BENCH_PORT/q/health/ready" >/dev/null 2>&1; then
      APP_READY_MS=$(now_ms)
      STARTUP_S=$(fcalc "$(date +%s.%N) - $t0" 1)
      log "service pid $APP_PID ready on :$BENCH_PORT after ${STARTUP_S}s (db $db)"
      start_sampler
      return 0
    fi
    sleep 0.25
  done
  die "service not ready after 60 s"
}

start_sampler() { # VmRSS of the service every 0.5 s: "<epoch ms> <kB>" lines in rss.log
  local pid="$APP_PID"
  ( while kill -0 "$pid" 2>/dev/null; do
      r=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
      [ -n "$r" ] && echo "$(date +%s%3N) $r"
      sleep 0.5
    done ) >> "$WORK/rss.log" &
  SAMPLER_PID=$!
}
rss_max_mb() { # from_ms to_ms: max sampled VmRSS in MB
  awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m { m = $2 } END { printf "%d", m / 1024 }' "$WORK/rss.log"
}
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null; }
hwm_reset() { echo 5 > "/proc/$APP_PID/clear_refs" 2>/dev/null; } # peak RSS := current RSS (Linux >= 4.0)
log_size() { stat -c %s "$WORK/service.log"; }
log_count() { # from_byte pattern: matching service log lines written since
  tail -c +"$(( $1 + 1 ))" "$WORK/service.log" | grep -c -- "$2"
}
pool_active() { # reactive pool connections in use now (the service's own sql_pool_active gauge), "?" if unknown
  curl -s -m 5 "http://127.0.0.1:$BENCH_PORT/q/metrics" 2>/dev/null | awk '/^sql_pool_active/ { v = $2 } END { if (v == "") print "?"; else printf "%d", v }'
}
ready_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$BENCH_PORT/q/health/ready" 2>/dev/null; }
live_code() { curl -s -o /dev/null -m "$HEALTH_TIMEOUT" -w '%{http_code}' "http://127.0.0.1:$BENCH_PORT/q/health/live" 2>/dev/null; }

# ------------------------------------------------------------------------------------------------ schema check
# Columns the harness names: the ceiling scripts declare theirs ("-- needs: table(col, ...)"); the harness's own
# monitoring queries (backlog drain, time-to-READY) name these. The seed names only id/created_at/updated_at.
HARNESS_NEEDS="gateway(id, organization_id, status, created_at, updated_at) gateway_zone(gateway_id, next_attempt_at)"
table_columns() { psql_db -c "SELECT string_agg(column_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$1'"; }
check_needs() { # source "table(a, b) table2(c)" -> prints problems
  local src="$1" spec="$2" tbl cols have c missing
  while read -r tbl cols; do
    [ -n "$tbl" ] || continue
    have=" $(table_columns "$tbl") "
    if [ "$have" = "  " ]; then echo "$src: table $tbl no longer exists"; continue; fi
    missing=""
    for c in ${cols//,/ }; do [[ "$have" == *" $c "* ]] || missing+=" $c"; done
    [ -n "$missing" ] && echo "$src: table $tbl has no column(s)$missing (it has:$have)"
  done < <(grep -o '[a-z_]*([^)]*)' <<<"$spec" | sed 's/(/ /; s/)//')
}
check_schema() {
  local problems f
  problems=$(check_needs "harness monitoring queries" "$HARNESS_NEEDS"
    for f in bench/sql/pg_*.sql; do check_needs "$f" "$(sed -n 's/^-- needs: //p' "$f" | tr '\n' ' ')"; done)
  [ -z "$problems" ] || die "the schema no longer matches what the harness names; update the scripts:
$problems"
  # pg_select.sql names every gateway column, as read ("-- needs:") or not read by the service's GET ("-- ignores:"):
  # a new column it does not know of may make the GET ceiling too cheap.
  local all; all=" $(table_columns gateway) "
  local read; read=" $(sed -n 's/^-- \(needs\|ignores\): gateway(\(.*\))/\2/p' bench/sql/pg_select.sql | tr -d , | tr '\n' ' ') "
  SCHEMA_NOTE=""
  for c in $all; do [[ "$read" == *" $c "* ]] || SCHEMA_NOTE+=" $c"; done
  if [ -n "$SCHEMA_NOTE" ]; then
    SCHEMA_NOTE="gateway has column(s)$SCHEMA_NOTE that bench/sql/pg_select.sql neither reads nor ignores: if the service's GET reads them, update the ceiling scripts"
    log "WARNING: $SCHEMA_NOTE"
  fi
  log "schema check: every column the ceiling scripts and monitoring queries name exists"
}

# ------------------------------------------------------------------------------------------------ data
psql_db() { psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# Template gateways, created through the API and READY, whose rows every seed clones (bench/sql/seed.sql):
# one small gateway per organization org0.. (kind "org", slot = organization index), one small gateway of orgu
# (kind "u") and one at the size limits of orgl (kind "l").
make_templates() {
  local args=() o
  for ((o = 0; o < ORGS; o++)); do args+=("org$o:tok$o:small"); done
  [ "$STRESS" = 1 ] && args+=("u:toku:small" "l:tokl:limits")
  log "creating ${#args[@]} template gateways through the API"
  python3 bench/templates.py "$BENCH_PORT" 120 "${args[@]}" > "$WORK/templates.txt" || die "template gateways failed"
  local values="" label id size kind slot
  while read -r label id size; do
    case "$label" in org*) kind=org; slot=${label#org};; *) kind=$label; slot=0;; esac
    values+="${values:+,}('$kind', $slot, '$id')"
    R[tpl.$kind.bytes]=$size
  done < "$WORK/templates.txt"
  psql_db -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS bench CASCADE" -c "CREATE SCHEMA bench" \
    -c "CREATE TABLE bench.tpl (kind text, slot int, id uuid)" -c "INSERT INTO bench.tpl VALUES $values" \
    || die "cannot record the templates"
  psql_db -f bench/sql/stash.sql || die "cannot stash the template rows"
  log "templates READY and stashed: small GET answer ${R[tpl.org.bytes]} bytes${R[tpl.l.bytes]:+, size-limits GET answer ${R[tpl.l.bytes]} bytes}"
}

clone() { # kind prefix n
  psql_db -v kind="$1" -v prefix="$2" -v n="$3" -f bench/sql/seed.sql || die "seed (clone of $3 x $1) failed"
}

seed() { # seed N POOL: empties the tables, clones N gateways over the organizations, VACUUM ANALYZE, id files
  local n="$1" pool="$2"
  local t0; t0=$(date +%s.%N)
  # the change history (gateway_event, watch_clock) has no foreign key to gateway: emptied with it, if it exists
  local history; history=$(psql_db -c "SELECT string_agg(', ' || table_name, '') FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('gateway_event', 'watch_clock')")
  psql_db -c "SET client_min_messages = warning" -c "TRUNCATE gateway$history CASCADE" || die "truncate failed"
  clone org bench-gw- "$n"
  psql_db -c "VACUUM ANALYZE" || die "vacuum failed"
  SEED_S=$(fcalc "$(date +%s.%N) - $t0" 1)
  # GET pool: 1..n-pool; PATCH pool: n-pool+1..n
  psql_db -c "SELECT md5('bench-gw-' || i)::uuid || ' tok' || (i % $ORGS) FROM generate_series(1, $((n - pool))) i" > "$WORK/ids_get.txt"
  if [ "$pool" -gt 0 ]; then
    psql_db -c "SELECT md5('bench-gw-' || i)::uuid || ' tok' || (i % $ORGS) FROM generate_series($((n - pool + 1)), $n) i" > "$WORK/ids_patch.txt"
  fi
  log "seeded $n gateways (patch pool $pool) in ${SEED_S}s"
}

verify_get() { # id token: must answer 200, STATUS_READY, converged conditions
  local body code
  body=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $2" "http://127.0.0.1:$BENCH_PORT/v1alpha1/inference/gateways/$1")
  code=${body##*$'\n'}
  if [ "$code" != 200 ] || ! grep -q '"status":"STATUS_READY"' <<<"$body"; then
    die "seeded gateway $1 does not read back as 200 + STATUS_READY: ${body:0:2000}"
  fi
  grep -q '"status":"True","reason":"Converged"' <<<"$body" || die "seeded gateway $1 has no converged conditions: ${body:0:2000}"
}
verify_list() { # token query: a list page must answer 200 with items (every row of it goes through the mapper)
  local out
  out=$(python3 bench/lists.py "$BENCH_PORT" "$1" "/v1alpha1/inference/gateways?$2" 1 30 0 5 5); out=${out%%$'\n'*}
  [[ "$out" == *" status=200 "* && "$out" != *" items=0 "* && "$out" == *" complete=1 "* ]] \
    || die "list ($2) of a seeded organization fails: $out"
}
verify_seed() {
  local line; line=$(head -1 "$WORK/ids_get.txt")
  verify_get "${line% *}" "${line#* }"
  verify_list tok0 "pageSize=100"
  log "seed verified through the API: GET ${line% *} -> 200 STATUS_READY, list page -> 200 with items"
}

pending_zones() { psql_db -c "SELECT count(*) FROM gateway_zone WHERE next_attempt_at IS NOT NULL"; }

drain() { # waits (bounded) until no zone work is due; prints the seconds it took
  local label="$1" t0 p; t0=$(date +%s.%N)
  p=$(pending_zones)
  local limit=$(( DRAIN_TIMEOUT * 5 )) i=0
  while [ "${p:-0}" != 0 ] && [ $i -lt $limit ]; do sleep 0.2; i=$((i + 1)); p=$(pending_zones); done
  local s; s=$(fcalc "$(date +%s.%N) - $t0" 1)
  if [ "${p:-0}" != 0 ]; then log "drain after $label: $p zone rows still due after ${s}s (timeout)"; echo "timeout(${p} left)";
  else log "drain after $label: backlog gone in ${s}s"; echo "$s"; fi
}

# ------------------------------------------------------------------------------------------------ measuring
declare -A R   # results: R[<phase>.<field>]
PG_PM=""

cpu_snapshot() { python3 bench/procstat.py "${APP_PID:-0}" "$PG_PM"; } # app, postgres, machine busy, machine total ticks

account() { # phase before after requests: CPU of the service and of PostgreSQL over the interval, per request
  local p="$1" a0 g0 b0 t0 a1 g1 b1 t1
  read -r a0 g0 b0 t0 <<<"$2"; read -r a1 g1 b1 t1 <<<"$3"
  read -r R["$p.app_cores"] R["$p.busy_pct"] R["$p.app_us"] R["$p.pg_us"] R["$p.pg_cores"] < <(
    awk -v a=$((a1 - a0)) -v g=$((g1 - g0)) -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v hz="$HZ" -v n="$NCPU" \
        -v req="${4:-0}" -v pm="$PG_PM" 'BEGIN {
      secs = t / hz / n
      printf "%.2f %.0f %s %s %s\n", (secs > 0 ? a / hz / secs : 0), (t > 0 ? 100 * b / t : 0),
        (req > 0 ? sprintf("%.0f", a / hz * 1e6 / req) : "n/a"),
        (req > 0 && pm != "" ? sprintf("%.0f", g / hz * 1e6 / req) : "n/a"),
        (secs > 0 && pm != "" ? sprintf("%.2f", g / hz / secs) : "n/a") }')
}

wrk_cmd() { # threads connections secs script path: runs wrk from the repository root with relative paths
  ${exec_wrk:+exec} env BENCH_LUA=bench/lua BENCH_IDS="$WORK/ids_get.txt" BENCH_PATCH_IDS="$WORK/ids_patch.txt" \
      BENCH_TOKENS="$WORK/tokens.txt" BENCH_CREATE_TOKEN=tokc BENCH_SALT="$PHASE_SALT" BENCH_DEADLINE="${WRK_DEADLINE:-}" \
      wrk -t"$1" -c"$2" -d"$3s" --timeout 10s --latency -s "bench/lua/$4" "http://127.0.0.1:$BENCH_PORT$5"
}

parse_wrk() { # phase out-file [soft]: reads the BENCH summary line into R[phase.*]
  local phase="$1" line; line=$(grep '^BENCH ' "$2" | tail -1)
  if [ -z "$line" ] && [ -n "${3:-}" ]; then # a load beside a phase that may break the service: report, go on
    log "WARNING: wrk phase $phase produced no summary"
    line="BENCH requests=0 rps=n/a p50_ms=n/a p99_ms=n/a max_ms=n/a err_status=0 err_connect=0 err_read=0 err_write=0 err_timeout=0"
  fi
  [ -n "$line" ] || { cat "$2" >&2; die "wrk phase $phase produced no summary"; }
  for kv in ${line#BENCH }; do R["$phase.${kv%%=*}"]="${kv#*=}"; done
  R["$phase.errors"]=$(( ${R[$phase.err_status]} + ${R[$phase.err_connect]} + ${R[$phase.err_read]} + ${R[$phase.err_write]} + ${R[$phase.err_timeout]} ))
}

# The scripts that list (list, warmup, warmup_read) end gracefully: wrk cutting a list that waits for a database
# connection leaks that connection in the service (see README), so they stop sending at a deadline (whole epoch
# seconds: WRK_DEADLINE, via BENCH_DEADLINE and their delay()), wrk runs 2 s longer with nothing in flight, and the
# phase counts up to the deadline: CPU snapshot 0.3 s after it, req/s over start..deadline. The others end as wrk
# ends them (-d), as before.
GRACEFUL_SCRIPTS=" list.lua warmup.lua warmup_read.lua "
run_wrk() { # phase script duration_s [url path]
  local phase="$1" script="$2" secs="$3" path="${4:-/}"
  local out="$WORK/wrk_$phase.txt" before after t0 wpid
  PHASE_SALT="$phase"
  before=$(cpu_snapshot); R["$phase.snap0"]="$before"
  if [[ "$GRACEFUL_SCRIPTS" == *" $script "* ]]; then
    t0=$(now_ms); WRK_DEADLINE=$(( (t0 + secs * 1000 + 999) / 1000 ))
    wrk_cmd "$THREADS" "$CONNECTIONS" $(( secs + 2 )) "$script" "$path" > "$out" 2>&1 &
    wpid=$!
    sleep_until_ms $(( WRK_DEADLINE * 1000 + 300 ))
    after=$(cpu_snapshot)
    wait "$wpid"
    R["$phase.effective_s"]=$(fcalc "($WRK_DEADLINE * 1000 - $t0) / 1000" 3)
    WRK_DEADLINE=""
  else
    wrk_cmd "$THREADS" "$CONNECTIONS" "$secs" "$script" "$path" > "$out" 2>&1
    after=$(cpu_snapshot)
  fi
  { echo "=== wrk $phase ($script, ${secs}s${R[$phase.effective_s]:+; graceful end: counted over ${R[$phase.effective_s]}s up to the deadline})"; cat "$out"; } >> "$RAW"
  parse_wrk "$phase" "$out"
  [ -n "${R[$phase.effective_s]:-}" ] && R["$phase.rps"]=$(fcalc "${R[$phase.requests]} / ${R[$phase.effective_s]}" 1)
  R["$phase.pool_active"]=$(pool_active)
  account "$phase" "$before" "$after" "${R[$phase.requests]}"
  log "$phase: ${R[$phase.rps]} req/s  p50 ${R[$phase.p50_ms]} ms  p99 ${R[$phase.p99_ms]} ms  errors ${R[$phase.errors]}  app ${R[$phase.app_us]} µs/req  PG ${R[$phase.pg_us]} µs/req  (app ${R[$phase.app_cores]} cores, machine ${R[$phase.busy_pct]}% busy)"
}

incl_drain() { # phase: CPU per request from the phase's start to the end of its backlog's drain
  account "$1_incl" "${R[$1.snap0]}" "$(cpu_snapshot)" "${R[$1.requests]}"
  [[ "${R[drain.$1]}" == timeout* ]] && R[$1_incl.note]=" (drain timed out: a lower bound)"
}

# Warm-up in windows until app CPU per request is steady: the last WARMUP_STEADY windows within WARMUP_TOLERANCE %
# (max - min over their mean), or WARMUP_MAX reached.
WARM_WINDOWS=0
warmup() {
  local total=0 spread="n/a"
  R[warmup.steady]="not steady"
  while :; do
    WARM_WINDOWS=$((WARM_WINDOWS + 1))
    run_wrk "warm$WARM_WINDOWS" warmup.lua "$WIN_S"
    total=$((total + WIN_S))
    if [ "$WARM_WINDOWS" -ge "$WARMUP_STEADY" ]; then
      local vals="" k
      for ((k = WARM_WINDOWS - WARMUP_STEADY + 1; k <= WARM_WINDOWS; k++)); do vals+="${R[warm$k.app_us]} "; done
      spread=$(awk -v v="$vals" 'BEGIN { n = split(v, a, " "); mn = a[1]; mx = a[1]; s = 0
        for (i = 1; i <= n; i++) { if (a[i] !~ /^[0-9.]+$/) { print "n/a"; exit } s += a[i]; if (a[i] < mn) mn = a[i]; if (a[i] > mx) mx = a[i] }
        printf "%.1f", (s > 0 ? 100 * (mx - mn) / (s / n) : 0) }')
      if [[ "$spread" =~ ^[0-9.]+$ ]] && awk "BEGIN { exit !($spread <= $WARMUP_TOLERANCE) }"; then
        R[warmup.steady]="steady"; break
      fi
    fi
    [ "$total" -ge "$WARM_MAX_S" ] && break
  done
  R[warmup.seconds]=$total; R[warmup.spread]=$spread
  log "warm-up: ${R[warmup.steady]} after $WARM_WINDOWS windows (${total}s); last $WARMUP_STEADY windows' app µs/request spread $spread%"
}

run_pgbench() { # phase script mode [-D ...]
  local phase="$1" script="$2" mode="$3"; shift 3
  local out="$WORK/pgb_$phase.txt" before after
  psql_db -c "VACUUM ANALYZE gateway" -c "VACUUM ANALYZE gateway_zone" >/dev/null
  rm -f "$WORK"/pgbench_log.*
  before=$(cpu_snapshot)
  pgbench -n -c"$CONNECTIONS" -j"$THREADS" -T"$DUR_S" -M "$mode" --log --log-prefix="$WORK/pgbench_log" \
      --sampling-rate=0.1 -f "bench/sql/$script" "$@" "$DB" > "$out" 2>&1
  after=$(cpu_snapshot)
  { echo "=== pgbench $phase ($script, -M $mode)"; cat "$out"; } >> "$RAW"
  local tps; tps=$(awk -F'= ' '/^tps = / {split($2, a, " "); print a[1]}' "$out" | head -1)
  [ -n "$tps" ] || { cat "$out" >&2; die "pgbench $phase failed"; }
  R["$phase.rps"]=$(fcalc "$tps" 1)
  R["$phase.requests"]=$(awk '/actually processed/ {split($NF, a, "/"); print a[1]}' "$out")
  R["$phase.mean_ms"]=$(awk -F'= ' '/^latency average/ {split($2, a, " "); print a[1]}' "$out")
  R["$phase.failed"]=$(awk '/number of failed transactions/ {print $5}' "$out")
  # p50/p99 from the 10% sample of per-transaction log lines (3rd field: latency in microseconds)
  read -r R["$phase.p50_ms"] R["$phase.p99_ms"] < <(cat "$WORK"/pgbench_log.* 2>/dev/null | awk '{print $3}' | sort -n |
    awk '{v[NR]=$1} END { if (NR == 0) { print "? ?"; exit } i50=int(NR*0.50); if (i50<1) i50=1; i99=int(NR*0.99); if (i99<1) i99=1;
                          printf "%.3f %.3f\n", v[i50]/1000, v[i99]/1000 }')
  rm -f "$WORK"/pgbench_log.*
  account "$phase" "$before" "$after" "${R[$phase.requests]}"
  log "$phase: ${R[$phase.rps]} tps  mean ${R[$phase.mean_ms]} ms  p99 ${R[$phase.p99_ms]} ms  failed ${R[$phase.failed]:-0}  PG ${R[$phase.pg_us]} µs/tx"
}

pgbench_dry_run() { # every ceiling script once, right after the seed: a schema or SQL problem fails the run early
  local f out
  for f in pg_select.sql pg_update.sql pg_patch_full.sql; do
    out=$(pgbench -n -c1 -t1 -M prepared -f "bench/sql/$f" -D ngetpool=$((GATEWAYS - pool)) -D orgs="$ORGS" \
          -D plo=$((GATEWAYS - pool + 1)) -D phi="$GATEWAYS" "$DB" 2>&1)
    grep -q 'number of failed transactions: 0' <<<"$out" && ! grep -qi 'error' <<<"$out" \
      || die "bench/sql/$f fails against the current schema:
$out"
  done
}

ready_test() { # creates READY_GATEWAYS gateways over 3 zones as fast as possible, times until all are READY
  local total=$READY_GATEWAYS before
  log "time-to-READY: creating $total gateways x $ZONES_PER_GATEWAY zones ($CONNECTIONS connections)"
  before=$(cpu_snapshot)
  local t0; t0=$(date +%s.%N)
  python3 bench/create_burst.py "$BENCH_PORT" tokr "$total" "$CONNECTIONS" > "$WORK/ready_creates.txt" 2>&1
  { echo "=== create burst"; cat "$WORK/ready_creates.txt"; } >> "$RAW"
  R[ready.failed]=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' "$WORK/ready_creates.txt"); R[ready.failed]=${R[ready.failed]:-?}
  local n=0 ready=0 i=0 limit=$(( READY_TIMEOUT * 10 ))
  while [ $i -lt $limit ]; do
    read -r n ready < <(psql_db -F' ' -c "SELECT count(*), count(*) FILTER (WHERE status = 'STATUS_READY') FROM gateway WHERE organization_id = 'orgready'")
    [ "$n" -gt 0 ] && [ "$ready" -ge "$n" ] && break
    sleep 0.1; i=$((i + 1))
  done
  R[ready.wall_s]=$(fcalc "$(date +%s.%N) - $t0" 2)
  account ready "$before" "$(cpu_snapshot)" "$n"
  R[ready.count]=$n; R[ready.ready]=$ready
  # exact times from the rows: first create -> last create, first create -> last status change
  read -r R[ready.create_s] R[ready.all_ready_s] < <(psql_db -F' ' -c "SELECT round(extract(epoch FROM max(created_at) - min(created_at))::numeric, 3), round(extract(epoch FROM max(updated_at) - min(created_at))::numeric, 3) FROM gateway WHERE organization_id = 'orgready'")
  if [ "$n" -gt 0 ] && [ "$ready" -ge "$n" ]; then
    R[ready.steps_per_s]=$(fcalc "$n * $ZONES_PER_GATEWAY / ${R[ready.all_ready_s]}" 0)
  else
    R[ready.steps_per_s]="n/a (only $ready of $n READY after ${READY_TIMEOUT}s)"
  fi
  log "time-to-READY: $ready/$n READY (${R[ready.failed]} creates failed); creates took ${R[ready.create_s]}s, all READY after ${R[ready.all_ready_s]}s -> ${R[ready.steps_per_s]} zone steps/s"
}

# ------------------------------------------------------------------------------------------------ big lists
parse_lists() { # phase out-file: LIST lines -> R[phase.list<n>.*], HEALTH line -> R[phase.health_*]
  local phase="$1" line n kv
  R[$phase.lists_ok]=0; R[$phase.lists_n]=0; R[$phase.max_s]=0
  while read -r line; do
    case "$line" in
      LIST*) n=$(sed 's/.* n=\([0-9]*\) .*/\1/' <<<"$line")
             for kv in ${line#LIST }; do R["$phase.list$n.${kv%%=*}"]="${kv#*=}"; done
             R[$phase.lists_n]=$(( ${R[$phase.lists_n]} + 1 ))
             R[$phase.lists_ok]=$(( ${R[$phase.lists_ok]} + ${R[$phase.list$n.ok]} ))
             R[$phase.max_s]=$(awk -v a="${R[$phase.max_s]}" -v b="${R[$phase.list$n.seconds]}" 'BEGIN { print (b > a ? b : a) }');;
      HEALTH*) for kv in ${line#HEALTH }; do R["$phase.health_${kv%%=*}"]="${kv#*=}"; done;;
    esac
  done < "$2"
}

big_phase_begin() { # phase
  R[$1.t0]=$(now_ms); R[$1.log0]=$(log_size); R[$1.pid]=$APP_PID
  hwm_reset && R[$1.hwm_reset]=1 || R[$1.hwm_reset]=0
  R[$1.snap0]=$(cpu_snapshot)
}
big_phase_end() { # phase
  local p="$1" h
  R[$p.t1]=$(now_ms)
  account "$p" "${R[$p.snap0]}" "$(cpu_snapshot)" 0
  R[$p.rss_sampled_mb]=$(rss_max_mb "${R[$p.t0]}" "${R[$p.t1]}")
  h=$(hwm_kb)
  if [ "${R[$p.hwm_reset]}" = 1 ] && [ -n "$h" ]; then R[$p.rss_mb]=$(( h / 1024 )); R[$p.rss_how]="VmHWM, reset at the phase start"
  else R[$p.rss_mb]=${R[$p.rss_sampled_mb]}; R[$p.rss_how]="max of 0.5 s VmRSS samples"; fi
  R[$p.alive]=$(kill -0 "$APP_PID" 2>/dev/null && echo yes || echo no)
  R[$p.log_errors]=$(log_count "${R[$p.log0]}" '"level":"ERROR"')
  R[$p.log_oom]=$(log_count "${R[$p.log0]}" 'OutOfMemoryError')
  R[$p.secs]=$(fcalc "(${R[$p.t1]} - ${R[$p.t0]}) / 1000" 1)
}

recover() { # phase: after a big-list phase, wait for liveness and readiness (bounded); restart the service if it
  # died, hangs, or stays not ready (readiness checks the reactive pool: a pool whose connections leaked answers 503)
  local p="$1" t0 code="" ready=""; t0=$(date +%s.%N)
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    R[$p.after]="the service process had exited; restarted it"
  else
    for _ in $(seq $(( RECOVER_TIMEOUT * 2 ))); do
      code=$(live_code); [ "$code" = 200 ] && ready=$(ready_code); [ "$ready" = 200 ] && break; sleep 0.5
    done
    if [ "$ready" = 200 ]; then R[$p.after]="live and ready (200) $(fcalc "$(date +%s.%N) - $t0" 1) s after the phase (pool connections in use: $(pool_active))"; log "after $p: ${R[$p.after]}"; return 0; fi
    R[$p.after]="not live and ready ${RECOVER_TIMEOUT} s after the phase (liveness ${code:-none}, readiness ${ready:-none}, pool connections in use $(pool_active)); restarted it"
  fi
  log "after $p: ${R[$p.after]}"
  stop_app
  start_app "$DB"
}

unpaged_phase() {
  local p=unpaged wrk_pid
  R[unpaged.expect]=$UNPAGED_GATEWAYS
  log "unpaged lists: $UNPAGED_LISTS x GET /gateways (no pageSize) of orgu ($UNPAGED_GATEWAYS gateways), GET load beside (wrk -t1 -c$UNPAGED_GET_CONNECTIONS), timeout ${UNPAGED_TIMEOUT}s"
  big_phase_begin $p
  PHASE_SALT=$p
  # exec: $! is wrk itself, whose SIGINT handler ends the run with its report
  ( exec_wrk=1; wrk_cmd 1 "$UNPAGED_GET_CONNECTIONS" $(( UNPAGED_TIMEOUT + 60 )) get.lua / ) > "$WORK/wrk_unpaged_get.txt" 2>&1 &
  wrk_pid=$!; BG_PIDS+=("$wrk_pid")
  sleep 0.5
  python3 bench/lists.py "$BENCH_PORT" toku /v1alpha1/inference/gateways "$UNPAGED_LISTS" "$UNPAGED_TIMEOUT" \
    "$UNPAGED_GATEWAYS" "$HEALTH_INTERVAL" "$HEALTH_TIMEOUT" > "$WORK/lists_$p.txt" 2>&1
  kill -INT "$wrk_pid" 2>/dev/null; wait "$wrk_pid" 2>/dev/null
  big_phase_end $p
  { echo "=== unpaged lists"; cat "$WORK/lists_$p.txt"; echo "=== wrk GET beside the unpaged lists"; cat "$WORK/wrk_unpaged_get.txt"; } >> "$RAW"
  parse_lists $p "$WORK/lists_$p.txt"
  parse_wrk unpaged_get "$WORK/wrk_unpaged_get.txt" soft
  log "unpaged lists: ${R[$p.lists_ok]}/${R[$p.lists_n]} complete, slowest ${R[$p.max_s]}s; peak RSS ${R[$p.rss_mb]} MB; GET beside: ${R[unpaged_get.rps]} req/s p99 ${R[unpaged_get.p99_ms]} ms errors ${R[unpaged_get.errors]}; liveness ${R[$p.health_bad]}/${R[$p.health_polls]} bad; log: ${R[$p.log_errors]} ERROR, ${R[$p.log_oom]} OutOfMemoryError"
  recover $p
}

pages_phase() {
  local p=pages expect=$(( LIMIT_PAGE_SIZE < LIMIT_GATEWAYS ? LIMIT_PAGE_SIZE : LIMIT_GATEWAYS ))
  R[pages.expect]=$expect
  log "big pages: $LIMIT_PAGES x GET /gateways?pageSize=$LIMIT_PAGE_SIZE of orgl ($LIMIT_GATEWAYS gateways at the size limits), timeout ${LIMIT_TIMEOUT}s"
  big_phase_begin $p
  python3 bench/lists.py "$BENCH_PORT" tokl "/v1alpha1/inference/gateways?pageSize=$LIMIT_PAGE_SIZE" "$LIMIT_PAGES" \
    "$LIMIT_TIMEOUT" "$expect" "$HEALTH_INTERVAL" "$HEALTH_TIMEOUT" > "$WORK/lists_$p.txt" 2>&1
  big_phase_end $p
  { echo "=== big pages"; cat "$WORK/lists_$p.txt"; } >> "$RAW"
  parse_lists $p "$WORK/lists_$p.txt"
  log "big pages: ${R[$p.lists_ok]}/${R[$p.lists_n]} complete, slowest ${R[$p.max_s]}s; peak RSS ${R[$p.rss_mb]} MB; liveness ${R[$p.health_bad]}/${R[$p.health_polls]} bad; log: ${R[$p.log_errors]} ERROR, ${R[$p.log_oom]} OutOfMemoryError"
  recover $p
}

# ------------------------------------------------------------------------------------------------ watch
proc_ticks() { # pid: utime + stime of a process (0 if gone)
  local f; f=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  awk '{print $12 + $13}' <<<"$f"
}
rss_avg_mb() { # from_ms to_ms: mean of the sampled VmRSS in MB
  awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b { s += $2; n++ } END { printf "%d", (n ? s / n / 1024 : 0) }' "$WORK/rss.log"
}

patch_run() { # phase count connections rate max_s: an exact number of PATCHes (bench/patch_load.py), CPU per request
  local p="$1" before after line
  before=$(cpu_snapshot); R[$p.snap0]=$before
  python3 bench/patch_load.py "$BENCH_PORT" "$WORK/ids_patch.txt" "$2" "$3" "$4" "$5" "$p" > "$WORK/patch_$p.txt" 2>&1
  after=$(cpu_snapshot)
  { echo "=== patch_load $p ($2 PATCHes, $3 connections, rate $4/s)"; cat "$WORK/patch_$p.txt"; } >> "$RAW"
  line=$(grep '^PATCHES ' "$WORK/patch_$p.txt" | tail -1)
  if [ -z "$line" ]; then
    log "WARNING: PATCH load $p produced no summary: $(tail -3 "$WORK/patch_$p.txt")"
    line="PATCHES sent=0 ok=0 failed=0 seconds=n/a rps=n/a p50_ms=n/a p99_ms=n/a max_ms=n/a statuses=- cpu_s=n/a unsent=$2"
  fi
  for kv in ${line#PATCHES }; do R["$p.${kv%%=*}"]="${kv#*=}"; done
  account "$p" "$before" "$after" "${R[$p.sent]}"
  log "$p: ${R[$p.sent]} PATCHes (${R[$p.failed]} failed) in ${R[$p.seconds]}s = ${R[$p.rps]}/s  p50 ${R[$p.p50_ms]} ms  p99 ${R[$p.p99_ms]} ms  app ${R[$p.app_us]} µs/req  PG ${R[$p.pg_us]} µs/req"
}

watch_phase() {
  local p=watch wpid line kv t k0 k1 w0 w1 tick0
  log "watch: $WATCHERS watchers over $ORGS organizations; $WATCH_PATCHES PATCHes at full speed without, with and again without them; $WATCH_PACED_COUNT at $WATCH_PACED_RATE/s with them"
  R[$p.log0]=$(log_size)
  # PATCH throughput without watchers, then the service's idle RSS without watchers
  patch_run watch_without "$WATCH_PATCHES" "$CONNECTIONS" 0 "$WATCH_MAX_S"
  R[drain.watch_without]=$(drain watch_without)
  sleep 1; t=$(now_ms); sleep "$WATCH_IDLE_S"; R[$p.rss_idle_without]=$(rss_avg_mb "$t" "$(now_ms)")
  # the watchers: one python process, each stream from its organization's list resourceVersion
  k0=$(cpu_snapshot); w0=$(now_ms)
  python3 bench/watchers.py "$BENCH_PORT" "$WATCHERS" "$WORK/tokens.txt" "$WATCH_FINISH_TIMEOUT" > "$WORK/watchers.txt" 2>&1 &
  wpid=$!; BG_PIDS+=("$wpid")
  for _ in $(seq 240); do grep -q '^CONNECTED ' "$WORK/watchers.txt" && break; kill -0 "$wpid" 2>/dev/null || break; sleep 0.5; done
  line=$(grep '^CONNECTED ' "$WORK/watchers.txt")
  if [ -z "$line" ]; then
    log "WARNING: the watchers did not connect: $(tail -5 "$WORK/watchers.txt")"
    kill "$wpid" 2>/dev/null; R[$p.failed]="the watchers did not connect: $(tail -1 "$WORK/watchers.txt" | cut -c1-300)"
    return
  fi
  for kv in ${line#CONNECTED }; do R["$p.connect_${kv%%=*}"]="${kv#*=}"; done
  log "watch: ${R[$p.connect_ok]}/$WATCHERS watchers connected in ${R[$p.connect_seconds]}s"
  # idle with the watchers connected: RSS, and the CPU of the service and of the watcher process
  sleep 1; tick0=$(proc_ticks "$wpid"); k0=$(cpu_snapshot); w0=$(now_ms); t=$w0; sleep "$WATCH_IDLE_S"
  R[$p.rss_idle_with]=$(rss_avg_mb "$t" "$(now_ms)")
  account watch_idle "$k0" "$(cpu_snapshot)" 0
  R[$p.py_idle_cores]=$(fcalc "($(proc_ticks "$wpid") - $tick0) / $HZ / (($(now_ms) - $w0) / 1000)" 3)
  hwm_reset && R[$p.hwm_reset]=1 || R[$p.hwm_reset]=0
  # paced PATCHes: the latency of delivery at a moderate rate
  tick0=$(proc_ticks "$wpid"); w0=$(now_ms)
  patch_run watch_paced "$WATCH_PACED_COUNT" 4 "$WATCH_PACED_RATE" "$WATCH_MAX_S"
  R[drain.watch_paced]=$(drain watch_paced); sleep 1
  R[$p.py_paced_cores]=$(fcalc "($(proc_ticks "$wpid") - $tick0) / $HZ / (($(now_ms) - $w0) / 1000)" 2)
  kill -USR2 "$wpid" 2>/dev/null  # next latency segment
  # full-speed PATCHes with the watchers
  tick0=$(proc_ticks "$wpid"); w0=$(now_ms)
  patch_run watch_with "$WATCH_PATCHES" "$CONNECTIONS" 0 "$WATCH_MAX_S"
  R[$p.py_with_cores]=$(fcalc "($(proc_ticks "$wpid") - $tick0) / $HZ / (($(now_ms) - $w0) / 1000)" 2)
  R[drain.watch_with]=$(drain watch_with); sleep 1
  R[$p.rss_peak]=$(( $(hwm_kb) / 1024 )); [ "${R[$p.hwm_reset]}" = 1 ] || R[$p.rss_peak]="${R[$p.rss_peak]} (VmHWM not reset)"
  R[$p.rss_after_with]=$(rss_avg_mb "$(( $(now_ms) - 1500 ))" "$(now_ms)")
  # finish: the watchers read each organization's final version and check they got every event up to it
  kill -USR1 "$wpid" 2>/dev/null
  for _ in $(seq $(( (WATCH_FINISH_TIMEOUT + 60) * 2 ))); do kill -0 "$wpid" 2>/dev/null || break; sleep 0.5; done
  kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null
  R[$p.py_cpu_s]=$(sed -n 's/^WATCH .* cpu_s=\([0-9.]*\).*/\1/p' "$WORK/watchers.txt")
  { echo "=== watchers"; cat "$WORK/watchers.txt"; } >> "$RAW"
  line=$(grep '^WATCH ' "$WORK/watchers.txt")
  if [ -z "$line" ]; then
    R[$p.failed]="the watcher process gave no result: $(tail -1 "$WORK/watchers.txt" | cut -c1-300)"
  else
    for kv in ${line#WATCH }; do R["$p.${kv%%=*}"]="${kv#*=}"; done
  fi
  while read -r line; do
    local n; n=$(sed 's/.* n=\([0-9]*\) .*/\1/' <<<"$line")
    for kv in ${line#SEGMENT }; do R["$p.seg$n.${kv%%=*}"]="${kv#*=}"; done
  done < <(grep '^SEGMENT ' "$WORK/watchers.txt")
  R[$p.log_errors]=$(log_count "${R[$p.log0]}" '"level":"ERROR"')
  R[$p.log_warns]=$(log_count "${R[$p.log0]}" '"level":"WARN"')
  # and again without the watchers (the service has closed their streams): brackets the comparison
  sleep 2
  patch_run watch_without2 "$WATCH_PATCHES" "$CONNECTIONS" 0 "$WATCH_MAX_S"
  R[drain.watch_without2]=$(drain watch_without2)
  log "watch: ${R[$p.complete]:-?}/$WATCHERS watchers complete (missing ${R[$p.missing]:-?}, duplicates ${R[$p.duplicates]:-?}, errors ${R[$p.errors]:-?}); latency paced p50 ${R[$p.seg1.p50_ms]:-?} p99 ${R[$p.seg1.p99_ms]:-?} ms, full speed p50 ${R[$p.seg2.p50_ms]:-?} p99 ${R[$p.seg2.p99_ms]:-?} ms; RSS idle ${R[$p.rss_idle_without]} -> ${R[$p.rss_idle_with]} MB; PATCH/s ${R[watch_without.rps]} without, ${R[watch_with.rps]} with, ${R[watch_without2.rps]} without again"
}

# ------------------------------------------------------------------------------------------------ disconnects
pool_idle_active() { # the least of 3 readings 0.3 s apart (a rollout pass may hold a connection for a moment)
  local m="" v
  for _ in 1 2 3; do v=$(pool_active); [[ "$v" =~ ^[0-9]+$ ]] && { [ -z "$m" ] || [ "$v" -lt "$m" ]; } && m=$v; sleep 0.3; done
  echo "${m:-?}"
}
# Clients that go away in the middle of lists, as wrk does to every request in flight when it ends: the service must
# give every database connection back. Twice a $CONNECTIONS-connection LIST load cut after 3 s, then the reactive
# pool's connections in use on the idle service, and readiness. Last before the pickup phase (which restarts).
disconnect_phase() {
  local p=disconnect k
  R[$p.before]=$(pool_idle_active)
  for k in 1 2; do
    PHASE_SALT="$p$k"; wrk_cmd "$THREADS" "$CONNECTIONS" 3 list.lua / > "$WORK/wrk_$p$k.txt" 2>&1
    { echo "=== wrk $p$k (list.lua, 3s, cut by wrk)"; cat "$WORK/wrk_$p$k.txt"; } >> "$RAW"
    sleep 2
    R[$p.after$k]=$(pool_idle_active)
  done
  R[$p.ready]=$(ready_code); [ "${R[$p.ready]}" = 000 ] && R[$p.ready]="no answer within 5 s"
  R[$p.requests]=$(sed -n 's/^BENCH requests=\([0-9]*\).*/\1/p' "$WORK/wrk_${p}1.txt" "$WORK/wrk_${p}2.txt" | awk '{ s += $1 } END { print s + 0 }')
  log "disconnects: pool connections in use on the idle service: ${R[$p.before]} before, ${R[$p.after1]} after one cut LIST load, ${R[$p.after2]} after two; readiness ${R[$p.ready]}"
}

# ------------------------------------------------------------------------------------------------ pickup
pickup_metrics() { # -> "count sum p50 p99 max" of rollout_zone_pickup_seconds (seconds)
  curl -s -m 5 "http://127.0.0.1:$BENCH_PORT/q/metrics" | awk '
    /^rollout_zone_pickup_seconds\{quantile="0.5"\}/ { p50 = $2 }
    /^rollout_zone_pickup_seconds\{quantile="0.99"\}/ { p99 = $2 }
    /^rollout_zone_pickup_seconds_count/ { c = $2 }
    /^rollout_zone_pickup_seconds_sum/ { s = $2 }
    /^rollout_zone_pickup_seconds_max/ { m = $2 }
    END { printf "%s %s %s %s %s\n", (c == "" ? "n/a" : c), (s == "" ? "n/a" : s), (p50 == "" ? "n/a" : p50), (p99 == "" ? "n/a" : p99), (m == "" ? "n/a" : m) }'
}

# The timer's quantiles cover a rolling window: Micrometer's Prometheus registry keeps 3 histograms rotated every
# step/3 (step 60 s: every 20 s, from the meter's creation at start-up, at T0) and publishes the one that has
# collected longest: read at T0+60..80 s it holds exactly the samples since T0+20 s. So: restart the service
# (L = launch, Rd = ready: L <= T0 <= Rd), warm it up with paced PATCHes until L+16 s (their samples fall before
# T0+20), send the measured series from Rd+21 s, and read the quantiles between Rd+61 and L+79 s. The count and
# sum deltas over the series check that the window holds its samples (3 zones per PATCH) and give the mean.
pickup_one() { # key wake(true|false)
  local k="$1" wake="$2" L Rd n0 s0 n1 s1 q50 q99 qmax warm_s t
  log "pickup ($k): restarting the service with ROLLOUT_WAKE_ON_SIGNAL=$wake"
  stop_app
  ROLLOUT_WAKE_ON_SIGNAL=$wake start_app "$DB"
  L=$APP_LAUNCH_MS; Rd=$APP_READY_MS
  R[pickup_$k.startup_s]=$(fcalc "($Rd - $L) / 1000" 1)
  warm_s=$(( (L + 16000 - $(now_ms)) / 1000 ))
  if [ "$warm_s" -ge 2 ]; then
    patch_run "pickup_${k}_warm" $(( warm_s * PICKUP_RATE )) 4 "$PICKUP_RATE" "$warm_s"
    R[pickup_$k.warm]="${R[pickup_${k}_warm.sent]} PATCHes in ${R[pickup_${k}_warm.seconds]} s"
  else
    R[pickup_$k.warm]="none (start-up took ${R[pickup_$k.startup_s]} s)"
  fi
  sleep_until_ms $(( Rd + 21000 ))
  read -r n0 s0 _ < <(pickup_metrics)
  patch_run "pickup_$k" $(( PICKUP_RATE * PICKUP_SECONDS )) 4 "$PICKUP_RATE" $(( PICKUP_SECONDS + 30 ))
  R[drain.pickup_$k]=$(drain "pickup_$k")
  sleep_until_ms $(( Rd + 61000 ))
  t=$(now_ms)
  read -r n1 s1 q50 q99 qmax < <(pickup_metrics)
  R[pickup_$k.read_at_s]=$(fcalc "($t - $L) / 1000" 1)
  if [ "$t" -lt $(( L + 79000 )) ]; then R[pickup_$k.window]=clean; else R[pickup_$k.window]="NOT clean (read at L+${R[pickup_$k.read_at_s]} s)"; fi
  R[pickup_$k.samples]=$(awk -v a="$n0" -v b="$n1" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%d", b - a; else print "n/a" }')
  R[pickup_$k.expected]=$(( ${R[pickup_$k.ok]:-0} * ZONES_PER_GATEWAY ))
  R[pickup_$k.p50_ms]=$(awk -v v="$q50" 'BEGIN { if (v ~ /^[0-9.eE+-]+$/) printf "%.1f", v * 1000; else print "n/a" }')
  R[pickup_$k.p99_ms]=$(awk -v v="$q99" 'BEGIN { if (v ~ /^[0-9.eE+-]+$/) printf "%.1f", v * 1000; else print "n/a" }')
  R[pickup_$k.max_ms]=$(awk -v v="$qmax" 'BEGIN { if (v ~ /^[0-9.eE+-]+$/) printf "%.1f", v * 1000; else print "n/a" }')
  R[pickup_$k.mean_ms]=$(awk -v a="$n0" -v b="$n1" -v x="$s0" -v y="$s1" 'BEGIN { if (b > a) printf "%.1f", (y - x) / (b - a) * 1000; else print "n/a" }')
  { echo "=== pickup $k (wake $wake): launch L, ready L+${R[pickup_$k.startup_s]} s, metrics before the series: count $n0 sum $s0; read at L+${R[pickup_$k.read_at_s]} s: count $n1 sum $s1 p50 $q50 p99 $q99 max $qmax"; } >> "$RAW"
  log "pickup ($k, wake $wake): p50 ${R[pickup_$k.p50_ms]} ms  p99 ${R[pickup_$k.p99_ms]} ms  mean ${R[pickup_$k.mean_ms]} ms  max ${R[pickup_$k.max_ms]} ms  (${R[pickup_$k.samples]} samples, ${R[pickup_$k.expected]} expected; window ${R[pickup_$k.window]})"
}

pickup_phase() {
  pickup_one on true
  pickup_one off false
}

# ------------------------------------------------------------------------------------------------ report helpers
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
passmiss() { awk "BEGIN { print (($1) ? \"PASS\" : \"MISS\") }" 2>/dev/null || echo MISS; }
num() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]] && echo "$1" || echo -1; }

# ================================================================================================ main
START_TS="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
START_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
OTHERS_AT_START=$(pgrep -fc 'surefire|failsafe|maven' 2>/dev/null); OTHERS_AT_START=${OTHERS_AT_START:-0}
log "work dir $WORK; load: $(uptime | sed 's/.*load average: //'); other Maven/test processes: $OTHERS_AT_START"
ensure_tools
prepare_app
PG_PM=$(find_postmaster)
[ -n "$PG_PM" ] || log "WARNING: PostgreSQL's postmaster is not visible from here: no PostgreSQL CPU figures"

DB=$(new_db main); DBS+=("$DB")
start_app "$DB"
check_schema
make_templates
pool=$PATCH_POOL; [ "$pool" -gt $((GATEWAYS / 5)) ] && pool=$((GATEWAYS / 5))
seed "$GATEWAYS" "$pool"
R[seed.main_s]=$SEED_S
verify_seed
pgbench_dry_run

log "warm-up: windows of ${WIN_S}s (mixed GET/LIST/PATCH/POST) until $WARMUP_STEADY agree within ${WARMUP_TOLERANCE}% (at most ${WARM_MAX_S}s)"
warmup
R[drain.warmup]=$(drain warmup)

run_wrk get get.lua "$DUR_S"
run_wrk list list.lua "$DUR_S"
run_wrk patch patch.lua "$DUR_S"
R[drain.patch]=$(drain patch); incl_drain patch; R[patch.pool_active]=$(pool_idle_active)

ready_test

# ceilings, against the same database and machine (service idle). They run before the create phase, whose
# backlog may outlast DRAIN_TIMEOUT: the rollout workers draining it would share the machine with the ceilings.
run_pgbench pg_select_prepared pg_select.sql prepared -D ngetpool=$((GATEWAYS - pool)) -D orgs="$ORGS"
run_pgbench pg_select_simple pg_select.sql simple -D ngetpool=$((GATEWAYS - pool)) -D orgs="$ORGS"
run_pgbench pg_update pg_update.sql prepared -D plo=$((GATEWAYS - pool + 1)) -D phi="$GATEWAYS"
# informational: the same with every trigger off for pgbench's sessions (replica role; no schema change), which
# shows what the schema's per-change work (the change history: event row, organization clock, NOTIFY) costs
PGOPTIONS="-c session_replication_role=replica" \
  run_pgbench pg_update_notrigger pg_update.sql prepared -D plo=$((GATEWAYS - pool + 1)) -D phi="$GATEWAYS"
run_pgbench pg_patch_full pg_patch_full.sql prepared -D plo=$((GATEWAYS - pool + 1)) -D phi="$GATEWAYS"
run_wrk http_live plain.lua "$DUR_S" /q/health/live

# create last before the size sweep, whose first reseed empties the tables (and whatever backlog is left)
run_wrk create create.lua "$DUR_S"
R[drain.create]=$(drain create); incl_drain create; R[create.pool_active]=$(pool_idle_active)
R[create.rows]=$(psql_db -c "SELECT count(*) FROM gateway WHERE organization_id = 'orgc'")

# size sweep: GET and LIST at each size (same warm JVM, tables reseeded)
SIZES=()
for n in $BENCH_SIZES; do
  SIZES+=("$n")
  seed "$n" 0
  R[seed.$n]=$SEED_S
  verify_seed
  run_wrk "rewarm_$n" warmup_read.lua "$REWARM_S"
  run_wrk "get_$n" get.lua "$DUR_S"
  run_wrk "list_$n" list.lua "$DUR_S"
done

# memory of the standard run (everything above), before the big-list phases
RSS_HWM_KB=$(hwm_kb); RSS_HWM_KB=${RSS_HWM_KB:-0}
RSS_HWM_MB=$(( RSS_HWM_KB / 1024 )); RSS_MAX_MB=$(rss_max_mb 0 "$(now_ms)")
SERVICE_ERRORS=$(grep -c '"level":"ERROR"' "$WORK/service.log" 2>/dev/null); SERVICE_ERRORS=${SERVICE_ERRORS:-0}
SERVICE_WARNS=$(grep -c '"level":"WARN"' "$WORK/service.log" 2>/dev/null); SERVICE_WARNS=${SERVICE_WARNS:-0}
SERVICE_LOG_MB=$(( $(log_size) / 1048576 ))

# watch: after the standard run's memory reading (its RSS figures are its own), on the size sweep's last table
[ "$WATCH" = 1 ] && watch_phase

if [ "$STRESS" = 1 ]; then
  t0=$(date +%s.%N)
  clone u bench-u- "$UNPAGED_GATEWAYS"
  clone l bench-l- "$LIMIT_GATEWAYS"
  psql_db -c "VACUUM ANALYZE" || die "vacuum failed"
  R[seed.stress_s]=$(fcalc "$(date +%s.%N) - $t0" 1)
  verify_get "$(psql_db -c "SELECT md5('bench-u-1')::uuid")" toku
  verify_get "$(psql_db -c "SELECT md5('bench-l-1')::uuid")" tokl
  verify_list tokl "pageSize=2"
  log "seeded orgu with $UNPAGED_GATEWAYS and orgl with $LIMIT_GATEWAYS gateways at the size limits in ${R[seed.stress_s]}s (verified)"
  unpaged_phase
  pages_phase
fi

disconnect_phase
# last: it restarts the service (twice)
[ "$PICKUP" = 1 ] && pickup_phase

# ------------------------------------------------------------------------------------------------ report
set +u # a phase that failed leaves some figures unset: they print empty rather than end the run here
first=${SIZES[0]}; last=${SIZES[$((${#SIZES[@]} - 1))]}
get_ratio_http=$(ratio "${R[get.rps]}" "${R[http_live.rps]}")
get_ratio_pg=$(ratio "${R[get.rps]}" "${R[pg_select_prepared.rps]}")
list_ratio_get=$(ratio "${R[list.rps]}" "${R[get.rps]}")
list_ratio_http=$(ratio "${R[list.rps]}" "${R[http_live.rps]}")
patch_ratio=$(ratio "${R[patch.rps]}" "${R[pg_update.rps]}")
patch_ratio_full=$(ratio "${R[patch.rps]}" "${R[pg_patch_full.rps]}")
create_ratio=$(ratio "${R[create.rps]}" "${R[http_live.rps]}")
get_growth=$(ratio "${R[get_$last.p99_ms]}" "${R[get_$first.p99_ms]}")
list_growth=$(ratio "${R[list_$last.p99_ms]}" "${R[list_$first.p99_ms]}")

T_GET=$(passmiss "$(num "$get_ratio_http") >= 0.35")
T_LIST=$(passmiss "$(num "$list_ratio_get") >= 0.15")
T_PATCH=$(passmiss "$(num "$patch_ratio") >= 0.25")
T_P99=""
for op in get list patch create; do T_P99+="$op $(passmiss "$(num "${R[$op.p99_ms]}") >= 0 && ${R[$op.p99_ms]} < 20"), "; done
T_P99=${T_P99%, }
if [[ "${R[ready.steps_per_s]}" =~ ^[0-9]+$ ]]; then T_STEPS=$(passmiss "${R[ready.steps_per_s]} >= 1000"); else T_STEPS=MISS; fi
T_GROW_GET=$(passmiss "$(num "$get_growth") >= 0 && $get_growth <= 1.5"); T_GROW_LIST=$(passmiss "$(num "$list_growth") >= 0 && $list_growth <= 1.5")
T_RSS=$(passmiss "$RSS_HWM_MB <= 350")
T_WARM=$([ "${R[warmup.steady]}" = steady ] && echo PASS || echo MISS)
T_DISCONNECT=$(passmiss "$(num "${R[disconnect.after2]}") == 0 && \"${R[disconnect.ready]}\" == \"200\"")
POOL_AFTER=""
for ph in warm1 "warm$WARM_WINDOWS" get list patch http_live create; do POOL_AFTER+="$ph ${R[$ph.pool_active]:-?}, "; done
for n in "${SIZES[@]}"; do POOL_AFTER+="rewarm_$n ${R[rewarm_$n.pool_active]:-?}, get_$n ${R[get_$n.pool_active]:-?}, list_$n ${R[list_$n.pool_active]:-?}, "; done
POOL_AFTER=${POOL_AFTER%, }
if [ "$WATCH" = 1 ]; then
  T_W_COMPLETE=$(passmiss "$(num "${R[watch.complete]}") == $WATCHERS")
  R[watch.ratio]=$(awk -v w="${R[watch_with.rps]}" -v a="${R[watch_without.rps]}" -v b="${R[watch_without2.rps]}" 'BEGIN {
    if (w ~ /^[0-9.]+$/ && a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a + b > 0) printf "%.2f", 2 * w / (a + b); else print "n/a" }')
  R[watch.rss_delta]=$(awk -v a="${R[watch.rss_idle_without]}" -v b="${R[watch.rss_idle_with]}" 'BEGIN { printf "%+d", b - a }')
fi
if [ "$PICKUP" = 1 ]; then
  T_PICKUP=$(passmiss "$(num "${R[pickup_on.p50_ms]}") >= 0 && ${R[pickup_on.p50_ms]} <= 20")
  [[ "${R[pickup_on.window]}" == clean ]] || T_PICKUP="$T_PICKUP (window not clean)"
fi
if [ "$STRESS" = 1 ]; then
  T_U_ITEMS=$(passmiss "${R[unpaged.lists_ok]} == $UNPAGED_LISTS")
  u_all_fast=1
  for ((k = 1; k <= UNPAGED_LISTS; k++)); do
    awk -v s="${R[unpaged.list$k.seconds]:-999}" 'BEGIN { exit !(s <= 15) }' && [ "${R[unpaged.list$k.ok]:-0}" = 1 ] || u_all_fast=0
  done
  T_U_TIME=$(passmiss "$u_all_fast == 1")
  T_U_RSS=$(passmiss "${R[unpaged.rss_mb]} > 0 && ${R[unpaged.rss_mb]} <= 400")
  T_U_P99=$(passmiss "$(num "${R[unpaged_get.p99_ms]}") >= 0 && ${R[unpaged_get.p99_ms]} <= 50 && ${R[unpaged_get.errors]} == 0 && ${R[unpaged_get.requests]} > 0")
  T_P_ITEMS=$(passmiss "${R[pages.lists_ok]} == $LIMIT_PAGES")
  T_P_LIVE=$(passmiss "${R[pages.health_bad]:-1} == 0 && ${R[pages.health_polls]:-0} > 0")
fi

JAVA_VER=$(java -version 2>&1 | head -1)
PG_VER=$(psql -qAtX -d postgres -c 'SHOW server_version')
MEM_MB=$(awk '/^MemTotal/ {printf "%d", $2 / 1024}' /proc/meminfo)
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
GIT_REV=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
SRC_REV=$(git log -1 --format=%h -- src pom.xml 2>/dev/null); SRC_REV=${SRC_REV:-?}
GIT_DIRTY=$(git status --porcelain -- src pom.xml 2>/dev/null | wc -l)
OTHERS_AT_END=$(pgrep -fc 'surefire|failsafe|maven' 2>/dev/null); OTHERS_AT_END=${OTHERS_AT_END:-0}
row() { # phase label vs-ceiling
  local p="$1"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "${R[$p.rps]}" "${R[$p.p50_ms]}" "${R[$p.p99_ms]}" \
    "${R[$p.errors]:-${R[$p.failed]:-0}}" "${R[$p.app_us]}" "${R[$p.pg_us]}" "${R[$p.app_cores]}" "${R[$p.busy_pct]}%" "$3"
}
list_bodies() { # phase: the distinct starts of the answers that were not 200
  local b; b=$(sed -n 's/^BODY n=[0-9]* //p' "$WORK/lists_$1.txt" | cut -c1-240 | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\1 × `\2`/')
  [ -n "$b" ] && { echo "Answers that were not 200 (start of the body, count):"; echo; sed 's/^/- /' <<<"$b"; echo; }
}
list_result() { # phase n: "complete" or why not
  local p="$1" k="$2"
  if [ "${R[$p.list$k.ok]:-0}" = 1 ]; then echo complete; return; fi
  local why=""
  [ "${R[$p.list$k.error]:--}" != - ] && why="${R[$p.list$k.error]}"
  [ "${R[$p.list$k.status]:-0}" != 200 ] && why="${why:+$why, }HTTP ${R[$p.list$k.status]:-none}"
  [ "${R[$p.list$k.status]:-0}" = 200 ] && [ "${R[$p.list$k.complete]:-0}" != 1 ] && why="${why:+$why, }body incomplete"
  [ -z "$why" ] && why="${R[$p.list$k.items]:-?} of ${R[$p.expect]} items"
  echo "**FAILED**: $why"
}
list_rows() { # phase count
  local p="$1" k
  for ((k = 1; k <= $2; k++)); do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$k" "${R[$p.list$k.status]:-?}" "${R[$p.list$k.seconds]:-?}" \
      "${R[$p.list$k.ttfb]:-?}" "${R[$p.list$k.items]:-?}" "${R[$p.list$k.ids]:-?}" \
      "$(awk -v b="${R[$p.list$k.bytes]:-0}" 'BEGIN { printf "%.1f", b / 1048576 }')" \
      "$(list_result "$p" "$k")"
  done
}

mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Benchmark results"
  echo
  echo "- Date: $START_TS"
  echo "- Machine: $NCPU cores ($CPU_MODEL), ${MEM_MB} MB RAM, $(uname -sr)"
  echo "- Java: $JAVA_VER; service JVM options: \`$JAVA_OPTS\`, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset} (the production settings unless overridden)"
  echo "- PostgreSQL: $PG_VER (127.0.0.1:5432, same machine); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); $(pgbench --version)"
  echo "- Service: commit $GIT_REV (src/ and pom.xml last changed in $SRC_REV; $GIT_DIRTY uncommitted files under them at run time), jar built $APP_BUILT"
  echo "- Load average (1/5/15 min): $START_LOAD at start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; other Maven/test processes on the machine: $OTHERS_AT_START at start, $OTHERS_AT_END at the end (anything above ~0.3 load or any such process at start means the 2 cores were shared)"
  echo "- Command: \`$COMMAND\`"
  echo "- Settings: $GATEWAYS gateways over $ORGS organizations ($pool reserved for PATCH), $THREADS wrk threads / pgbench jobs, $CONNECTIONS connections, ${DUR_S}s per phase; rollout simulated latency ${ROLLOUT_SIMULATED_LATENCY:-0ms}, jitter ${ROLLOUT_SIMULATED_JITTER:-0ms}"
  echo "- Seed: template gateways created through the API (READY; small: ${R[tpl.org.bytes]}-byte GET answer${R[tpl.l.bytes]:+, at the size limits: ${R[tpl.l.bytes]} bytes}), their rows cloned in SQL (\`bench/sql/seed.sql\`); $GATEWAYS gateways seeded in ${R[seed.main_s]} s"
  [ -n "${SCHEMA_NOTE:-}" ] && echo "- **Schema note**: $SCHEMA_NOTE"
  echo
  echo "## Operations at $GATEWAYS gateways ($CONNECTIONS connections)"
  echo
  echo "CPU per request: the service's utime + stime (\`/proc/PID/stat\`) and the whole PostgreSQL cluster's (postmaster, live children, reaped children) over the phase, divided by the phase's requests."
  echo
  echo "| operation | req/s | p50 ms | p99 ms | errors | app µs/req | PG µs/req | app cores | machine busy | vs ceiling |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  row get "GET /gateways/{id}" "$get_ratio_http × HTTP ceiling; $get_ratio_pg × pgbench select (prepared)"
  row list "LIST first page of 100" "$list_ratio_get × GET; $list_ratio_http × HTTP ceiling"
  row patch "PATCH full spec (real change)" "$patch_ratio × pgbench lock+update; $patch_ratio_full × pgbench full PATCH SQL"
  row create "POST create (3 zones)" "$create_ratio × HTTP ceiling"
  echo
  echo "Including the rollout work each write leaves (CPU from the phase's start to the end of its backlog's drain, per request of the phase): PATCH app ${R[patch_incl.app_us]} µs + PG ${R[patch_incl.pg_us]} µs${R[patch_incl.note]}; create app ${R[create_incl.app_us]} µs + PG ${R[create_incl.pg_us]} µs${R[create_incl.note]}."
  echo
  echo "Rollout backlog left by each write phase, drained after it (seconds): warm-up ${R[drain.warmup]}, PATCH ${R[drain.patch]}, create ${R[drain.create]} (${R[create.rows]} gateways in orgc after the create phase, with the warm-up's; a timeout gives the zone rows still due). Order of the run: warm-up, GET, LIST, PATCH, time to READY, ceilings, create, size sweep, watch, unpaged LIST, big pages, client disconnects, pickup (restarts the service)."
  echo
  echo "Reactive pool connections in use after each wrk phase (the service's sql_pool_active, right after the phase; after PATCH and create once their backlog drained, least of 3 readings): $POOL_AFTER."
  echo
  echo "## Warm-up"
  echo
  echo "Mixed traffic (4 GET, 4 LIST, 1 PATCH, 1 POST per 10) in windows of ${WIN_S} s until the last $WARMUP_STEADY windows' app CPU per request agree within ${WARMUP_TOLERANCE}% (max − min over mean), at most ${WARM_MAX_S} s: **${R[warmup.steady]}** after ${R[warmup.seconds]} s (spread of the last $WARMUP_STEADY: ${R[warmup.spread]}%)."
  echo
  echo "| window | req/s | p99 ms | app µs/req | PG µs/req | app cores | machine busy |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for ((k = 1; k <= WARM_WINDOWS; k++)); do
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$k" "${R[warm$k.rps]}" "${R[warm$k.p99_ms]}" "${R[warm$k.app_us]}" \
      "${R[warm$k.pg_us]}" "${R[warm$k.app_cores]}" "${R[warm$k.busy_pct]}%"
  done
  echo
  echo "## Ceilings (same machine, same client count, service idle)"
  echo
  echo "| ceiling | tps or req/s | p50 ms | p99 ms | errors | app µs/req | PG µs/req | app cores | machine busy | |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  row pg_select_prepared "pgbench GET SQL (select by key), -M prepared" "informational"
  row pg_select_simple "pgbench GET SQL, -M simple" "informational"
  row pg_update "pgbench lock (FOR NO KEY UPDATE) + update by key & version, -M prepared" "ceiling for PATCH"
  row pg_update_notrigger "the same, triggers off for pgbench's sessions (session_replication_role=replica)" "informational: cost of the change-history trigger"
  row pg_patch_full "pgbench the PATCH statements (lock, zone rows CTE, zone rows read, gateway update) + trigger, -M prepared" "informational"
  row http_live "wrk /q/health/live (HTTP ceiling)" "ceiling for GET, create"
  echo
  echo "pgbench p50/p99 come from a 10% sample of its per-transaction log; its \"app µs\" is the idle service's own CPU per transaction, and pgbench's own CPU is in neither column."
  echo
  echo "## Rollout: time to READY"
  echo
  echo "${R[ready.count]} gateways × $ZONES_PER_GATEWAY zones created at once (no other load; simulated driver at zero latency): creates took ${R[ready.create_s]} s (${R[ready.failed]} creates answered an error), ${R[ready.ready]} READY after **${R[ready.all_ready_s]} s** from the first create → **${R[ready.steps_per_s]} zone steps/s** (polling wall time ${R[ready.wall_s]} s); per gateway created and converged: app ${R[ready.app_us]} µs, PG ${R[ready.pg_us]} µs."
  echo
  echo "## Size sweep: GET and LIST as the table grows"
  echo
  echo "| gateways | seed s | GET req/s | GET p50 ms | GET p99 ms | GET app µs/req | LIST req/s | LIST p50 ms | LIST p99 ms | LIST app µs/req | errors |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${SIZES[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "${R[seed.$n]}" "${R[get_$n.rps]}" "${R[get_$n.p50_ms]}" \
      "${R[get_$n.p99_ms]}" "${R[get_$n.app_us]}" "${R[list_$n.rps]}" "${R[list_$n.p50_ms]}" "${R[list_$n.p99_ms]}" \
      "${R[list_$n.app_us]}" "$(( ${R[get_$n.errors]} + ${R[list_$n.errors]} ))"
  done
  echo
  echo "p99 growth from $first to $last gateways: GET × $get_growth, LIST × $list_growth."
  echo
  echo "## Memory of the standard run"
  echo
  echo "Service peak RSS over everything above: VmHWM **$RSS_HWM_MB MB** (max sampled VmRSS $RSS_MAX_MB MB); JVM options as above."
  echo "Service log: $SERVICE_LOG_MB MB written, $SERVICE_ERRORS ERROR and $SERVICE_WARNS WARN lines."
  if [ "$STRESS" = 1 ]; then
    echo
    echo "## Unpaged LIST of $UNPAGED_GATEWAYS gateways, $UNPAGED_LISTS at once, with GET load beside"
    echo
    echo "Organization orgu holds $UNPAGED_GATEWAYS small gateways (seeded with orgl's in ${R[seed.stress_s]} s, on top of the size sweep's last table). $UNPAGED_LISTS clients start \`GET /v1alpha1/inference/gateways\` (no pageSize) at the same instant and stream the answer, counting items (\`\"spec\":\`) and distinct ids without holding the body; each is cut after ${UNPAGED_TIMEOUT} s. Meanwhile wrk runs GETs of random gateways (1 thread, $UNPAGED_GET_CONNECTIONS connections) and /q/health/live is polled every ${HEALTH_INTERVAL} s (${HEALTH_TIMEOUT} s timeout)."
    echo
    echo "| list | HTTP status | seconds | first byte s | items | distinct ids | MB | result |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---|"
    list_rows unpaged "$UNPAGED_LISTS"
    echo
    list_bodies unpaged
    echo "- Phase: ${R[unpaged.secs]} s; service peak RSS **${R[unpaged.rss_mb]} MB** (${R[unpaged.rss_how]}; sampled max ${R[unpaged.rss_sampled_mb]} MB); service CPU ${R[unpaged.app_cores]:-?} cores."
    echo "- GET meanwhile: ${R[unpaged_get.rps]} req/s, p50 ${R[unpaged_get.p50_ms]} ms, **p99 ${R[unpaged_get.p99_ms]} ms**, max ${R[unpaged_get.max_ms]} ms, ${R[unpaged_get.errors]} errors (${R[unpaged_get.err_timeout]} timeouts of 10 s, ${R[unpaged_get.err_status]} non-2xx)."
    echo "- Liveness: ${R[unpaged.health_bad]} of ${R[unpaged.health_polls]} polls not 200 within ${HEALTH_TIMEOUT} s (by answer: ${R[unpaged.health_kinds]}; first: ${R[unpaged.health_first_bad]}; slowest answer ${R[unpaged.health_max_ms]} ms)."
    echo "- Service log during the phase: ${R[unpaged.log_errors]} ERROR lines, ${R[unpaged.log_oom]} lines naming OutOfMemoryError. Afterwards: ${R[unpaged.after]}."
    echo
    echo "## $LIMIT_PAGES concurrent pages of $LIMIT_PAGE_SIZE gateways at the size limits"
    echo
    echo "Organization orgl holds $LIMIT_GATEWAYS gateways with every list at its maximum (100 additionalDns names of 253 characters, 50 source ranges, every zone: ${R[tpl.l.bytes]} bytes each as GET answers them). $LIMIT_PAGES clients GET \`?pageSize=$LIMIT_PAGE_SIZE\` at the same instant (expecting ${R[pages.expect]} items each; cut after ${LIMIT_TIMEOUT} s), while /q/health/live is polled every ${HEALTH_INTERVAL} s (${HEALTH_TIMEOUT} s timeout)."
    echo
    echo "| page | HTTP status | seconds | first byte s | items | distinct ids | MB | result |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---|"
    list_rows pages "$LIMIT_PAGES"
    echo
    list_bodies pages
    echo "- Phase: ${R[pages.secs]} s; service peak RSS **${R[pages.rss_mb]} MB** (${R[pages.rss_how]}; sampled max ${R[pages.rss_sampled_mb]} MB)."
    echo "- Liveness: **${R[pages.health_bad]} of ${R[pages.health_polls]} polls not 200** within ${HEALTH_TIMEOUT} s (by answer: ${R[pages.health_kinds]}; first: ${R[pages.health_first_bad]}; slowest answer ${R[pages.health_max_ms]} ms)."
    echo "- Service log during the phase: ${R[pages.log_errors]} ERROR lines, ${R[pages.log_oom]} lines naming OutOfMemoryError. Afterwards: ${R[pages.after]}."
  fi
  if [ "$WATCH" = 1 ]; then
    echo
    echo "## Watch: $WATCHERS watchers on one instance while PATCHes run"
    echo
    echo "On the size sweep's last table ($last gateways, org0..org$((ORGS - 1))). One python process (\`bench/watchers.py\`, asyncio on raw sockets, no JSON parsing) opens $WATCHERS streams \`GET /gateways?watch=true&resourceVersion=V\` spread over the $ORGS organizations ($(( WATCHERS / ORGS )) each), V = the organization's list resourceVersion at start; it checks each stream by resourceVersion and takes latency = receive time − the event's \`gateway.status.updatedAt\` (same machine clock). PATCHes (\`bench/patch_load.py\`: exact count, random gateways of the PATCH pool spread over the organizations, every one a real change): $WATCH_PATCHES at full speed ($CONNECTIONS connections) without watchers, then $WATCH_PACED_COUNT paced at $WATCH_PACED_RATE/s and $WATCH_PATCHES at full speed with them, then $WATCH_PATCHES without them again; the rollout backlog is drained after each."
    echo
    if [ -n "${R[watch.failed]}" ]; then echo "**The phase failed**: ${R[watch.failed]}"; echo; fi
    echo "| PATCH load | PATCHes | failed | seconds | PATCH/s | p50 ms | p99 ms | app µs/PATCH | PG µs/PATCH | app cores | machine busy | watcher process cores |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for q in "watch_without|without watchers|-" "watch_paced|with $WATCHERS watchers, paced $WATCH_PACED_RATE/s|${R[watch.py_paced_cores]}" \
             "watch_with|with $WATCHERS watchers, full speed|${R[watch.py_with_cores]}" "watch_without2|without watchers, again|-"; do
      IFS='|' read -r ph label pyc <<<"$q"
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "${R[$ph.sent]}" "${R[$ph.failed]}" "${R[$ph.seconds]}" \
        "${R[$ph.rps]}" "${R[$ph.p50_ms]}" "${R[$ph.p99_ms]}" "${R[$ph.app_us]}" "${R[$ph.pg_us]}" "${R[$ph.app_cores]}" "${R[$ph.busy_pct]}%" "$pyc"
    done
    echo
    echo "- PATCH throughput with the watchers: **${R[watch.ratio]} ×** the mean without them (${R[watch_with.rps]} vs ${R[watch_without.rps]} and ${R[watch_without2.rps]} PATCH/s)."
    echo "- Completeness: **${R[watch.complete]} of $WATCHERS** watchers received every event of their organization once and in order (versions consecutive from the start to the organization's final version): ${R[watch.missing]} versions missing (over ${R[watch.gap_watchers]} watchers), ${R[watch.duplicates]} duplicates, ${R[watch.errors]} ERROR events, ${R[watch.ended]} streams ended by the service, ${R[watch.status_bad]} refused; ${R[watch.events]} change events delivered of ${R[watch.expected]} expected; ${R[watch.bookmarks]} BOOKMARKs (${R[watch.bookmark_mismatch]} not at the watcher's version). Connected in ${R[watch.connect_seconds]} s; at the end the watchers needed ${R[watch.waited_s]} s to reach the final versions."
    echo
    echo "| organization | start version | final version | events per watcher | complete watchers |"
    echo "|---|---:|---:|---:|---:|"
    grep '^ORG ' "$WORK/watchers.txt" 2>/dev/null | while read -r _ a b c d e _; do
      printf '| %s | %s | %s | %s | %s of %s |\n' "${a#org=}" "${b#start=}" "${c#final=}" "$(( ${c#final=} - ${b#start=} ))" "${e#complete=}" "${d#watchers=}"
    done
    echo
    echo "| latency from the change (status.updatedAt) to delivery | events delivered | p50 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|"
    echo "| paced PATCHes ($WATCH_PACED_RATE/s) | ${R[watch.seg1.events]} | ${R[watch.seg1.p50_ms]} | ${R[watch.seg1.p99_ms]} | ${R[watch.seg1.max_ms]} |"
    echo "| full-speed PATCHes | ${R[watch.seg2.events]} | ${R[watch.seg2.p50_ms]} | ${R[watch.seg2.p99_ms]} | ${R[watch.seg2.max_ms]} |"
    echo
    echo "- Service RSS idle (mean of ${WATCH_IDLE_S} s of 0.5 s samples): **${R[watch.rss_idle_without]} MB without watchers, ${R[watch.rss_idle_with]} MB with $WATCHERS connected** (${R[watch.rss_delta]} MB); peak during the PATCH loads with them ${R[watch.rss_peak]} MB (VmHWM, reset after they connected), ${R[watch.rss_after_with]} MB after."
    echo "- Service idle with the watchers connected: ${R[watch_idle.app_cores]} cores. Watcher process: ${R[watch.py_idle_cores]} cores idle, ${R[watch.py_paced_cores]} during the paced PATCHes, ${R[watch.py_with_cores]} at full speed; ${R[watch.py_cpu_s]} s of CPU in all, ${R[watch.maxrss_mb]} MB RSS (on 2 cores shared with the service, PostgreSQL and the PATCH client)."
    echo "- Service log during the phase: ${R[watch.log_errors]} ERROR and ${R[watch.log_warns]} WARN lines."
  fi
  if [ "$PICKUP" = 1 ]; then
    echo
    echo "## Rollout pickup: accepted PATCH to the first zone step"
    echo
    echo "\`rollout_zone_pickup_seconds\` quantiles from /q/metrics after $(( PICKUP_RATE * PICKUP_SECONDS )) PATCHes paced at $PICKUP_RATE/s ($PICKUP_SECONDS s, 4 connections; simulated driver at zero latency; 3 zones each, so 3 samples per PATCH), once with the wake-up on (PostgreSQL NOTIFY), once off (\`ROLLOUT_WAKE_ON_SIGNAL=false\`: found at the next poll, \`rollout.poll-interval\` 200 ms). The quantiles are over the timer's rolling window (Micrometer: 3 histograms rotated every 20 s from the meter's creation at start-up): the service is restarted for each setting (same database, at the end of the run), warmed up with PATCHes at the same pace for its first 16 s, the series runs from 21 s after it is ready, and the metrics are read between 61 s after ready and 79 s after launch, when the published histogram holds exactly the samples since 20 s after start-up. The count and sum deltas over the series check the window (samples vs 3 × PATCHes; a few fewer when a gateway is PATCHed again before its zones were picked up, since the superseded generation then has no first step) and give the mean. Micrometer's quantiles are approximate (HdrHistogram, about ±6 %)."
    echo
    echo "| wake-up | PATCHes (failed) | samples (expected) | p50 ms | p99 ms | mean ms | max ms | window | warm-up | start-up s |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---|---:|"
    for k in on off; do
      printf '| %s | %s (%s) | %s (%s) | %s | %s | %s | %s | %s | %s | %s |\n' "$k" "${R[pickup_$k.sent]}" "${R[pickup_$k.failed]}" \
        "${R[pickup_$k.samples]}" "${R[pickup_$k.expected]}" "${R[pickup_$k.p50_ms]}" "${R[pickup_$k.p99_ms]}" "${R[pickup_$k.mean_ms]}" \
        "${R[pickup_$k.max_ms]}" "${R[pickup_$k.window]}" "${R[pickup_$k.warm]}" "${R[pickup_$k.startup_s]}"
    done
  fi
  echo
  echo "## Clients that go away mid-list"
  echo
  echo "Twice a LIST load (\`list.lua\`, $CONNECTIONS connections, 3 s) that wrk ends by closing its connections with lists in flight (${R[disconnect.requests]} lists answered in all); then the reactive pool's connections in use on the idle service (least of 3 readings): **${R[disconnect.before]} before, ${R[disconnect.after1]} after the first, ${R[disconnect.after2]} after the second** (pool size: quarkus.datasource.reactive.max-size, 20); readiness afterwards: ${R[disconnect.ready]}. Every connection in use on an idle service is one leaked: once the pool is used up every database call waits for one (readiness 503, GET/LIST/PATCH and the rollout stall) until the restart. The measured LIST phases end gracefully for that reason (no request in flight when wrk closes its connections)."
  echo
  echo "## Targets"
  echo
  echo "| target | measured | result |"
  echo "|---|---|---|"
  echo "| GET ≥ 0.35 × HTTP ceiling (/q/health/live) | $get_ratio_http × (${R[get.rps]} vs ${R[http_live.rps]}) | $T_GET |"
  echo "| LIST page of 100 ≥ 0.15 × GET | $list_ratio_get × (${R[list.rps]} vs ${R[get.rps]}) | $T_LIST |"
  echo "| PATCH ≥ 0.25 × pgbench lock + update | $patch_ratio × (${R[patch.rps]} vs ${R[pg_update.rps]}) | $T_PATCH |"
  echo "| p99 < 20 ms at $CONNECTIONS connections | GET ${R[get.p99_ms]}, LIST ${R[list.p99_ms]}, PATCH ${R[patch.p99_ms]}, create ${R[create.p99_ms]} ms | $T_P99 |"
  echo "| ≥ 1,000 zone steps/s | ${R[ready.steps_per_s]} | $T_STEPS |"
  echo "| GET p99 at $last within 1.5× of $first | × $get_growth (${R[get_$last.p99_ms]} vs ${R[get_$first.p99_ms]} ms) | $T_GROW_GET |"
  echo "| LIST p99 at $last within 1.5× of $first | × $list_growth (${R[list_$last.p99_ms]} vs ${R[list_$first.p99_ms]} ms) | $T_GROW_LIST |"
  echo "| peak RSS of the standard run ≤ 350 MB | $RSS_HWM_MB MB | $T_RSS |"
  if [ "$STRESS" = 1 ]; then
    echo "| unpaged LIST of $UNPAGED_GATEWAYS: all $UNPAGED_LISTS answer 200 with every item | ${R[unpaged.lists_ok]} of $UNPAGED_LISTS complete | $T_U_ITEMS |"
    echo "| unpaged LIST: each complete within 15 s | slowest ${R[unpaged.max_s]} s (cut at ${UNPAGED_TIMEOUT} s) | $T_U_TIME |"
    echo "| unpaged LIST: peak RSS ≤ 400 MB | ${R[unpaged.rss_mb]} MB | $T_U_RSS |"
    echo "| unpaged LIST: GET p99 ≤ 50 ms meanwhile (and no GET error) | ${R[unpaged_get.p99_ms]} ms, ${R[unpaged_get.errors]} errors | $T_U_P99 |"
    echo "| $LIMIT_PAGES × pageSize=$LIMIT_PAGE_SIZE at the size limits: all 200 with every item | ${R[pages.lists_ok]} of $LIMIT_PAGES complete | $T_P_ITEMS |"
    echo "| … and liveness 200 throughout | ${R[pages.health_bad]} of ${R[pages.health_polls]} polls failed | $T_P_LIVE |"
  fi
  if [ "$WATCH" = 1 ]; then
    echo "| watch: every one of $WATCHERS watchers received every event of its organization (no gap, no duplicate) | ${R[watch.complete]} of $WATCHERS complete | $T_W_COMPLETE |"
  fi
  if [ "$PICKUP" = 1 ]; then
    echo "| rollout pickup p50 ≤ 20 ms with the wake-up | ${R[pickup_on.p50_ms]} ms (off: ${R[pickup_off.p50_ms]} ms) | $T_PICKUP |"
  fi
  echo "| clients that go away mid-list leak no database connection (pool in use on the idle service after two cut LIST loads: 0) | ${R[disconnect.after2]} in use (${R[disconnect.before]} before), readiness ${R[disconnect.ready]} | $T_DISCONNECT |"
  echo "| (run validity) warm-up reached a steady state | ${R[warmup.steady]} after ${R[warmup.seconds]} s | $T_WARM |"
  echo
  echo "Raw wrk, pgbench and list outputs of this run: \`$(basename "${RESULTS%.md}")-raw.txt\` next to this file."
} > "$RESULTS"
# no path of this machine in the saved files
sed -i -e "s#$REPO/##g" -e "s#$WORK#<work>#g" "$RESULTS"
sed -e "s#$REPO/##g" -e "s#$WORK#<work>#g" "$RAW" > "${RESULTS%.md}-raw.txt"

echo
echo "=== headline ($RESULTS)"
printf 'GET    %8s req/s  p99 %7s ms  app %5s µs  PG %5s µs  = %s x HTTP ceiling (%s req/s)   %s\n' "${R[get.rps]}" "${R[get.p99_ms]}" "${R[get.app_us]}" "${R[get.pg_us]}" "$get_ratio_http" "${R[http_live.rps]}" "$T_GET"
printf 'LIST   %8s req/s  p99 %7s ms  app %5s µs  PG %5s µs  = %s x GET   %s\n' "${R[list.rps]}" "${R[list.p99_ms]}" "${R[list.app_us]}" "${R[list.pg_us]}" "$list_ratio_get" "$T_LIST"
printf 'PATCH  %8s req/s  p99 %7s ms  app %5s µs  PG %5s µs  = %s x pgbench lock+update (%s tps)   %s\n' "${R[patch.rps]}" "${R[patch.p99_ms]}" "${R[patch.app_us]}" "${R[patch.pg_us]}" "$patch_ratio" "${R[pg_update.rps]}" "$T_PATCH"
printf 'CREATE %8s req/s  p99 %7s ms  app %5s µs  PG %5s µs\n' "${R[create.rps]}" "${R[create.p99_ms]}" "${R[create.app_us]}" "${R[create.pg_us]}"
echo "Warm-up: ${R[warmup.steady]} after ${R[warmup.seconds]} s"
echo "p99 < 20 ms: $T_P99"
echo "READY: ${R[ready.count]} gateways x 3 zones all READY in ${R[ready.all_ready_s]} s = ${R[ready.steps_per_s]} zone steps/s   $T_STEPS"
echo "Growth $first -> $last: GET p99 x $get_growth ($T_GROW_GET), LIST p99 x $list_growth ($T_GROW_LIST)"
echo "Peak RSS (standard run): $RSS_HWM_MB MB (VmHWM)   $T_RSS"
if [ "$STRESS" = 1 ]; then
  echo "Unpaged LIST x$UNPAGED_LISTS of $UNPAGED_GATEWAYS: ${R[unpaged.lists_ok]}/$UNPAGED_LISTS complete ($T_U_ITEMS), slowest ${R[unpaged.max_s]} s ($T_U_TIME), RSS ${R[unpaged.rss_mb]} MB ($T_U_RSS), GET p99 ${R[unpaged_get.p99_ms]} ms ($T_U_P99)"
  echo "Pages ${LIMIT_PAGES}x$LIMIT_PAGE_SIZE at size limits: ${R[pages.lists_ok]}/$LIMIT_PAGES complete ($T_P_ITEMS), liveness bad ${R[pages.health_bad]}/${R[pages.health_polls]} ($T_P_LIVE)"
fi
if [ "$WATCH" = 1 ]; then
  echo "Watch x$WATCHERS: ${R[watch.complete]}/$WATCHERS complete ($T_W_COMPLETE); latency paced p50 ${R[watch.seg1.p50_ms]} p99 ${R[watch.seg1.p99_ms]} ms, full speed p50 ${R[watch.seg2.p50_ms]} p99 ${R[watch.seg2.p99_ms]} ms; RSS idle ${R[watch.rss_idle_without]} -> ${R[watch.rss_idle_with]} MB; PATCH/s with/without ${R[watch.ratio]}"
fi
echo "Disconnects: pool in use after two cut LIST loads ${R[disconnect.after2]} (before ${R[disconnect.before]}), readiness ${R[disconnect.ready]} ($T_DISCONNECT)"
if [ "$PICKUP" = 1 ]; then
  echo "Pickup p50/p99: wake on ${R[pickup_on.p50_ms]}/${R[pickup_on.p99_ms]} ms, off ${R[pickup_off.p50_ms]}/${R[pickup_off.p99_ms]} ms ($T_PICKUP)"
fi
