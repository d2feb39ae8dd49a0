#!/usr/bin/env bash
# Startup time and idle memory of the JVM build: starts the packaged jar RUNS times against a fresh database on
# the local PostgreSQL, measures launch -> /q/health/ready answering UP (wall clock), Quarkus' own "started in",
# and the RSS after IDLE seconds idle; prints each run and the medians.
# Usage: scripts/startup.sh     Env: RUNS (5), IDLE (10), HEAP (-Xms128m -Xmx128m), PGHOST/PGPORT/PGUSER
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
RUNS=${RUNS:-5} IDLE=${IDLE:-10} HEAP=${HEAP:--Xms128m -Xmx128m} PORT=${PORT:-18095}
DB=gw_startup_$$
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
: >/tmp/startup-ready.$$; : >/tmp/startup-quarkus.$$; : >/tmp/startup-rss.$$
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$PGHOST:$PGPORT/$DB" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
  QUARKUS_DATASOURCE_USERNAME="$PGUSER" QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
  GATEWAY_SECRETS_KEYS="startup:$(head -c 32 /dev/urandom | base64)" ROLLOUT_DRIVER=simulated \
    java $HEAP -jar target/quarkus-app/quarkus-run.jar >/tmp/startup-log.$$ 2>&1 &
  PID=$!
  until curl -sf "localhost:$PORT/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$PID" 2>/dev/null || { echo "the service exited; its log:" >&2; cat /tmp/startup-log.$$ >&2; exit 1; }
    [ $(( ($(date +%s%N) - start) / 1000000000 )) -lt 120 ] || { echo "not ready after 120 s" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  quarkus_s=$(grep -o 'started in [0-9.]*s' /tmp/startup-log.$$ | grep -o '[0-9.]*')
  sleep "$IDLE"
  rss_mb=$(( $(awk '/VmRSS/{print $2}' /proc/$PID/status) / 1024 ))
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "run $run: ready after ${ready_ms} ms (Quarkus: started in ${quarkus_s}s), RSS after ${IDLE}s idle: ${rss_mb} MB"
  echo "$ready_ms" >>/tmp/startup-ready.$$; echo "$quarkus_s" >>/tmp/startup-quarkus.$$; echo "$rss_mb" >>/tmp/startup-rss.$$
done
echo "median of $RUNS: ready after $(median </tmp/startup-ready.$$) ms, Quarkus 'started in' $(median </tmp/startup-quarkus.$$) s, idle RSS $(median </tmp/startup-rss.$$) MB ($HEAP, $(nproc) cores)"
rm -f /tmp/startup-*.$$
