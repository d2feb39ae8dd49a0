#!/usr/bin/env bash
# Benchmark harness of the gateway control plane. One command, one run: see bench/README.md.
#
#   bench/run.sh                                   # full default run (~10 minutes)
#   BENCH_DURATION=3s BENCH_WARMUP=3s BENCH_SIZES=1000 GATEWAYS=1000 READY_GATEWAYS=200 bench/run.sh   # smoke
#
# Everything it starts (the service, samplers, databases) is cleaned up at exit.
set -uo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"

# ------------------------------------------------------------------------------------------------ settings
GATEWAYS="${GATEWAYS:-10000}"                 # seeded gateways of the main run
ORGS="${ORGS:-10}"                            # organizations they are spread over (org0..)
PATCH_POOL="${PATCH_POOL:-1000}"              # gateways reserved for PATCH (at most GATEWAYS/5)
READY_GATEWAYS="${READY_GATEWAYS:-1000}"      # gateways created for the time-to-READY test
BENCH_DURATION="${BENCH_DURATION:-20s}"       # each measured phase
BENCH_WARMUP="${BENCH_WARMUP:-20s}"           # mixed warm-up before the measured phases
BENCH_REWARM="${BENCH_REWARM:-10s}"           # warm-up after each reseed of the size sweep
BENCH_SIZES="${BENCH_SIZES:-1000 10000 100000}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
BENCH_PORT="${BENCH_PORT:-18180}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-300}"         # seconds to wait for rollout backlogs to drain
READY_TIMEOUT="${READY_TIMEOUT:-300}"
# The production JVM settings of the JVM image and the Kubernetes manifests (src/main/docker/Dockerfile.jvm,
# quarkus.kubernetes.env.vars.* in application.properties): -Xmx256m, SerialGC, bounded native areas, and
# MALLOC_ARENA_MAX=2. Set JAVA_OPTS="-Xmx256m" MALLOC_ARENA_MAX= to measure the bare JVM defaults instead.
JAVA_OPTS="${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k}"
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX-2}"
BENCH_BUILD="${BENCH_BUILD:-auto}"            # auto: build only if no packaged jar; 1: always; 0: never
APP_SRC="${APP_SRC:-$REPO/target/quarkus-app}"
RESULTS="${RESULTS:-$BENCH_DIR/results/latest.md}"
PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export PGHOST PGPORT PGUSER
ZONES_PER_GATEWAY=3

dur_s() { local d="$1"; case "$d" in *ms) echo 1;; *m) echo $(( ${d%m} * 60 ));; *s) echo "${d%s}";; *) echo "$d";; esac; }
DUR_S="$(dur_s "$BENCH_DURATION")"
WARM_S="$(dur_s "$BENCH_WARMUP")"
REWARM_S="$(dur_s "$BENCH_REWARM")"

RUN_ID="$$"
WORK="$(mktemp -d /tmp/bench-run.XXXXXX)"
APP_DIR="$WORK/app"
RAW="$WORK/raw.txt"
DBS=()
APP_PID=""
SAMPLER_PID=""
COMMAND="$(for v in GATEWAYS ORGS PATCH_POOL READY_GATEWAYS BENCH_DURATION BENCH_WARMUP BENCH_REWARM BENCH_SIZES THREADS CONNECTIONS; do
  printf '%s=%q ' "$v" "${!v}"; done)bench/run.sh"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
fcalc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }

cleanup() {
  local rc=$?
  set +e
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID"; for _ in $(seq 40); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$APP_PID" 2>/dev/null
  fi
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
  for t in psql curl java awk python3; do command -v $t >/dev/null || die "missing $t"; done
  psql -qAt -d postgres -c 'select 1' >/dev/null || die "PostgreSQL not reachable at $PGHOST:$PGPORT as $PGUSER"
}

# ------------------------------------------------------------------------------------------------ service
maven_busy() { pgrep -f "maven.multiModuleProjectDirectory=$REPO( |\$)" >/dev/null 2>&1; }

