#!/usr/bin/env bash
# Runs the README's API examples ("The API in short") against the packaged jar and the machine's PostgreSQL, and
# checks every answer: status, error code, and what the README says about it (ETags, resourceVersion at the end of
# every list, pages, watch as newline-delimited JSON and as Server-Sent Events, write-only apiKey, ...).
#
# Usage: scripts/readme-examples.sh
# Env:   PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres) PGPASSWORD, PORT (18090)
# Needs: java 17, curl, psql, and a PostgreSQL where PGUSER may create databases. The script creates its own
# database (dropped at exit) and builds the jar (./mvnw -B -ntp -q package -DskipTests, about a minute) when it is
# missing or older than src/main or pom.xml.
#
# Settings that differ from the defaults, to keep the run short: zones converge in 300 ms (simulated driver),
# BOOKMARK heartbeats every 2 s (20 s by default), and the change history is kept 5 s and pruned every second
# (1 h and 1 min by default) so that a watch from an old version answers 410 within the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT=${PORT:-18090}
DB=gw_readme_$$
WORK=$(mktemp -d)
LOG=$WORK/service.log
PID=
WATCHERS=()
cleanup() {
  for w in "${WATCHERS[@]}"; do kill "$w" 2>/dev/null || true; done
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
  echo "building the jar (./mvnw -B -ntp -q package -DskipTests)"
  ./mvnw -B -ntp -q package -DskipTests
fi
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
export QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_DATASOURCE_PASSWORD="${PGPASSWORD:-}"
# The README's dev-mode tokens, configured the production way.
export GATEWAY_AUTH_TOKENS="dev-acme-admin=acme:admin,dev-acme-viewer=acme:viewer,dev-globex-admin=globex:admin"
export GATEWAY_SECRETS_KEYS="k1:$(head -c 32 /dev/urandom | base64)"
export QUARKUS_HTTP_PORT=$PORT ROLLOUT_SIMULATED_LATENCY=300ms
export WATCH_HEARTBEAT=2s WATCH_RETENTION=5s WATCH_PRUNE_INTERVAL=1s
java -Xms128m -Xmx128m -jar "$JAR" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "localhost:$PORT/q/health/ready" >/dev/null || { echo "the service did not become ready:"; tail -20 "$LOG"; exit 1; }

API=http://localhost:$PORT/v1alpha1/inference
ADMIN='Authorization: Bearer dev-acme-admin'
VIEWER='Authorization: Bearer dev-acme-viewer'
OTHER='Authorization: Bearer dev-globex-admin'
JSON='Content-Type: application/json'
MERGE='Content-Type: application/merge-patch+json'
failures=0
fail() { echo "FAIL: $*" | cut -c1-300; failures=$((failures + 1)); }
check() { if eval "$1"; then echo "ok   $2"; else fail "$2"; fi; }

# expect <status> <grpc code or -> <curl args...>: runs curl, checks the HTTP status (and the error code);
# leaves the answer in BODY and its headers in HEADERS.
expect() {
  local want=$1 code=$2; shift 2
  local status
  rm -f "$WORK/body"; touch "$WORK/body"
  status=$(curl -s -m 10 -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' "$@")
  BODY=$(cat "$WORK/body"); HEADERS=$(tr -d '\r' <"$WORK/headers")
  if [ "$status" != "$want" ] || { [ "$code" != - ] && ! grep -q "\"code\":$code[,}]" <<<"$BODY"; }; then
    fail "expected $want (code $code), got $status: $BODY"
  else
    echo "ok   $want ${code/-/} $(cut -c1-100 <<<"$BODY")"
  fi
}
header() { awk -F': ' -v h="$(tr 'A-Z' 'a-z' <<<"$1")" 'tolower($1)==h{print $2}' <<<"$HEADERS" | tail -1; }
json_id() { grep -o '"id":"[^"]*"' <<<"$1" | head -1 | cut -d'"' -f4; }
list_version() { grep -o '"resourceVersion":"[0-9]*"}$' <<<"$1" | cut -d'"' -f4; }
# wait_for <file> <pattern> [seconds]: waits until a line of the file matches
wait_for() {
  local i
  for i in $(seq 1 $((${3:-10} * 10))); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
# watch_from <name> <curl args...>: starts a watch in the background, its output in $WORK/<name>, and waits until
# its answer's headers have arrived (the service sends them at once), so that "from now" is from here.
watch_from() {
  local name=$1; shift
  curl -s -N -D "$WORK/$name.headers" -o "$WORK/$name" "$@" &
  WATCHERS+=($!)
  wait_for "$WORK/$name.headers" '^HTTP/' 10 || fail "watch $name: no answer"
}

echo "== parameters, create, idempotent create"
expect 200 - "$API/gateways/parameters" -H "$ADMIN"
check 'grep -q "\"zones\":\[\"US-EAST-04A\",\"US-EAST-06A\",\"US-WEST-09B\",\"EU-SOUTH-03A\"\]" <<<"$BODY"' "the four zones"
expect 200 - "$API/gateways" -H "$ADMIN"
check '[ "$BODY" = "{\"items\":[],\"resourceVersion\":\"0\"}" ]' 'an empty list is {"items":[],"resourceVersion":"0"}'
RV0=$(list_version "$BODY")
watch_from ndjson "$API/gateways?watch=true&resourceVersion=$RV0" -H "$ADMIN"
watch_from sse "$API/gateways?watch=true" -H "$VIEWER" -H 'Accept: text/event-stream'
expect 200 - -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" -d '{
  "name": "llama-prod", "zones": ["us-east-04a", "US-WEST-09B"],
  "weightsAndBiasesAuth": {"apiKey": "wandb-secret", "enableUsageReports": true},
  "bodyBasedRouting": {"apiType": "API_TYPE_OPENAI"},
  "endpointConfiguration": {"additionalDns": ["llama.example.org"], "allowedSourceIpRanges": ["10.0.0.0/8"],
                            "edgeProxyMode": "EDGE_PROXY_MODE_DIRECT"}}'
ID=$(json_id "$BODY")
check '[ -n "$ID" ]' "create answers the id ($ID)"
check 'grep -q "\"zones\":\[\"US-EAST-04A\",\"US-WEST-09B\"\]" <<<"$BODY"' "zones in canonical spelling"
check 'grep -q "\"status\":\"STATUS_CREATING\"" <<<"$BODY" && grep -q "\"reason\":\"Progressing\"" <<<"$BODY"' "STATUS_CREATING, conditions Progressing"
check 'grep -q "\"edgeProxyMode\":\"EDGE_PROXY_MODE_DIRECT\"" <<<"$BODY"' "edgeProxyMode answered by name"
check '! grep -q wandb-secret <<<"$BODY" && ! grep -q apiKey <<<"$BODY"' "apiKey not in the answer"
check '! grep -q null <<<"$BODY"' "no null in the answer (proto3)"
check '[ -n "$(header ETag)" ]' "create answers an ETag ($(header ETag))"
expect 200 - -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d '{"name": "typo", "zones": [], "coreWeaveAuth": {}, "pathBasedRouting": {}, "colour": "blue"}'
check '[ "$(header Warning)" = "299 - \"unknown field \\\"colour\\\"\"" ]' "unknown field named in a Warning header"
TYPO=$(json_id "$BODY")
CID=7f9b3c1e-5d2a-4e8f-9a61-0c2d4b6e8f10
for _ in 1 2; do
  expect 200 - -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
    -d "{\"id\": \"$CID\", \"name\": \"retry-safe\", \"zones\": [], \"coreWeaveAuth\": {}, \"pathBasedRouting\": {}}"
done
check '[ "$(json_id "$BODY")" = "$CID" ]' "the repeated create answers the stored gateway"
expect 409 6 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d "{\"id\": \"$CID\", \"name\": \"different\", \"zones\": [], \"coreWeaveAuth\": {}, \"pathBasedRouting\": {}}"

echo "== watch (newline-delimited JSON from the empty list's version; SSE from now, as a viewer)"
check "wait_for $WORK/ndjson '\"type\":\"ADDED\",\"resourceVersion\":\"[0-9]*\",\"gateway\":{\"spec\":{\"id\":\"$ID\"'" \
  "ADDED line of the new gateway arrives on the watch"
check "grep -qi '^content-type: application/json' $WORK/ndjson.headers" "watch: Content-Type application/json"
check "wait_for $WORK/sse '^event: ADDED' && grep -q '^id: [0-9]' $WORK/sse && grep -q '^data: {\"type\":\"ADDED\"' $WORK/sse" \
  "SSE: event ADDED, id, data"
check "grep -qi '^content-type: text/event-stream' $WORK/sse.headers" "SSE: Content-Type text/event-stream"

echo "== get with ETag, READY"
for _ in $(seq 1 60); do
  curl -s "$API/gateways/$ID" -H "$ADMIN" | grep -q '"status":{"status":"STATUS_READY"' && break; sleep 0.25
done
expect 200 - "$API/gateways/$ID" -H "$ADMIN"
check 'grep -q "\"status\":{\"status\":\"STATUS_READY\"" <<<"$BODY"' "READY once both zones converged"
check 'grep -q "\"endpoints\":\[\"https://$ID.us-east-04a.inference.example.com\",\"https://$ID.us-west-09b.inference.example.com\",\"https://llama.example.org\"\]" <<<"$BODY"' "endpoints: one per zone, then the additional DNS name"
ETAG=$(header ETag)
expect 304 - "$API/gateways/$ID" -H "$ADMIN" -H "If-None-Match: $ETAG"
check "wait_for $WORK/ndjson '\"type\":\"MODIFIED\".*\"status\":{\"status\":\"STATUS_READY\"'" "MODIFIED to STATUS_READY on the watch"

echo "== list, updatedAfter, pages"
expect 200 - "$API/gateways" -H "$ADMIN"
check '[ "$(grep -o "\"spec\":" <<<"$BODY" | wc -l)" = 3 ]' "three gateways listed"
RV=$(list_version "$BODY")
check '[ -n "$RV" ]' "the list ends with \"resourceVersion\":\"$RV\""
expect 200 - "$API/gateways?updatedAfter=2026-01-01T00:00:00Z" -H "$ADMIN"
check '[ -n "$(list_version "$BODY")" ]' "updatedAfter list ends with its resourceVersion"
expect 200 - "$API/gateways?updatedAfter=9999-01-01T00:00:00Z" -H "$ADMIN"
check 'grep -q "^{\"items\":\[\],\"resourceVersion\":\"[0-9]*\"}$" <<<"$BODY"' "nothing updated after 9999"
expect 200 - "$API/gateways?pageSize=2" -H "$ADMIN"
TOKEN=$(grep -o '"nextPageToken":"[^"]*"' <<<"$BODY" | cut -d'"' -f4)
PAGE_RV=$(list_version "$BODY")
check '[ -n "$TOKEN" ] && [ "$(grep -o "\"spec\":" <<<"$BODY" | wc -l)" = 2 ]' "first page: 2 items and a nextPageToken"
expect 200 - "$API/gateways?pageSize=2&pageToken=$TOKEN" -H "$ADMIN"
check '! grep -q nextPageToken <<<"$BODY" && [ "$(grep -o "\"spec\":" <<<"$BODY" | wc -l)" = 1 ]' "last page: 1 item, no nextPageToken"
check '[ "$(list_version "$BODY")" = "$PAGE_RV" ]' "every page answers the first page's resourceVersion ($PAGE_RV)"
expect 200 - "$API/gateways" -H "$OTHER"
check '[ "$BODY" = "{\"items\":[],\"resourceVersion\":\"0\"}" ]' "another organization sees none of them"

echo "== watch from the list's version, as in the README"
watch_from fromlist "$API/gateways?watch=true&resourceVersion=$RV" -H "$ADMIN"

echo "== update, merge patch, If-Match"
expect 200 - -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H "$JSON" -d '{
  "name": "llama-prod-2", "zones": ["US-EAST-04A"], "weightsAndBiasesAuth": {"enableUsageReports": true},
  "headerBasedRouting": {"headerName": "X-Model"}}'
check 'grep -q "\"generation\":2" <<<"$BODY" && grep -q "\"status\":{\"status\":\"STATUS_UPDATING\"" <<<"$BODY"' "generation 2, STATUS_UPDATING"
check 'grep -q "\"edgeProxyMode\":\"EDGE_PROXY_MODE_DIRECT\"" <<<"$BODY"' "an omitted endpointConfiguration is kept"
check 'grep -q "\"headerBasedRouting\":{\"headerName\":\"X-Model\"}" <<<"$BODY" && ! grep -q bodyBasedRouting <<<"$BODY"' "routing replaced"
expect 200 - -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H "$MERGE" \
  -d '{"name": "llama-prod-3", "endpointConfiguration": {"edgeProxyMode": null}}'
check 'grep -q "\"name\":\"llama-prod-3\"" <<<"$BODY" && ! grep -q edgeProxyMode <<<"$BODY"' "merge patch: name set, edgeProxyMode removed (absent)"
check 'grep -q "\"additionalDns\":\[\"llama.example.org\"\]" <<<"$BODY"' "merge patch: the rest kept"
GEN=$(grep -o '"generation":[0-9]*' <<<"$BODY" | cut -d: -f2)
expect 200 - -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H "$MERGE" -d '{"name": "llama-prod-3"}'
check 'grep -q "\"generation\":$GEN" <<<"$BODY"' "a patch that changes nothing keeps generation $GEN"
expect 412 9 -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H "$MERGE" -H 'If-Match: "0"' -d '{"name": "stale"}'
check "wait_for $WORK/fromlist '\"type\":\"MODIFIED\".*\"name\":\"llama-prod-2\"'" "the watch from the list's version sees the update"
check "! grep -q '\"resourceVersion\":\"$RV\"' $WORK/fromlist" "and not the list's own version again"
expect 200 - -X PATCH "$API/gateways/$ID" -H "$ADMIN" -H "$MERGE" \
  -d "{\"weightsAndBiasesAuth\": null, \"coreWeaveAuth\": {}}"
check 'grep -q "\"coreWeaveAuth\":{}" <<<"$BODY" && ! grep -q weightsAndBiasesAuth <<<"$BODY"' "merge patch switches the auth option"

echo "== errors"
expect 400 3 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" \
  -d '{"name": "x", "zones": ["US-EAST-04A", "US-NOWHERE-1"], "coreWeaveAuth": {}, "pathBasedRouting": {}}'
check 'grep -q "\"fieldViolations\":\[{\"field\":\"zones\[1\]\",\"description\":\"unknown zone \\\\\"US-NOWHERE-1\\\\\"\"}\]" <<<"$BODY"' "the field violation names zones[1]"
expect 400 3 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" -d '{"name": '
expect 400 3 "$API/gateways/not-a-uuid" -H "$ADMIN"
check 'grep -q "\"field\":\"id\"" <<<"$BODY"' 'the field is "id"'
expect 400 3 "$API/gateways?watch=true&resourceVersion=abc" -H "$ADMIN"
expect 400 3 "$API/gateways?watch=true&resourceVersion=999999" -H "$ADMIN"
expect 401 16 "$API/gateways"
expect 403 7 -X DELETE "$API/gateways/$ID" -H "$VIEWER"
expect 404 5 "$API/gateways/$ID" -H "$OTHER"
expect 415 3 -X POST "$API/gateways" -H "$ADMIN" -H 'Content-Type: text/plain' -d 'hello'
expect 413 3 -X POST "$API/gateways" -H "$ADMIN" -H "$JSON" --data-binary @<(head -c 70000 /dev/zero)

echo "== delete"
expect 200 - -X DELETE "$API/gateways/$TYPO" -H "$ADMIN"
check 'grep -q "\"status\":{\"status\":\"STATUS_DELETING\"" <<<"$BODY"' "DELETE answers STATUS_DELETING"
expect 409 9 -X PATCH "$API/gateways/$TYPO" -H "$ADMIN" -H "$MERGE" -d '{"name": "too-late"}'
for _ in $(seq 1 60); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/gateways/$TYPO" -H "$ADMIN")" = 404 ] && break; sleep 0.25
done
expect 404 5 "$API/gateways/$TYPO" -H "$ADMIN"
check "wait_for $WORK/ndjson '\"type\":\"DELETED\",\"resourceVersion\":\"[0-9]*\",\"gateway\":{\"spec\":{\"id\":\"$TYPO\"'" \
  "DELETED on the watch once every zone is torn down"
check "wait_for $WORK/ndjson '^{\"type\":\"BOOKMARK\",\"resourceVersion\":\"[0-9]*\"}$' 5" "BOOKMARK heartbeat on an idle watch"

echo "== a watch from a version older than the retained history"
for _ in $(seq 1 40); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/gateways?watch=true&resourceVersion=0" -m 1 -H "$ADMIN")" = 410 ] && break
  sleep 0.5
done
expect 410 10 "$API/gateways?watch=true&resourceVersion=0" -H "$ADMIN"

for w in "${WATCHERS[@]}"; do kill "$w" 2>/dev/null || true; done
WATCHERS=()
check "! grep -q wandb-secret $WORK/ndjson $WORK/sse $WORK/fromlist" "no apiKey in any watch event"
check "! grep -q wandb-secret $LOG" "no apiKey in the service's log"
check "! grep -q '\"level\":\"ERROR\"' $LOG" "no ERROR in the service's log"
echo "README examples: $failures failed"
[ "$failures" -eq 0 ]
