#!/usr/bin/env bash
# Crash test of progressive rollouts: with the packaged jar against a real PostgreSQL, roll a change out to gateways
# whose policy is a canary wave (one zone, a bake) then the rest; kill -9 the service in the middle of the bake,
# start TWO instances on the same database, and later kill -9 both in the middle of the second wave and start one.
# It checks that the rollouts resume where they were and finish, that
#   - no bake is skipped: no zone of the second wave was first applied before its gateway's bake ended;
#   - no bake is restarted: each bake ends as long after the canary's first apply as the bake lasts (plus the
#     canary's own convergence), not pushed back by the time the service was down;
#   - no zone is applied twice at once: no apply is journalled twice in one run (two replicas share the work);
#   - no revision is made twice: every gateway has exactly the revisions of its changes.
#
# Usage: scripts/rollout-crash-test.sh     (builds the jar if needed; needs psql, curl and a PostgreSQL)
# Env:   PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres) PGPASSWORD, GATEWAYS (40), BAKE (8), PORT (18280)
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
GATEWAYS=${GATEWAYS:-40}
BAKE=${BAKE:-8}
PORT=${PORT:-18280}
DB=gw_rollout_crash_$$
WORK=$(mktemp -d)
TOKEN=crash-admin
SECRETS_KEY="crash:$(head -c 32 /dev/urandom | base64)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

start() { # $1: port, $2: journal file, $3: log file
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" \
  QUARKUS_HTTP_PORT=$1 GATEWAY_AUTH_STATIC_TOKENS_ENABLED=true GATEWAY_AUTH_TOKENS="$TOKEN=crash:admin" GATEWAY_SECRETS_KEYS="$SECRETS_KEY" \
  ROLLOUT_DRIVER=simulated ROLLOUT_SIMULATED_LATENCY=300ms ROLLOUT_SIMULATED_JITTER=200ms \
  ROLLOUT_SIMULATED_JOURNAL="$2" ROLLOUT_LEASE_DURATION=5s ROLLOUT_CONCURRENCY=16 QUARKUS_SHUTDOWN_DELAY=0s \
    java -Xms128m -Xmx128m -jar target/quarkus-app/quarkus-run.jar >"$3" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the service did not become ready; log: $3" >&2
  exit 1
}
kill_all() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
sql() { psql -qtA -d "$DB" -c "$1"; }
phase_count() { # gateways whose rollout of revision $1 is in phase $2
  sql "SELECT count(*) FROM gateway WHERE revision = $1 AND rollout::jsonb ->> 'phase' = '$2'"
}
await_succeeded() { # every gateway at revision $1, SUCCEEDED
  for _ in $(seq 1 360); do
    [ "$(phase_count "$1" ROLLOUT_PHASE_SUCCEEDED)" -eq "$GATEWAYS" ] && return 0
    sleep 0.5
  done
  echo "not every rollout of revision $1 succeeded: $(phase_count "$1" ROLLOUT_PHASE_SUCCEEDED)/$GATEWAYS" >&2
  return 1
}
API="http://127.0.0.1:$PORT/v1alpha1/inference/gateways"
POLICY='{"strategy":"ROLLOUT_STRATEGY_WAVES","waves":[{"name":"canary","zones":["US-EAST-04A"],"bakeSeconds":'$BAKE'},{"name":"rest","zones":["*"],"maxConcurrentZones":1}]}'

echo "== start #1, create $GATEWAYS gateways (4 zones, a canary baking ${BAKE} s, then the rest one zone at a time)"
start "$PORT" "$WORK/journal-1.log" "$WORK/run-1.log"
seq 1 "$GATEWAYS" | xargs -P 8 -I@N@ curl -sSf -o /dev/null -X POST "$API" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"name":"crash-@N@","zones":[],"coreWeaveAuth":{},"pathBasedRouting":{},"rolloutPolicy":'"$POLICY"'}'
await_succeeded 1

echo "== change every gateway (revision 2), kill -9 in the middle of the bakes"
sql "SELECT id FROM gateway" | xargs -P 8 -I@ID@ curl -sSf -o /dev/null -X PATCH "$API/@ID@" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/merge-patch+json' -d '{"name":"changed"}'
for _ in $(seq 1 100); do
  [ "$(phase_count 2 ROLLOUT_PHASE_BAKING)" -ge $((GATEWAYS / 2)) ] && break
  sleep 0.1