prepare_app() {
  local waited=0
  while maven_busy && [ $waited -lt 300 ]; do log "a Maven build of $REPO is running; waiting"; sleep 5; waited=$((waited + 5)); done
  if [ "$BENCH_BUILD" = 1 ] || { [ "$BENCH_BUILD" = auto ] && [ ! -f "$APP_SRC/quarkus-run.jar" ]; }; then
    log "building the service (./mvnw -B -q package -DskipTests)"
    (cd "$REPO" && ./mvnw -B -q package -DskipTests) || die "build failed"
  fi
  [ -f "$APP_SRC/quarkus-run.jar" ] || die "no $APP_SRC/quarkus-run.jar (build with ./mvnw -B -q package -DskipTests)"
  # private copy, so a concurrent rebuild cannot change the jar under the running service
  cp -r "$APP_SRC" "$APP_DIR" || die "cannot copy $APP_SRC"
  APP_BUILT="$(date -u -r "$APP_DIR/app" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
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
  t+="tokc=orgc:admin,tokr=orgready:admin"
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
  ROLLOUT_SIMULATED_LATENCY="${ROLLOUT_SIMULATED_LATENCY:-0ms}" \
  ROLLOUT_SIMULATED_JITTER="${ROLLOUT_SIMULATED_JITTER:-0ms}" \
  ROLLOUT_ENABLED="${ROLLOUT_ENABLED:-true}" \
  env ${ROLLOUT_CONCURRENCY:+ROLLOUT_CONCURRENCY=$ROLLOUT_CONCURRENCY} \
  ${ROLLOUT_BATCH_SIZE:+ROLLOUT_BATCH_SIZE=$ROLLOUT_BATCH_SIZE} \
  ${MALLOC_ARENA_MAX:+MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX} \
    java $JAVA_OPTS -jar "$APP_DIR/quarkus-run.jar" > "$WORK/service.log" 2>&1 &
  APP_PID=$!
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 240); do
    kill -0 "$APP_PID" 2>/dev/null || { tail -20 "$WORK/service.log" >&2; die "service exited at start"; }
    if curl -sf "http://127.0.0.1:$BENCH_PORT/q/health/ready" >/dev/null 2>&1; then
      STARTUP_S=$(fcalc "$(date +%s.%N) - $t0" 1)
      log "service pid $APP_PID ready on :$BENCH_PORT after ${STARTUP_S}s (db $db)"
      return 0
    fi
    sleep 0.25
  done
  die "service not ready after 60 s"
}

