#!/usr/bin/env bash
# Crash test of the rollout: with the packaged jar against a real PostgreSQL, create 200 gateways over 3 zones,
# then, mid-rollout and with writes in flight (8 clients deleting a quarter of them and removing zones from
# another quarter), kill -9 the process, start it again, and check that
#   1. every gateway still there reaches STATUS_READY with the zones of its last accepted spec, every delete
#      that was accepted completes (404), no zone work is left behind and no transaction is left open, and
#   2. no zone is applied again for a generation whose result the first process had recorded
#      (the simulated driver journals every apply; the database says what was recorded at the crash).
#
# Usage: scripts/crash-test.sh            (builds the jar if needed; needs psql and a PostgreSQL)
# Env:   PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres) PGPASSWORD, GATEWAYS (200), PORT (18080)
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
GATEWAYS=${GATEWAYS:-200}
PORT=${PORT:-18080}
DB=gw_crash_$$
WORK=$(mktemp -d)
TOKEN=crash-admin
SECRETS_KEY="crash:$(head -c 32 /dev/urandom | base64)"
PID=

cleanup() {
  [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

start() { # $1: journal file, $2: log file
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
  QUARKUS_HTTP_PORT=$PORT GATEWAY_AUTH_STATIC_TOKENS_ENABLED=true GATEWAY_AUTH_TOKENS="$TOKEN=crash:admin" GATEWAY_SECRETS_KEYS="$SECRETS_KEY" \
  ROLLOUT_DRIVER=simulated ROLLOUT_SIMULATED_LATENCY=400ms ROLLOUT_SIMULATED_JITTER=200ms ROLLOUT_SIMULATED_JOURNAL="$1" \
  ROLLOUT_LEASE_DURATION=5s ROLLOUT_CONCURRENCY=16 \
    java -Xms128m -Xmx128m -jar target/quarkus-app/quarkus-run.jar >"$2" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the service did not become ready; log: $2" >&2
  exit 1
}
sql() { psql -qtA -d "$DB" -c "$1"; }

echo "== start #1 and create $GATEWAYS gateways over 3 zones"
start "$WORK/journal-1.log" "$WORK/run-1.log"
seq 1 "$GATEWAYS" | xargs -P 8 -I@N@ curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/v1alpha1/inference/gateways" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"crash-@N@","zones":["US-EAST-04A","US-WEST-09B","EU-SOUTH-03A"],"coreWeaveAuth":{},"pathBasedRouting":{}}'
[ "$(sql "SELECT count(*) FROM gateway")" -eq "$GATEWAYS" ] || { echo "not every create was stored" >&2; exit 1; }

echo "== wait until the rollout is under way, start deleting and patching, then kill -9 with writes in flight"
for _ in $(seq 1 200); do
  converged=$(sql "SELECT count(*) FROM gateway_zone WHERE observed_generation >= desired_generation")
  [ "$converged" -ge $((GATEWAYS / 2)) ] && break
  sleep 0.1
done
sql "SELECT id FROM gateway ORDER BY created_at" | awk '
  NR % 4 == 0 { print "DELETE " $1 }
  NR % 4 == 2 { print "PATCH " $1 }' >"$WORK/writes.txt"
export API="http://127.0.0.1:$PORT/v1alpha1/inference/gateways" AUTH="Authorization: Bearer $TOKEN"
(xargs -P 8 -L 1 sh -c 'if [ "$0" = DELETE ]; then
     curl -s -o /dev/null -w "%{http_code}\n" -X DELETE "$API/$1" -H "$AUTH"
   else
     curl -s -o /dev/null -w "%{http_code}\n" -X PATCH "$API/$1" -H "$AUTH" \
       -H "Content-Type: application/merge-patch+json" -d "{\"zones\": [\"US-EAST-04A\"]}"
   fi' <"$WORK/writes.txt" >"$WORK/write-answers.txt" 2>&1 || true) &
WRITES=$!
sleep 1
kill -9 "$PID"; wait "$PID" 2>/dev/null || true; PID=
wait "$WRITES" || true
echo "writes: $(sort "$WORK/write-answers.txt" | uniq -c | awk '{printf "%s x %s, ", $1, $2}')of $(wc -l <"$WORK/writes.txt") sent"
recorded=$(sql "SELECT count(*) FROM gateway_zone WHERE observed_generation >= desired_generation")
leased=$(sql "SELECT count(*) FROM gateway_zone WHERE lease_owner IS NOT NULL")
echo "killed: $recorded of $((GATEWAYS * 3)) zones recorded as converged, $leased leases left by the dead process"
sql "SELECT gateway_id || ' ' || zone || ' ' || observed_generation FROM gateway_zone WHERE observed_generation > 0" \
  | sort >"$WORK/recorded-before-crash.txt"

echo "== start #2 and wait for every gateway to be READY"
start "$WORK/journal-2.log" "$WORK/run-2.log"
ready=0
for _ in $(seq 1 240); do
  remaining=$(sql "SELECT count(*) FROM gateway")
  ready=$(sql "SELECT count(*) FROM gateway WHERE status = 'STATUS_READY'")
  [ "$ready" -eq "$remaining" ] && break
  sleep 0.5
done
left=$(sql "SELECT count(*) FROM gateway_zone WHERE next_attempt_at IS NOT NULL OR lease_owner IS NOT NULL")
deleted=$((GATEWAYS - remaining))
accepted_deletes=$(grep -c '^DELETE' "$WORK/writes.txt")
# Every delete that committed (answered or cut off by the kill) must complete: no gateway stays DELETING.
gone_missing=$(sql "SELECT count(*) FROM gateway WHERE deleting")
patched_wrong=$(sql "SELECT count(*) FROM gateway WHERE spec LIKE '%\"zones\":[\"US-EAST-04A\"]%' AND id IN
  (SELECT gateway_id FROM gateway_zone GROUP BY gateway_id HAVING count(*) <> 1)")
idle=$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB' AND state LIKE 'idle in transaction%'")
sed 's/^apply //' "$WORK/journal-2.log" | sort >"$WORK/applied-after-restart.txt"
reapplied=$(comm -12 "$WORK/recorded-before-crash.txt" "$WORK/applied-after-restart.txt" | wc -l)
dup1=$(sort "$WORK/journal-1.log" | uniq -d | wc -l)
dup2=$(sort "$WORK/journal-2.log" | uniq -d | wc -l)
api_ready=$(curl -sf "http://127.0.0.1:$PORT/v1alpha1/inference/gateways" -H "Authorization: Bearer $TOKEN" \
  | grep -o '"status":"STATUS_READY"' | wc -l)

echo "ready: $ready/$remaining (API: $api_ready), deleted: $deleted (of $accepted_deletes asked), still deleting: $gone_missing," \
     "patched gateways with other zone rows than their spec: $patched_wrong"
echo "zone rows still due or leased: $left, connections idle in a transaction: $idle"
echo "applies: run 1 $(wc -l <"$WORK/journal-1.log"), run 2 $(wc -l <"$WORK/journal-2.log")," \
     "re-applied after being recorded: $reapplied, duplicate applies within run 1: $dup1, within run 2: $dup2"
if [ "$ready" -eq "$remaining" ] && [ "$api_ready" -eq "$remaining" ] && [ "$left" -eq 0 ] && [ "$reapplied" -eq 0 ] \
   && [ "$dup1" -eq 0 ] && [ "$dup2" -eq 0 ] && [ "$gone_missing" -eq 0 ] && [ "$patched_wrong" -eq 0 ] \
   && [ "$idle" -eq 0 ] && [ "$deleted" -gt 0 ]; then
  echo "CRASH TEST PASSED"
else
  echo "CRASH TEST FAILED (logs and journals in $WORK)"; trap - EXIT; cleanup; exit 1
fi
