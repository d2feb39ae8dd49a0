#!/usr/bin/env bash
# Fair rollout: organization A creates 5,000 gateways, then organization B creates one, with zones that take 1 s
# to converge (the simulated driver) and the default rollout settings. Prints how long B's gateway took to be
# READY and how much of A's work was still queued then. Fails if B took longer than LIMIT seconds.
#
# Usage: scripts/fairness.sh        (builds the jar if needed; needs psql, curl and a PostgreSQL)
# Env:   PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres) PGPASSWORD, BURST (5000), LIMIT (10), PORT (18081)
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BURST=${BURST:-5000}
LIMIT=${LIMIT:-10}
PORT=${PORT:-18081}
DB=gw_fair_$$
LOG=$(mktemp)
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" QUARKUS_HTTP_PORT=$PORT \
GATEWAY_AUTH_STATIC_TOKENS_ENABLED=true GATEWAY_AUTH_TOKENS="a-token=org-a:admin,b-token=org-b:admin" GATEWAY_SECRETS_KEYS="k:$(head -c 32 /dev/urandom | base64)" \
ROLLOUT_DRIVER=simulated ROLLOUT_SIMULATED_LATENCY=1s ROLLOUT_SIMULATED_JITTER=0s \
  java -Xms128m -Xmx128m -XX:+UseSerialGC -jar target/quarkus-app/quarkus-run.jar >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break; sleep 0.5; done
API="http://127.0.0.1:$PORT/v1alpha1/inference/gateways"
sql() { psql -qtA -d "$DB" -c "$1"; }

echo "== organization A creates $BURST gateways over 3 zones"
started=$(date +%s.%N)
seq 1 "$BURST" | xargs -P 16 -I@N@ curl -sf -o /dev/null -X POST "$API" -H "Authorization: Bearer a-token" \
  -H 'Content-Type: application/json' \
  -d '{"name":"a-@N@","zones":["US-EAST-04A","US-WEST-09B","EU-SOUTH-03A"],"coreWeaveAuth":{},"pathBasedRouting":{}}'
echo "created in $(echo "$(date +%s.%N) - $started" | bc) s; A's zone rows queued: $(sql "SELECT count(*) FROM gateway_zone WHERE next_attempt_at IS NOT NULL")"

echo "== organization B creates one gateway"
t0=$(date +%s.%N)
id=$(curl -sf -X POST "$API" -H "Authorization: Bearer b-token" -H 'Content-Type: application/json' \
  -d '{"name":"b-1","zones":["US-EAST-04A"],"coreWeaveAuth":{},"pathBasedRouting":{}}' | grep -o '"id":"[^"]*"' | cut -d'"' -f4)
while ! curl -sf "$API/$id" -H "Authorization: Bearer b-token" | grep -q '"status":"STATUS_READY"'; do
  sleep 0.05
  if [ "$(echo "$(date +%s.%N) - $t0 > 120" | bc)" = 1 ]; then echo "B's gateway not READY after 120 s"; exit 1; fi
done
took=$(echo "$(date +%s.%N) - $t0" | bc)
queued=$(sql "SELECT count(*) FROM gateway_zone WHERE organization_id = 'org-a' AND next_attempt_at IS NOT NULL")
echo "B's gateway READY after $took s; A's zone rows still queued then: $queued"
if [ "$(echo "$took <= $LIMIT" | bc)" = 1 ]; then echo "FAIRNESS PASSED"; else echo "FAIRNESS FAILED (limit $LIMIT s)"; exit 1; fi