start_sampler() {
  # peak RSS while the service runs: max VmRSS over 0.5 s samples (VmHWM read separately at the end)
  ( max=0; while kill -0 "$APP_PID" 2>/dev/null; do
      r=$(awk '/^VmRSS/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
      [ -n "$r" ] && [ "$r" -gt "$max" ] && { max=$r; echo "$max" > "$WORK/rss_max_kb"; }
      sleep 0.5
    done ) &
  SAMPLER_PID=$!
}

# ------------------------------------------------------------------------------------------------ data
psql_db() { psql -qAtX -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

seed() { # seed N: empties the tables, inserts N READY gateways, VACUUM ANALYZE, writes the id files
  local n="$1" pool="$2"
  local t0; t0=$(date +%s.%N)
  psql_db -c "TRUNCATE gateway, gateway_zone" || die "truncate failed"
  psql_db -v n="$n" -v orgs="$ORGS" -f "$BENCH_DIR/sql/seed.sql" || die "seed failed"
  psql_db -c "VACUUM ANALYZE gateway" -c "VACUUM ANALYZE gateway_zone" || die "vacuum failed"
  SEED_S=$(fcalc "$(date +%s.%N) - $t0" 1)
  # GET pool: 1..n-pool; PATCH pool: n-pool+1..n
  psql_db -c "SELECT md5('bench-gw-' || i)::uuid || ' tok' || (i % $ORGS) FROM generate_series(1, $((n - pool))) i" > "$WORK/ids_get.txt"
  if [ "$pool" -gt 0 ]; then
    psql_db -c "SELECT md5('bench-gw-' || i)::uuid || ' tok' || (i % $ORGS) FROM generate_series($((n - pool + 1)), $n) i" > "$WORK/ids_patch.txt"
  fi
  log "seeded $n gateways (patch pool $pool) in ${SEED_S}s"
}

verify_seed() {
  local line id tok body
  line=$(head -1 "$WORK/ids_get.txt"); id=${line% *}; tok=${line#* }
  body=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $tok" "http://127.0.0.1:$BENCH_PORT/v1alpha1/inference/gateways/$id")
  local code=${body##*$'\n'}
  if [ "$code" != 200 ] || ! grep -q '"status":"STATUS_READY"' <<<"$body"; then
    die "seeded gateway $id does not read back as 200 + STATUS_READY: $body"
  fi
  grep -q '"status":"True","reason":"Converged"' <<<"$body" || die "seeded gateway $id has no converged conditions: $body"
  # a list page must parse too (every row of the page goes through the JSON mapper)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer tok0" "http://127.0.0.1:$BENCH_PORT/v1alpha1/inference/gateways?pageSize=100")
  [ "$code" = 200 ] || die "list of a seeded organization answers $code"
  log "seed verified through the API: GET $id -> 200 STATUS_READY"
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
cpu_snapshot() { # "<app ticks> <busy ticks> <total ticks>"
  local app busy total
  app=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat" 2>/dev/null || echo 0)
  read -r busy total < <(awk '/^cpu / {t=0; for (i=2;i<=NF;i++) t+=$i; print t-$5-$6, t}' /proc/stat)
  echo "$app $busy $total"
}
cpu_delta() { # before after -> "app_cores machine_busy_pct"
  local a0 b0 t0 a1 b1 t1 hz ncpu; read -r a0 b0 t0 <<<"$1"; read -r a1 b1 t1 <<<"$2"
  hz=$(getconf CLK_TCK); ncpu=$(nproc)
  awk -v a=$((a1 - a0)) -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v hz="$hz" -v n="$ncpu" \
    'BEGIN { secs = t / hz / n; printf "%.2f %.0f", (secs > 0 ? a / hz / secs : 0), (t > 0 ? 100 * b / t : 0) }'
}

declare -A R   # results: R[<phase>.<field>]

run_wrk() { # phase script duration_s [extra env as NAME=VALUE...]
  local phase="$1" script="$2" secs="$3"; shift 3
  local out="$WORK/wrk_$phase.txt" before after
  before=$(cpu_snapshot)
  env BENCH_LUA="$BENCH_DIR/lua" BENCH_IDS="$WORK/ids_get.txt" BENCH_PATCH_IDS="$WORK/ids_patch.txt" \
      BENCH_TOKENS="$WORK/tokens.txt" BENCH_CREATE_TOKEN=tokc BENCH_SALT="$phase" "$@" \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency -s "$BENCH_DIR/lua/$script" \
      "http://127.0.0.1:$BENCH_PORT${WRK_PATH:-/}" > "$out" 2>&1
  after=$(cpu_snapshot)
  { echo "=== wrk $phase ($script, ${secs}s)"; cat "$out"; } >> "$RAW"
  local line; line=$(grep '^BENCH ' "$out" | tail -1)
  [ -n "$line" ] || { cat "$out" >&2; die "wrk phase $phase produced no summary"; }
  for kv in ${line#BENCH }; do R["$phase.${kv%%=*}"]="${kv#*=}"; done
  read -r R["$phase.app_cores"] R["$phase.busy_pct"] <<<"$(cpu_delta "$before" "$after")"
  local errs=$(( ${R[$phase.err_status]} + ${R[$phase.err_connect]} + ${R[$phase.err_read]} + ${R[$phase.err_write]} + ${R[$phase.err_timeout]} ))
  R["$phase.errors"]=$errs
  log "$phase: ${R[$phase.rps]} req/s  p50 ${R[$phase.p50_ms]} ms  p99 ${R[$phase.p99_ms]} ms  errors $errs  (app ${R[$phase.app_cores]} cores, machine ${R[$phase.busy_pct]}% busy)"
}

run_pgbench() { # phase script mode [-D ...]
  local phase="$1" script="$2" mode="$3"; shift 3
  local out="$WORK/pgb_$phase.txt" before after
  psql_db -c "VACUUM ANALYZE gateway" -c "VACUUM ANALYZE gateway_zone" >/dev/null
  before=$(cpu_snapshot)
  ( cd "$WORK" && rm -f pgbench_log.* && pgbench -n -c"$CONNECTIONS" -j"$THREADS" -T"$DUR_S" -M "$mode" \
      --log --sampling-rate=0.1 -f "$BENCH_DIR/sql/$script" "$@" "$DB" ) > "$out" 2>&1
  after=$(cpu_snapshot)
  { echo "=== pgbench $phase ($script, -M $mode)"; cat "$out"; } >> "$RAW"
  local tps; tps=$(awk -F'= ' '/^tps = / {split($2, a, " "); print a[1]}' "$out" | head -1)
  [ -n "$tps" ] || { cat "$out" >&2; die "pgbench $phase failed"; }
  R["$phase.rps"]=$(fcalc "$tps" 1)
  R["$phase.mean_ms"]=$(awk -F'= ' '/^latency average/ {split($2, a, " "); print a[1]}' "$out")
  R["$phase.failed"]=$(awk '/number of failed transactions/ {print $5}' "$out")
  # p50/p99 from the 10% sample of per-transaction log lines (3rd field: latency in microseconds)
  read -r R["$phase.p50_ms"] R["$phase.p99_ms"] < <(cat "$WORK"/pgbench_log.* 2>/dev/null | awk '{print $3}' | sort -n |
    awk '{v[NR]=$1} END { if (NR == 0) { print "? ?"; exit } i50=int(NR*0.50); if (i50<1) i50=1; i99=int(NR*0.99); if (i99<1) i99=1;
                          printf "%.3f %.3f\n", v[i50]/1000, v[i99]/1000 }')
  rm -f "$WORK"/pgbench_log.*
  read -r R["$phase.app_cores"] R["$phase.busy_pct"] <<<"$(cpu_delta "$before" "$after")"
  log "$phase: ${R[$phase.rps]} tps  mean ${R[$phase.mean_ms]} ms  p99 ${R[$phase.p99_ms]} ms  failed ${R[$phase.failed]:-0}"
}

ready_test() { # creates READY_GATEWAYS gateways over 3 zones as fast as possible, times until all are READY
  local total=$READY_GATEWAYS
  log "time-to-READY: creating $total gateways x $ZONES_PER_GATEWAY zones ($CONNECTIONS connections)"
  local t0; t0=$(date +%s.%N)
  python3 "$BENCH_DIR/create_burst.py" "$BENCH_PORT" tokr "$total" "$CONNECTIONS" > "$WORK/ready_creates.txt" 2>&1
  { echo "=== create burst"; cat "$WORK/ready_creates.txt"; } >> "$RAW"
  R[ready.failed]=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' "$WORK/ready_creates.txt"); R[ready.failed]=${R[ready.failed]:-?}
  local n=0 ready=0 i=0 limit=$(( READY_TIMEOUT * 10 ))
  while [ $i -lt $limit ]; do
    read -r n ready < <(psql_db -F' ' -c "SELECT count(*), count(*) FILTER (WHERE status = 'STATUS_READY') FROM gateway WHERE organization_id = 'orgready'")
    [ "$n" -gt 0 ] && [ "$ready" -ge "$n" ] && break
    sleep 0.1; i=$((i + 1))
  done
  R[ready.wall_s]=$(fcalc "$(date +%s.%N) - $t0" 2)
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

# ------------------------------------------------------------------------------------------------ report helpers
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
passmiss() { awk "BEGIN { print (($1) ? \"PASS\" : \"MISS\") }" 2>/dev/null || echo MISS; }

# ================================================================================================ main
START_TS="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
START_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
log "work dir $WORK; load: $(uptime | sed 's/.*load average: //')"
ensure_tools
prepare_app

DB=$(new_db main); DBS+=("$DB")
start_app "$DB"
start_sampler
pool=$PATCH_POOL; [ "$pool" -gt $((GATEWAYS / 5)) ] && pool=$((GATEWAYS / 5))
seed "$GATEWAYS" "$pool"
R[seed.main_s]=$SEED_S
verify_seed

log "warm-up ${WARM_S}s (mixed GET/LIST/PATCH/POST)"
run_wrk warmup warmup.lua "$WARM_S"
R[drain.warmup]=$(drain warmup)

run_wrk get get.lua "$DUR_S"
run_wrk list list.lua "$DUR_S"
run_wrk patch patch.lua "$DUR_S"
R[drain.patch]=$(drain patch)
run_wrk create create.lua "$DUR_S"
R[drain.create]=$(drain create)
R[create.rows]=$(psql_db -c "SELECT count(*) FROM gateway WHERE organization_id = 'orgc'")

ready_test

# ceilings, against the same database and machine (service idle)
run_pgbench pg_select_prepared pg_select.sql prepared -D ngetpool=$((GATEWAYS - pool))
run_pgbench pg_select_simple pg_select.sql simple -D ngetpool=$((GATEWAYS - pool))
SPEC_A='{"name": "pg-a", "zones": ["US-EAST-04A", "US-WEST-09B", "EU-SOUTH-03A"], "coreWeaveAuth": {}, "bodyBasedRouting": null, "pathBasedRouting": {}, "headerBasedRouting": null, "weightsAndBiasesAuth": null, "endpointConfiguration": {"additionalDns": [], "allowedSourceIpRanges": []}}'
SPEC_B='{"name": "pg-b", "zones": ["US-EAST-04A", "US-WEST-09B", "EU-SOUTH-03A"], "coreWeaveAuth": {}, "bodyBasedRouting": null, "pathBasedRouting": null, "headerBasedRouting": {"headerName": "x-model"}, "weightsAndBiasesAuth": null, "endpointConfiguration": {"additionalDns": [], "allowedSourceIpRanges": []}}'
run_pgbench pg_update pg_update.sql prepared -D plo=$((GATEWAYS - pool + 1)) -D phi="$GATEWAYS" -D speca="$SPEC_A" -D specb="$SPEC_B"
run_pgbench pg_patch_full pg_patch_full.sql prepared -D plo=$((GATEWAYS - pool + 1)) -D phi="$GATEWAYS" -D speca="$SPEC_A" -D specb="$SPEC_B"
WRK_PATH=/q/health/live run_wrk http_live plain.lua "$DUR_S"

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

RSS_HWM_KB=$(awk '/^VmHWM/ {print $2}' "/proc/$APP_PID/status")
RSS_MAX_KB=$(cat "$WORK/rss_max_kb" 2>/dev/null || echo 0)
RSS_HWM_MB=$(( RSS_HWM_KB / 1024 )); RSS_MAX_MB=$(( RSS_MAX_KB / 1024 ))
SERVICE_ERRORS=$(grep -c '"level":"ERROR"' "$WORK/service.log" 2>/dev/null); SERVICE_ERRORS=${SERVICE_ERRORS:-0}
SERVICE_WARNS=$(grep -c '"level":"WARN"' "$WORK/service.log" 2>/dev/null); SERVICE_WARNS=${SERVICE_WARNS:-0}
SERVICE_LOG_MB=$(( $(stat -c %s "$WORK/service.log") / 1048576 ))

# ------------------------------------------------------------------------------------------------ report
first=${SIZES[0]}; last=${SIZES[$((${#SIZES[@]} - 1))]}
get_ratio=$(ratio "${R[get.rps]}" "${R[pg_select_prepared.rps]}")
patch_ratio=$(ratio "${R[patch.rps]}" "${R[pg_update.rps]}")
list_ratio=$(ratio "${R[list.rps]}" "${R[http_live.rps]}")
create_ratio=$(ratio "${R[create.rps]}" "${R[http_live.rps]}")
get_ratio_http=$(ratio "${R[get.rps]}" "${R[http_live.rps]}")
patch_ratio_full=$(ratio "${R[patch.rps]}" "${R[pg_patch_full.rps]}")
get_growth=$(ratio "${R[get_$last.p99_ms]}" "${R[get_$first.p99_ms]}")
list_growth=$(ratio "${R[list_$last.p99_ms]}" "${R[list_$first.p99_ms]}")

T_GET=$(passmiss "$get_ratio >= 0.5")
T_PATCH=$(passmiss "$patch_ratio >= 0.4")
T_P99=""
for op in get list patch create; do T_P99+="$op $(passmiss "${R[$op.p99_ms]} < 20"), "; done
T_P99=${T_P99%, }
if [[ "${R[ready.steps_per_s]}" =~ ^[0-9]+$ ]]; then T_STEPS=$(passmiss "${R[ready.steps_per_s]} >= 1000"); else T_STEPS=MISS; fi
T_GROW_GET=$(passmiss "$get_growth <= 1.5"); T_GROW_LIST=$(passmiss "$list_growth <= 1.5")
T_RSS=$(passmiss "$RSS_HWM_MB <= 350")

JAVA_VER=$(java -version 2>&1 | head -1)
PG_VER=$(psql -qAtX -d postgres -c 'SHOW server_version')
MEM_MB=$(awk '/^MemTotal/ {printf "%d", $2 / 1024}' /proc/meminfo)
CPU_MODEL=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
GIT_REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')
GIT_DIRTY=$(git -C "$REPO" status --porcelain -- src pom.xml 2>/dev/null | wc -l)
row() { # label phase ceiling-label ratio
  local p="$1"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$2" "${R[$p.rps]}" "${R[$p.p50_ms]}" "${R[$p.p99_ms]}" \
    "${R[$p.errors]:-${R[$p.failed]:-0}}" "${R[$p.app_cores]}" "${R[$p.busy_pct]}%" "$3"
}

mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Benchmark results"
  echo
  echo "- Date: $START_TS"
  echo "- Machine: $(nproc) cores ($CPU_MODEL), ${MEM_MB} MB RAM, $(uname -sr)"
  echo "- Java: $JAVA_VER; service JVM options: \`$JAVA_OPTS\`, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset} (the production settings unless overridden)"
  echo "- PostgreSQL: $PG_VER (127.0.0.1:5432, same machine); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'); $(pgbench --version)"
  echo "- Service: commit $GIT_REV ($GIT_DIRTY uncommitted files under src/ and pom.xml at run time), jar built $APP_BUILT"
  echo "- Load average (1/5/15 min): $START_LOAD at start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (anything above ~0.3 at start or a high end value means other processes shared the 2 cores)"
  echo "- Command: \`$COMMAND\`"
  echo "- Settings: $GATEWAYS gateways over $ORGS organizations ($pool reserved for PATCH), $THREADS wrk threads / pgbench jobs, $CONNECTIONS connections, ${WARM_S}s warm-up, ${DUR_S}s per phase; rollout simulated latency ${ROLLOUT_SIMULATED_LATENCY:-0ms}, jitter ${ROLLOUT_SIMULATED_JITTER:-0ms}"
  echo
  echo "## Operations at $GATEWAYS gateways ($CONNECTIONS connections)"
  echo
  echo "| operation | req/s | p50 ms | p99 ms | errors | app cores | machine busy | vs ceiling |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  row get "GET /gateways/{id}" "$get_ratio × pgbench select (prepared); $get_ratio_http × HTTP ceiling"
  row list "LIST first page of 100" "$list_ratio × HTTP ceiling"
  row patch "PATCH full spec (real change)" "$patch_ratio × pgbench lock+update; $patch_ratio_full × pgbench full PATCH SQL"
  row create "POST create (3 zones)" "$create_ratio × HTTP ceiling"
  echo
  echo "Rollout backlog left by each write phase, drained after it (seconds): warm-up ${R[drain.warmup]}, PATCH ${R[drain.patch]}, create ${R[drain.create]} (${R[create.rows]} gateways created during warm-up + create phase)."
  echo
  echo "## Ceilings (same machine, same client count, service idle)"
  echo
  echo "| ceiling | tps or req/s | p50 ms | p99 ms | errors | app cores | machine busy | |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  row pg_select_prepared "pgbench GET SQL (select by key), -M prepared" "ceiling for GET"
  row pg_select_simple "pgbench GET SQL, -M simple" "informational"
  row pg_update "pgbench lock (FOR NO KEY UPDATE) + update by key & version, -M prepared" "ceiling for PATCH"
  row pg_patch_full "pgbench all 7 PATCH statements (lock, zones, gateway + 3 zone updates), -M prepared" "informational"
  row http_live "wrk /q/health/live (HTTP ceiling)" "ceiling for LIST, create"
  echo
  echo "pgbench p50/p99 come from a 10% sample of its per-transaction log."
  echo
  echo "## Rollout: time to READY"
  echo
  echo "${R[ready.count]} gateways × $ZONES_PER_GATEWAY zones created at once (no other load; simulated driver at zero latency): creates took ${R[ready.create_s]} s (${R[ready.failed]} creates answered an error), ${R[ready.ready]} READY after **${R[ready.all_ready_s]} s** from the first create → **${R[ready.steps_per_s]} zone steps/s** (polling wall time ${R[ready.wall_s]} s)."
  echo
  echo "## Size sweep: GET and LIST as the table grows"
  echo
  echo "| gateways | seed s | GET req/s | GET p50 ms | GET p99 ms | LIST req/s | LIST p50 ms | LIST p99 ms | errors |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for n in "${SIZES[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "${R[seed.$n]}" "${R[get_$n.rps]}" "${R[get_$n.p50_ms]}" \
      "${R[get_$n.p99_ms]}" "${R[list_$n.rps]}" "${R[list_$n.p50_ms]}" "${R[list_$n.p99_ms]}" \
      "$(( ${R[get_$n.errors]} + ${R[list_$n.errors]} ))"
  done
  echo
  echo "p99 growth from $first to $last gateways: GET × $get_growth, LIST × $list_growth."
  echo
  echo "## Memory"
  echo
  echo "Service peak RSS: VmHWM **$RSS_HWM_MB MB** (max sampled VmRSS under load $RSS_MAX_MB MB); JVM options as above."
  echo "Service log: $SERVICE_LOG_MB MB written during the run, $SERVICE_ERRORS ERROR and $SERVICE_WARNS WARN lines."
  echo
  echo "## Targets"
  echo
  echo "| target | measured | result |"
  echo "|---|---|---|"
  echo "| GET ≥ 0.5 × pgbench select ceiling | $get_ratio × (${R[get.rps]} vs ${R[pg_select_prepared.rps]}) | $T_GET |"
  echo "| PATCH ≥ 0.4 × pgbench update ceiling | $patch_ratio × (${R[patch.rps]} vs ${R[pg_update.rps]}) | $T_PATCH |"
  echo "| p99 < 20 ms at $CONNECTIONS connections | GET ${R[get.p99_ms]}, LIST ${R[list.p99_ms]}, PATCH ${R[patch.p99_ms]}, create ${R[create.p99_ms]} ms | $T_P99 |"
  echo "| ≥ 1,000 zone steps/s | ${R[ready.steps_per_s]} | $T_STEPS |"
  echo "| GET p99 at $last within 1.5× of $first | × $get_growth (${R[get_$last.p99_ms]} vs ${R[get_$first.p99_ms]} ms) | $T_GROW_GET |"
  echo "| LIST p99 at $last within 1.5× of $first | × $list_growth (${R[list_$last.p99_ms]} vs ${R[list_$first.p99_ms]} ms) | $T_GROW_LIST |"
  echo "| RSS ≤ 350 MB | $RSS_HWM_MB MB | $T_RSS |"
  echo
  echo "Raw wrk and pgbench outputs of this run: \`$(basename "${RESULTS%.md}")-raw.txt\` next to this file."
} > "$RESULTS"
cp "$RAW" "${RESULTS%.md}-raw.txt"

echo
echo "=== headline ($RESULTS)"
printf 'GET    %8s req/s  p50 %6s ms  p99 %6s ms  = %s x pgbench select (%s tps)   %s\n' "${R[get.rps]}" "${R[get.p50_ms]}" "${R[get.p99_ms]}" "$get_ratio" "${R[pg_select_prepared.rps]}" "$T_GET"
printf 'LIST   %8s req/s  p50 %6s ms  p99 %6s ms  = %s x HTTP ceiling (%s req/s)\n' "${R[list.rps]}" "${R[list.p50_ms]}" "${R[list.p99_ms]}" "$list_ratio" "${R[http_live.rps]}"
printf 'PATCH  %8s req/s  p50 %6s ms  p99 %6s ms  = %s x pgbench update (%s tps)   %s\n' "${R[patch.rps]}" "${R[patch.p50_ms]}" "${R[patch.p99_ms]}" "$patch_ratio" "${R[pg_update.rps]}" "$T_PATCH"
printf 'CREATE %8s req/s  p50 %6s ms  p99 %6s ms  = %s x HTTP ceiling\n' "${R[create.rps]}" "${R[create.p50_ms]}" "${R[create.p99_ms]}" "$create_ratio"
echo "p99 < 20 ms: $T_P99"
echo "READY: ${R[ready.count]} gateways x 3 zones all READY in ${R[ready.all_ready_s]} s = ${R[ready.steps_per_s]} zone steps/s   $T_STEPS"
echo "Growth $first -> $last: GET p99 x $get_growth ($T_GROW_GET), LIST p99 x $list_growth ($T_GROW_LIST)"
echo "Peak RSS: $RSS_HWM_MB MB (VmHWM)   $T_RSS"
