#!/usr/bin/env bash
# Two instances on one database: a watcher on instance A sees every change made through instance B (and the
# rollout that either runs), in order, with nothing missed.
#
# Usage: scripts/two-instances.sh      (builds the jar if needed; needs psql, curl, python3 and a PostgreSQL)
# Env:   PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres) PGPASSWORD, PORT_A (18091), PORT_B (18092), CHANGES (20)
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT_A=${PORT_A:-18091}
PORT_B=${PORT_B:-18092}
CHANGES=${CHANGES:-20}
DB=gw_two_$$
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
KEY="k1:$(head -c 32 /dev/urandom | base64)"
start() { # $1 port
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}" QUARKUS_HTTP_PORT=$1 \
  GATEWAY_AUTH_STATIC_TOKENS_ENABLED=true GATEWAY_AUTH_TOKENS="t=acme:admin" GATEWAY_SECRETS_KEYS="$KEY" ROLLOUT_DRIVER=simulated ROLLOUT_SIMULATED_LATENCY=100ms \
    java -Xms128m -Xmx128m -jar target/quarkus-app/quarkus-run.jar >"$WORK/instance-$1.log" 2>&1 &
  PIDS+=($!)
}
start "$PORT_A"
sleep 3 # one instance migrates the schema first (Flyway's lock makes a concurrent start safe too)
start "$PORT_B"
for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 0.5; done
done
A="http://127.0.0.1:$PORT_A/v1alpha1/inference/gateways"
B="http://127.0.0.1:$PORT_B/v1alpha1/inference/gateways"
AUTH='Authorization: Bearer t'

version=$(curl -sf "$A" -H "$AUTH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["resourceVersion"])')
echo "== watching on A from resourceVersion $version; $CHANGES changes through B"
curl -sN "$A?watch=true&resourceVersion=$version" -H "$AUTH" >"$WORK/events.ndjson" &
PIDS+=($!)
id=$(curl -sf -X POST "$B" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"two-instances","zones":["US-EAST-04A","US-WEST-09B"],"coreWeaveAuth":{},"pathBasedRouting":{}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["gateway"]["spec"]["id"])')
for i in $(seq 1 "$CHANGES"); do
  curl -sf -o /dev/null -X PATCH "$B/$id" -H "$AUTH" -H 'Content-Type: application/merge-patch+json' -d "{\"name\":\"n-$i\"}"
done
for _ in $(seq 1 100); do
  curl -sf "$B/$id" -H "$AUTH" | grep -q '"status":"STATUS_READY"' && break; sleep 0.2
done
curl -sf -o /dev/null -X DELETE "$B/$id" -H "$AUTH"
for _ in $(seq 1 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$B/$id" -H "$AUTH")" = 404 ] && break; sleep 0.2; done
latest=$(curl -sf "$B" -H "$AUTH" | python3 -c 'import json,sys; print(json.load(sys.stdin)["resourceVersion"])')
sleep 1
python3 - "$WORK/events.ndjson" "$version" "$latest" "$id" <<'PY'
import json, sys
path, start, latest, gid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
events = [json.loads(line) for line in open(path) if line.strip()]
changes = [e for e in events if e["type"] in ("ADDED", "MODIFIED", "DELETED")]
versions = [int(e["resourceVersion"]) for e in changes]
expected = list(range(start + 1, latest + 1))
story = [e["type"] for e in changes if e["gateway"]["spec"]["id"] == gid]
print(f"events on A: {len(changes)} (versions {versions[:1]}..{versions[-1:]}), expected {len(expected)}; "
      f"first {story[:1]}, last {story[-1:]}, names seen {len({e['gateway']['spec']['name'] for e in changes})}")
ok = versions == expected and story[0] == "ADDED" and story[-1] == "DELETED"
print("TWO INSTANCES PASSED" if ok else "TWO INSTANCES FAILED")
sys.exit(0 if ok else 1)
PY
