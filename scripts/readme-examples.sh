#!/usr/bin/env bash
# Runs the README's curl examples against the packaged jar and an external PostgreSQL (the standard
# QUARKUS_DATASOURCE_* variables), checking each documented status code and error code.
# Usage: scripts/readme-examples.sh      Env: PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres), PORT (18090)
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT=${PORT:-18090}
DB=gw_readme_$$
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
export QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}"
export GATEWAY_AUTH_TOKENS="acme-admin-token=acme:admin,acme-viewer-token=acme:viewer,globex-admin-token=globex:admin"
export QUARKUS_HTTP_PORT=$PORT ROLLOUT_SIMULATED_LATENCY=300ms
java -jar target/quarkus-app/quarkus-run.jar >/tmp/readme-examples-$$.log 2>&1 &
PID=$!
for _ in $(seq 1 60); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

API=http://localhost:$PORT/v1alpha1/inference
ADMIN='Authorization: Bearer acme-admin-token'
VIEWER='Authorization: Bearer acme-viewer-token'
OTHER='Authorization: Bearer globex-admin-token'
JSON='Content-Type: application/json'
failures=0
# expect <status> <grpc code or -> <curl args...>: runs curl, checks the HTTP status (and the error code)
expect() {
  local want=$1 code=$2; shift 2
  local out status
  out=$(curl -s -w '\n%{http_code}' "$@")
  status=${out##*$'\n'}; BODY=${out%$'\n'*}
  if [ "$status" != "$want" ] || { [ "$code" != - ] && ! grep -q "\"code\":$code[,}]" <<<"$BODY"; }; then
    echo "FAIL: expected $want (code $code), got $status: $BODY" | cut -c1-300; failures=$((failures + 1))
  else
    echo "ok   $want ${code/-/} $(cut -c1-110 <<<"$BODY")"
  fi
}

expect 200 - "$API/gateways/parameters" -H "$ADMIN"
expect 200 - -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" -d '{
  "name": "llama-prod", "zones": ["us-east-04a", "US-WEST-09B"],
  "weightsAndBiasesAuth": {"apiKey": "wandb-secret", "enableUsageReports": true},
  "bodyBasedRouting": {"apiType": "API_TYPE_OPENAI"},
  "endpointConfiguration": {"additionalDns": ["llama.example.org"], "allowedSourceIpRanges": ["10.0.0.0/8"]}}'
ID=$(grep -o '"id":"[^"]*"' <<<"$BODY" | head -1 | cut -d'"' -f4)
grep -q wandb-secret <<<"$BODY" && { echo "FAIL: apiKey in an answer"; failures=$((failures + 1)); }
expect 200 - "$API/gateways/$ID" -H "$ADMIN"
ETAG=$(curl -s -D - -o /dev/null "$API/gateways/$ID" -H "$ADMIN" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
expect 304 - "$API/gateways/$ID" -H "$ADMIN" -H "If-None-Match: $ETAG"
expect 200 - "$API/gateways?pageSize=10" -H "$ADMIN"
expect 200 - "$API/gateways?updatedAfter=2026-01-01T00:00:00Z" -H "$ADMIN"
expect 200 - -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H 'Content-Type: application/merge-patch+json' \
  -d '{"name": "llama-prod-2"}'
expect 200 - -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H "$JSON" -d '{
  "name": "llama-prod-2", "zones": ["US-EAST-04A"], "weightsAndBiasesAuth": {"enableUsageReports": true},
  "headerBasedRouting": {"headerName": "X-Model"}}'
expect 412 9 -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H 'If-Match: "0"' \
  -H 'Content-Type: application/merge-patch+json' -d '{"name": "stale"}'
# Errors
expect 400 3 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d '{"name": "x", "zones": ["US-EAST-04A", "US-NOWHERE-1"], "coreWeaveAuth": {}, "pathBasedRouting": {}}'
expect 400 3 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" -d '{"name": '
expect 400 3 "$API/gateways/not-a-uuid" -H "$ADMIN"
expect 401 16 "$API/gateways"
expect 403 7 -X DELETE "$API/gateways/$ID" -H "$VIEWER"
expect 404 5 "$API/gateways/$ID" -H "$OTHER"
expect 415 3 -X POST "$API/gateways" -H "$ADMIN" -H 'Content-Type: text/plain' -d 'hello'
expect 413 3 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" --data-binary @<(head -c 70000 /dev/zero | tr '\0' ' ')
CID=7f9b3c1e-5d2a-4e8f-9a61-0c2d4b6e8f10
expect 200 - -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d "{\"id\": \"$CID\", \"name\": \"retry-safe\", \"zones\": [], \"coreWeaveAuth\": {}, \"pathBasedRouting\": {}}"
expect 200 - -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d "{\"id\": \"$CID\", \"name\": \"retry-safe\", \"zones\": [], \"coreWeaveAuth\": {}, \"pathBasedRouting\": {}}"
expect 409 6 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d "{\"id\": \"$CID\", \"name\": \"different\", \"zones\": [], \"coreWeaveAuth\": {}, \"pathBasedRouting\": {}}"
# Rollout: READY once every zone converged
for _ in $(seq 1 40); do
  curl -s "$API/gateways/$ID" -H "$ADMIN" | grep -q '"status":"STATUS_READY"' && break; sleep 0.25
done
expect 200 - "$API/gateways/$ID" -H "$ADMIN"
grep -q '"status":"STATUS_READY"' <<<"$BODY" || { echo "FAIL: not READY"; failures=$((failures + 1)); }
expect 200 - -X DELETE "$API/gateways/$ID" -H "$ADMIN"
grep -q STATUS_DELETING <<<"$BODY" || { echo "FAIL: not DELETING"; failures=$((failures + 1)); }
for _ in $(seq 1 40); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/gateways/$ID" -H "$ADMIN")" = 404 ] && break; sleep 0.25
done
expect 404 5 "$API/gateways/$ID" -H "$ADMIN"
grep -q wandb-secret /tmp/readme-examples-$$.log && { echo "FAIL: apiKey in the log"; failures=$((failures + 1)); }
rm -f /tmp/readme-examples-$$.log
echo "README examples: $failures failed"
[ "$failures" -eq 0 ]