done
baking=$(phase_count 2 ROLLOUT_PHASE_BAKING)
kill_all
echo "killed with $baking of $GATEWAYS rollouts baking"
sleep 3 # down for a while: a restarted bake would end this much later

echo "== start two instances on the same database"
start "$PORT" "$WORK/journal-2a.log" "$WORK/run-2a.log"
start $((PORT + 1)) "$WORK/journal-2b.log" "$WORK/run-2b.log"
await_succeeded 2

echo "== change every gateway again (revision 3), kill -9 both in the middle of the second wave, start one"
sql "SELECT id FROM gateway" | xargs -P 8 -I@ID@ curl -sSf -o /dev/null -X PATCH "$API/@ID@" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/merge-patch+json' -d '{"name":"changed-again"}'
for _ in $(seq 1 400); do
  in_wave=$(sql "SELECT count(*) FROM gateway WHERE revision = 3 AND (rollout::jsonb ->> 'currentWave')::int = 1")
  [ "$in_wave" -ge $((GATEWAYS / 2)) ] && break
  sleep 0.1
done
kill_all
echo "killed with $in_wave of $GATEWAYS rollouts in their second wave"
start "$PORT" "$WORK/journal-3.log" "$WORK/run-3.log"
await_succeeded 3

# Bakes, from the database: wave 0's bake end against the canary's first apply, and the rest's first applies.
bake_end="to_timestamp((rollout::jsonb #>> '{waves,0,bakeUntil}')::numeric)"
skipped=$(sql "SELECT count(*) FROM gateway g JOIN gateway_zone z ON z.gateway_id = g.id
  WHERE z.zone <> 'US-EAST-04A' AND z.applied_at < $(echo "$bake_end" | sed 's/rollout/g.rollout/')")
restarted=$(sql "SELECT count(*) FROM gateway g JOIN gateway_zone z ON z.gateway_id = g.id AND z.zone = 'US-EAST-04A'
  WHERE $(echo "$bake_end" | sed 's/rollout/g.rollout/') > z.applied_at + interval '$BAKE seconds' + interval '2 seconds'")
revisions=$(sql "SELECT count(*) FROM (SELECT gateway_id FROM gateway_revision GROUP BY gateway_id
  HAVING count(*) <> 3 OR max(revision) <> 3) wrong")
dup1=$(sort "$WORK/journal-1.log" | uniq -d | wc -l)
dup2=$(cat "$WORK/journal-2a.log" "$WORK/journal-2b.log" | sort | uniq -d | wc -l)
dup3=$(sort "$WORK/journal-3.log" | uniq -d | wc -l)
shared="$(wc -l <"$WORK/journal-2a.log") + $(wc -l <"$WORK/journal-2b.log")"
left=$(sql "SELECT count(*) FROM gateway_zone WHERE next_attempt_at IS NOT NULL OR lease_owner IS NOT NULL")
echo "rollouts of revision 3 succeeded: $(phase_count 3 ROLLOUT_PHASE_SUCCEEDED)/$GATEWAYS; zone rows still due or leased: $left"
echo "second-wave zones first applied before their bake ended (revision 3): $skipped;" \
     "bakes that ended later than the bake after the canary's first apply: $restarted"
echo "gateways without exactly revisions 1, 2, 3: $revisions"
echo "applies journalled twice: run 1 $dup1, run 2 (two instances, $shared applies) $dup2, run 3 $dup3"
if [ "$skipped" -eq 0 ] && [ "$restarted" -eq 0 ] && [ "$revisions" -eq 0 ] && [ "$dup1" -eq 0 ] \
   && [ "$dup2" -eq 0 ] && [ "$dup3" -eq 0 ] && [ "$left" -eq 0 ]; then
  echo "ROLLOUT CRASH TEST PASSED"
else
  echo "ROLLOUT CRASH TEST FAILED (logs and journals in $WORK)"; trap - EXIT; cleanup; exit 1
fi
