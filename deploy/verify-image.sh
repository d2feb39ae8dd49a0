#!/usr/bin/env bash
# Builds the JVM container image and runs it here the way deploy/kubernetes.yml runs it in a cluster, then
# checks it: probes, a create reaching READY, memory under load, SIGTERM with writes in flight, a restart.
#
#   deploy/verify-image.sh            (as root: it installs podman, runc, debootstrap when missing)
#
# Needs: Debian/Ubuntu with apt (or those tools installed), a PostgreSQL on PGHOST:PGPORT (127.0.0.1:5432)
# where PGUSER (postgres) may create databases, and the manifest's container port (8080) free on this host.
# No Docker daemon and no registry: the base image is made from Debian's packages (debootstrap) and cached as
# local/debian-jre17; the application image is src/main/docker/Dockerfile.jvm built on it.
# Everything the manifest says is read from deploy/kubernetes.yml and deploy/config-example.yml
# (deploy/verify-image/manifest.py), with one deliberate exception: ROLLOUT_DRIVER=simulated. There are no zone
# clusters here, and the config example's ROLLOUT_DRIVER=kubernetes would stop the start-up for want of each
# zone's cluster (as it should in production). It cleans up its container, database and files on exit, and exits non-zero
# when a check fails. See deploy/README.md, "Verifying the image on this machine".
#
# Settings (environment):
#   BASE_IMAGE (local/debian-jre17)     base image; built with debootstrap when it is absent and named local/...
#   APP_IMAGE (local/gateway-control-plane:verify)
#   PGHOST PGPORT PGUSER PGPASSWORD     the PostgreSQL the container uses (a fresh database is created in it)
#   LOAD_REQUESTS (2000) LOAD_CLIENTS (16)  the load before the memory reading
#   SHUTDOWN_LOAD_SECONDS (3)           writes before SIGTERM
#   READINESS_DOWN_WITHIN (1)           seconds after SIGTERM within which readiness must stop answering UP
#   IMAGE_CHECK_PORT                    another host port if the manifest's is taken (sets QUARKUS_HTTP_PORT)
#   PODMAN_OPTS ("--runtime runc --cgroup-manager cgroupfs")  global podman options
#   CONTAINER_ULIMITS ("nofile=1024:1024 nproc=4096:4096")    rlimits this machine can grant a container
#   IMAGE_CHECK_KEEP=1                  keep the container, database and work directory for inspection
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HELPERS="$ROOT/deploy/verify-image"
cd "$ROOT"

BASE_IMAGE="${BASE_IMAGE:-local/debian-jre17}"
DEBIAN_SUITE="${DEBIAN_SUITE:-bookworm}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
APP_IMAGE="${APP_IMAGE:-local/gateway-control-plane:verify}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
LOAD_REQUESTS="${LOAD_REQUESTS:-2000}"
LOAD_CLIENTS="${LOAD_CLIENTS:-16}"
SHUTDOWN_LOAD_SECONDS="${SHUTDOWN_LOAD_SECONDS:-3}"
READINESS_DOWN_WITHIN="${READINESS_DOWN_WITHIN:-1}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
read -r -a PODMAN_OPTS <<<"${PODMAN_OPTS:---runtime runc --cgroup-manager cgroupfs}"
read -r -a CONTAINER_ULIMITS <<<"${CONTAINER_ULIMITS:-nofile=1024:1024 nproc=4096:4096}"

DB="gateway_image_$$"
CONTAINER="gateway-image-check-$$"
TOKEN="image-check-$$-$RANDOM$RANDOM"
SECRETS_KEY="image-check:$(head -c 32 /dev/urandom | base64)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/verify-image.XXXXXX")"
ROOTFS=""
DB_CREATED=0
SUMMARY=()
FAILED=0
PYTHON=""

# ----------------------------------------------------------------------------------------------------- output
log() { printf '[verify-image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
step() { printf '\n== %s\n' "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
record() { # STATUS NAME DETAIL
  SUMMARY+=("$(printf '%-5s  %-30s  %s' "$1" "$2" "$3")")
  log "$1 $2: $3"
  [ "$1" != FAIL ] || FAILED=1
}
pass() { record PASS "$@"; }
fail() { record FAIL "$@"; }
warn() { record WARN "$1" "${*:2}"; }
info() { record INFO "$@"; }
check() { # CONDITION(as a command) NAME DETAIL: PASS when the command succeeds
  local name="$2" detail="$3"
  if eval "$1"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }

pod() { command podman "${PODMAN_OPTS[@]}" "$@"; }
sql() { psql -qtAX -d "$DB" -c "$1"; }
json() { "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

cleanup() {
  local rc=$?
  set +e
  if [ "${IMAGE_CHECK_KEEP:-0}" = 1 ]; then
    log "kept: container $CONTAINER, database $DB, work directory $WORK"
  else
    pod rm -f -t 0 "$CONTAINER" >/dev/null 2>&1
    [ "$DB_CREATED" = 1 ] && psql -qX -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$WORK"
  fi
  [ -n "$ROOTFS" ] && rm -rf "$ROOTFS"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------------------------------------------ tools
apt_install() {
  [ "$(id -u)" = 0 ] || die "missing $*: install them, or run as root so that this script can"
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } \
    || die "cannot install $*"
}

ensure_tools() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v curl >/dev/null || missing+=(curl)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v debootstrap >/dev/null || pod image exists "$BASE_IMAGE" 2>/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
      PYTHON="$candidate"; break
    fi
  done
  if [ -z "$PYTHON" ]; then apt_install python3 python3-yaml; PYTHON=/usr/bin/python3; fi
  psql -qtAX -d postgres -c 'select 1' >/dev/null 2>&1 || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER"
}

# ------------------------------------------------------------------------------------------------ base image
# A Debian JRE 17 root filesystem from Debian's packages, imported as an image once and then reused.
build_base_image() {
  if pod image exists "$BASE_IMAGE"; then
    log "base image $BASE_IMAGE: present, reused"
    return
  fi
  case "$BASE_IMAGE" in local/*) ;; *) die "base image $BASE_IMAGE is absent (only local/... images are built here)";; esac
  [ "$(id -u)" = 0 ] || die "building the base image needs root (debootstrap)"
  ROOTFS="$(mktemp -d "${TMPDIR:-/var/tmp}/debian-jre17.XXXXXX")"
  log "building $BASE_IMAGE: debootstrap $DEBIAN_SUITE minbase + openjdk-17-jre-headless (about a minute)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless "$DEBIAN_SUITE" "$ROOTFS" "$DEBIAN_MIRROR" \
    >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  # What a runtime image does not need: package caches and lists, documentation, translations.
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/lib/apt/lists/* \
    "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/*
  tar -C "$ROOTFS" -c . | pod import \
    --change 'CMD ["/bin/sh"]' \
    --change "LABEL org.opencontainers.image.description=\"Debian $DEBIAN_SUITE minbase + openjdk-17-jre-headless\"" \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$ROOTFS"; ROOTFS=""
  log "base image $BASE_IMAGE: built"
}

# ------------------------------------------------------------------------------------ application and image
build_application() {
  local jar=target/quarkus-app/quarkus-run.jar
  if [ -f "$jar" ] && [ -z "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
    log "target/quarkus-app is newer than the sources: not rebuilt"
    return
  fi
  log "packaging the application: ./mvnw -B -ntp package -DskipTests"
  ./mvnw -B -ntp package -DskipTests >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "the build failed"; }
}

build_image() {
  local previous
  previous="$(pod image inspect --format '{{.Id}}' "$APP_IMAGE" 2>/dev/null || true)"
  log "building $APP_IMAGE from src/main/docker/Dockerfile.jvm on $BASE_IMAGE"
  pod build --pull=never -f src/main/docker/Dockerfile.jvm --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$APP_IMAGE" . \
    >"$WORK/image-build.log" 2>&1 || { tail -20 "$WORK/image-build.log" >&2; die "podman build failed"; }
  # The image this replaced (now untagged) is of no further use.
  if [ -n "$previous" ] && [ "$previous" != "$(pod image inspect --format '{{.Id}}' "$APP_IMAGE")" ]; then
    pod rmi "$previous" >/dev/null 2>&1 || true
  fi
  local size base
  size="$(pod image inspect --format '{{.Size}}' "$APP_IMAGE")"
  base="$(pod image inspect --format '{{.Size}}' "$BASE_IMAGE")"
  info "image size" "$(mib "$size") MiB: base $(mib "$base") MiB + application $(mib $((size - base))) MiB"
}

# The committed manifest is what this script reads: it must be what the build generates today (comments and
# the annotations that depend on the checkout, such as app.quarkus.io/vcs-uri, aside).
manifest_lines() { grep -vE '^#|app\.quarkus\.io/(vcs-uri|commit-id|build-timestamp)' "$1"; }
check_manifest_current() {
  local generated=target/kubernetes/kubernetes.yml
  if [ ! -f "$generated" ]; then info "manifest current" "no $generated to compare with"; return; fi
  if diff -q <(manifest_lines deploy/kubernetes.yml) <(manifest_lines "$generated") >/dev/null; then
    pass "manifest current" "deploy/kubernetes.yml equals the generated $generated"
  else # not about the image: reported, not failed
    warn "manifest current" "deploy/kubernetes.yml differs from the generated $generated (run deploy/regenerate.sh):" \
      "$(diff <(manifest_lines deploy/kubernetes.yml) <(manifest_lines "$generated") | grep -cE '^[<>]') lines; kinds only in the build:" \
      "$(comm -13 <(grep -E '^kind:' deploy/kubernetes.yml | sort -u) <(grep -E '^kind:' "$generated" | sort -u) | sed 's/kind: //' | xargs)"
  fi
}

read_manifest() {
  PORT="${IMAGE_CHECK_PORT:-}"
  local overrides=(
    "QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$PGHOST:$PGPORT/$DB"
    "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB"
    "QUARKUS_DATASOURCE_USERNAME=$PGUSER"
    "GATEWAY_AUTH_TOKENS=$TOKEN=image-check:admin"
    "GATEWAY_AUTH_STATIC_TOKENS_ENABLED=true"
    "GATEWAY_SECRETS_KEYS=$SECRETS_KEY"
    # No zone clusters on this machine: the simulated driver, named explicitly (production has no default, and
    # the config example's kubernetes driver would refuse to start without a cluster for every zone).
    "ROLLOUT_DRIVER=simulated"
  )
  [ -z "${PGPASSWORD:-}" ] || overrides+=("QUARKUS_DATASOURCE_PASSWORD=$PGPASSWORD")
  [ -z "$PORT" ] || overrides+=("QUARKUS_HTTP_PORT=$PORT")
  eval "$("$PYTHON" "$HELPERS/manifest.py" deploy/kubernetes.yml deploy/config-example.yml "$WORK/env" "${overrides[@]}")"
  info "zone driver" "ROLLOUT_DRIVER=simulated for this run, not the config example's ${M_ROLLOUT_DRIVER:-(none)}: no zone clusters here"
  if [ -n "$PORT" ]; then
    info "port" "$PORT instead of the manifest's $M_CONTAINER_PORT (IMAGE_CHECK_PORT)"
  else
    PORT="$M_CONTAINER_PORT"
  fi
  log "manifest: user $M_RUN_AS_USER:$M_RUN_AS_GROUP (fsGroup $M_FS_GROUP), read-only root $M_READ_ONLY_ROOT," \
    "writable $M_WRITABLE_MOUNTS, drop $M_CAPS_DROP, limits ${M_MEMORY_LIMIT_MIB}Mi/${M_CPU_LIMIT_MILLIS}m," \
    "grace ${M_GRACE_SECONDS}s; env from $M_ENV_SOURCES and the container"
  if [ "$M_READ_ONLY_ROOT" != true ] || [ "$M_ALLOW_PRIVILEGE_ESCALATION" != false ] || [ "$M_PRIVILEGED" != false ] \
    || [ -n "$M_CAPS_ADD" ]; then
    die "the manifest's securityContext changed: teach this script the new settings"
  fi
}

# ------------------------------------------------------------------------------------------------- container
create_container() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is taken on this host (the container shares the host network): free it or set IMAGE_CHECK_PORT"
  fi
  psql -qX -d postgres -c "CREATE DATABASE $DB" >/dev/null
  DB_CREATED=1
  # The emptyDir volumes: directories that survive container restarts, group-owned by fsGroup as the kubelet does.
  local mounts=() path dir
  for path in $M_WRITABLE_MOUNTS; do
    dir="$WORK/volume${path//\//_}"
    mkdir -p "$dir" && chmod 0777 "$dir"
    if [ -n "$M_FS_GROUP" ]; then chgrp "$M_FS_GROUP" "$dir" && chmod g+s "$dir"; fi
    mounts+=(-v "$dir:$path")
  done
  # The Secret volumes (manifest.py wrote their files from config-example.yml): read-only, the files group-owned
  # by fsGroup as the kubelet makes them.
  local secret_mount
  for secret_mount in $M_SECRET_MOUNTS; do
    dir="${secret_mount%%:*}"
    chmod 0755 "$dir"
    if [ -n "$M_FS_GROUP" ]; then chgrp -R "$M_FS_GROUP" "$dir"; fi
    mounts+=(-v "$secret_mount:ro")
  done
  local args=(
    --name "$CONTAINER" --network host --env-file "$WORK/env"
    --user "$M_RUN_AS_USER:$M_RUN_AS_GROUP"
    --read-only --read-only-tmpfs=false "${mounts[@]}"
    --cap-drop "$M_CAPS_DROP" --security-opt no-new-privileges
    --stop-timeout "$M_GRACE_SECONDS"
  )
  [ -z "$M_FS_GROUP" ] || args+=(--group-add "$M_FS_GROUP")
  # Resources as the kubelet maps them: limits to the memory limit (no swap) and the CFS quota, requests to
  # the memory reservation and CPU shares.
  [ -z "$M_MEMORY_LIMIT_MIB" ] || args+=(--memory "${M_MEMORY_LIMIT_MIB}m" --memory-swap "${M_MEMORY_LIMIT_MIB}m")
  [ -z "$M_MEMORY_REQUEST_MIB" ] || args+=(--memory-reservation "${M_MEMORY_REQUEST_MIB}m")
  [ -z "$M_CPU_LIMIT_MILLIS" ] || args+=(--cpus "$(awk -v m="$M_CPU_LIMIT_MILLIS" 'BEGIN { printf "%.3f", m / 1000 }')")
  [ -z "$M_CPU_REQUEST_MILLIS" ] || args+=(--cpu-shares "$(( M_CPU_REQUEST_MILLIS * 1024 / 1000 ))")
  local limit
  for limit in "${CONTAINER_ULIMITS[@]}"; do args+=(--ulimit "$limit"); done
  pod create "${args[@]}" "$APP_IMAGE" >/dev/null
}

http_code() { # PATH [TIMEOUT]: the status code, 000 when no answer
  curl -s -o "$WORK/last-body" -w '%{http_code}' -m "${2:-10}" "http://127.0.0.1:$PORT$1" || true
}

# Starts the container and waits for the startup probe as the kubelet would allow it (initial delay plus
# period x failure threshold), polling every 100 ms to time it. Sets STARTED_S and READY_S.
start_and_wait() {
  local t0 deadline code
  t0="$(now)"
  pod start "$CONTAINER" >/dev/null
  deadline=$(( $(date +%s) + M_STARTUP_INITIAL_DELAY + M_STARTUP_PERIOD * M_STARTUP_FAILURES ))
  while :; do
    code="$(http_code "$M_STARTUP_PATH" "$M_STARTUP_TIMEOUT")"
    [ "$code" = 200 ] && break
    if [ "$(pod inspect -f '{{.State.Running}}' "$CONTAINER")" != true ]; then
      pod logs "$CONTAINER" 2>&1 | tail -20 >&2; die "the container exited during startup"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { pod logs "$CONTAINER" 2>&1 | tail -20 >&2; die "startup probe never passed"; }
    sleep 0.1
  done
  STARTED_S="$(elapsed "$t0" "$(now)")"
  until [ "$(http_code "$M_READINESS_PATH" "$M_READINESS_TIMEOUT")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "readiness never answered 200"
    sleep 0.1
  done
  READY_S="$(elapsed "$t0" "$(now)")"
}

host_pid() { pod inspect -f '{{.State.Pid}}' "$CONTAINER"; }
quarkus_said() { pod logs "$CONTAINER" 2>&1 | grep -o "$1 in [0-9.]*s" | tail -1 || true; }

check_startup() {
  start_and_wait
  check "[ $(awk -v s="$STARTED_S" 'BEGIN { print int(s) }') -lt $((M_STARTUP_INITIAL_DELAY + M_STARTUP_PERIOD * M_STARTUP_FAILURES)) ]" \
    "startup probe" "$M_STARTUP_PATH 200 after ${STARTED_S}s, ready after ${READY_S}s (Quarkus: $(quarkus_said started))"
  local probe path code
  for probe in READINESS LIVENESS; do
    path="M_${probe}_PATH"; path="${!path}"
    code="$(http_code "$path")"
    check "[ $code = 200 ] && grep -q '\"UP\"' '$WORK/last-body'" "${probe,,} probe" "$path answers $code $(tr -d ' \n' <"$WORK/last-body" | cut -c1-40)"
  done
}

# What the container really got: user, capabilities, filesystem, limits, JVM options (from /proc, as root).
check_container() {
  local pid status cmdline environ writable
  pid="$(host_pid)"
  status="$(cat "/proc/$pid/status")"
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  environ="$(tr '\0' '\n' <"/proc/$pid/environ")"
  local uid gid groups caps nnp seccomp
  uid="$(awk '/^Uid:/ { print $2 }' <<<"$status")"; gid="$(awk '/^Gid:/ { print $2 }' <<<"$status")"
  groups="$(awk '/^Groups:/ { $1 = ""; print $0 }' <<<"$status" | xargs)"
  caps="$(awk '/^CapEff:/ { print $2 }' <<<"$status")"; nnp="$(awk '/^NoNewPrivs:/ { print $2 }' <<<"$status")"
  seccomp="$(awk '/^Seccomp:/ { print $2 }' <<<"$status")"
  check "[ '$(pod exec "$CONTAINER" cat /proc/1/comm)' = java ]" "java is PID 1" "the entrypoint execs java (SIGTERM goes to the JVM)"
  local image_user
  image_user="$(pod image inspect -f '{{.Config.User}}' "$APP_IMAGE")"
  check "[ '$uid/$gid' = '$M_RUN_AS_USER/$M_RUN_AS_GROUP' ] && [[ ' $groups ' == *' $M_FS_GROUP '* ]] && [[ '$image_user' != @(|0|root)?(:*) ]]" \
    "user" "uid $uid gid $gid groups $groups (manifest: $M_RUN_AS_USER:$M_RUN_AS_GROUP, fsGroup $M_FS_GROUP); image USER $image_user (non-root)"
  check "[ '$caps' = 0000000000000000 ] && [ '$nnp' = 1 ] && [ '$seccomp' = 2 ]" \
    "capabilities" "CapEff $caps, NoNewPrivs $nnp, seccomp mode $seccomp (2: filtered)"
  # shellcheck disable=SC2016 # expanded by the container's shell
  writable="$(pod exec "$CONTAINER" sh -c 'for d in / /deployments /opt /etc /var/tmp /run /tmp; do
      f="$d/.write-test-$$"; if touch "$f" 2>/dev/null; then rm -f "$f"; printf "%s " "$d"; fi; done')"
  check "[ '$(xargs <<<"$writable")' = '$M_WRITABLE_MOUNTS' ]" "read-only root" "writable: $(xargs <<<"$writable") (of / /deployments /opt /etc /var/tmp /run /tmp)"
  local secret_mount secret_path secret_state
  for secret_mount in $M_SECRET_MOUNTS; do
    secret_path="${secret_mount#*:}"
    # shellcheck disable=SC2016 # expanded by the container's shell
    secret_state="$(pod exec "$CONTAINER" sh -c 'd="$1"; [ -d "$d" ] || { echo absent; exit; }
        if touch "$d/.write-test" 2>/dev/null; then echo writable; exit; fi
        for f in "$d"/*; do [ -e "$f" ] || continue; [ -r "$f" ] || { echo "unreadable $f"; exit; }; done
        echo "read-only, readable"' sh "$secret_path")"
    check "[ '$secret_state' = 'read-only, readable' ]" "secret volume" "$secret_path: $secret_state ($M_SECRET_VOLUMES)"
  done
  local absent="" option
  for option in $M_JAVA_OPTS_APPEND $M_GC_CONTAINER_OPTIONS; do
    [[ " $cmdline " == *" $option "* ]] || absent+=" $option"
  done
  grep -qx "MALLOC_ARENA_MAX=$M_MALLOC_ARENA_MAX" <<<"$environ" || absent+=" MALLOC_ARENA_MAX=$M_MALLOC_ARENA_MAX"
  local detail="the JVM runs with the manifest's JAVA_OPTS_APPEND, GC_CONTAINER_OPTIONS and MALLOC_ARENA_MAX"
  [ -z "$absent" ] || detail="missing:$absent"
  check "[ -z '$absent' ]" "JVM options" "$detail"
  # Limits: read from the container's cgroup (v1 or v2) and from what the JVM itself detects.
  local memory quota period jvm
  memory="$(pod exec "$CONTAINER" sh -c 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes')"
  # shellcheck disable=SC2016
  read -r quota period <<<"$(pod exec "$CONTAINER" sh -c 'cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"')"
  jvm="$(pod exec "$CONTAINER" java -Xshare:auto -XX:+UseSerialGC -Xmx16m -XshowSettings:system -version 2>&1 \
    | awk -F': ' '/Memory Limit|Effective CPU Count/ { printf "%s %s; ", $1, $2 }' | xargs || true)"
  check "[ '$memory' = $((M_MEMORY_LIMIT_MIB * 1048576)) ]" "memory limit" "cgroup limit $(mib "$memory") MiB (manifest ${M_MEMORY_LIMIT_MIB}Mi); JVM sees: $jvm"
  if [ "$quota" = max ] || [ "$quota" = -1 ]; then
    info "cpu limit" "not enforced by podman here (no CFS quota): the manifest's ${M_CPU_LIMIT_MILLIS}m is not applied"
  else
    check "[ $((quota * 1000 / period)) = $M_CPU_LIMIT_MILLIS ]" "cpu limit" "CFS quota $quota/$period us = $((quota * 1000 / period))m (manifest ${M_CPU_LIMIT_MILLIS}m)"
  fi
}

api() { # METHOD PATH [BODY]: prints the status code, the body goes to $WORK/last-body
  curl -s -o "$WORK/last-body" -w '%{http_code}' -m 10 -X "$1" "http://127.0.0.1:$PORT/v1alpha1/inference$2" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"} || true
}

check_create_ready() {
  local code t0 status=""
  t0="$(now)"
  code="$(api POST /gateways '{"name":"img-check","zones":[],"coreWeaveAuth":{},"pathBasedRouting":{}}')"
  if [ "$code" != 200 ]; then fail "create reaches READY" "POST answered $code: $(head -c 300 "$WORK/last-body")"; return; fi
  GATEWAY_ID="$(json "$WORK/last-body" 'd["gateway"]["spec"]["id"]')"
  local deadline=$(( $(date +%s) + READY_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    code="$(api GET "/gateways/$GATEWAY_ID")"
    [ "$code" = 200 ] && status="$(json "$WORK/last-body" 'd["gateway"]["status"]["status"]')"
    [ "$status" = STATUS_READY ] && break
    sleep 0.2
  done
  check "[ '$status' = STATUS_READY ]" "create reaches READY" \
    "gateway $GATEWAY_ID (zones: [] = every zone): $status after $(elapsed "$t0" "$(now)")s"
}

memory_reading() { # "VmRSS VmHWM cgroup-usage cgroup-peak" in MiB
  local pid rss hwm usage peak
  pid="$(host_pid)"
  rss="$(awk '/^VmRSS:/ { print int($2 / 1024) }' "/proc/$pid/status")"
  hwm="$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$pid/status")"
  # shellcheck disable=SC2016
  read -r usage peak <<<"$(pod exec "$CONTAINER" sh -c 'if [ -f /sys/fs/cgroup/memory.current ]; then
      echo "$(cat /sys/fs/cgroup/memory.current) $(cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory.current)"
    else echo "$(cat /sys/fs/cgroup/memory/memory.usage_in_bytes) $(cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes)"; fi')"
  echo "$rss $hwm $(mib "$usage") $(mib "$peak")"
}

check_memory() {
  local rss hwm usage peak
  read -r rss hwm usage peak <<<"$(memory_reading)"
  info "memory before load" "java RSS ${rss} MiB; cgroup ${usage} MiB"
  log "load: $LOAD_REQUESTS requests (create, get, list, merge patch) from $LOAD_CLIENTS keep-alive clients"
  "$PYTHON" "$HELPERS/load.py" --port "$PORT" --token "$TOKEN" --mode mixed --clients "$LOAD_CLIENTS" \
    --requests "$LOAD_REQUESTS" --out "$WORK/load.json"
  local outcomes rate
  outcomes="$(json "$WORK/load.json" '" ".join(f"{k}:{v}" for k, v in sorted(d["outcomes"].items()))')"
  rate="$(json "$WORK/load.json" '"%.0f req/s" % (d["attempts"] / d["elapsed"])')"
  check "[ '$(json "$WORK/load.json" 'set(d["outcomes"]) == {"200"}')' = True ]" "load" "$outcomes ($rate)"
  read -r rss hwm usage peak <<<"$(memory_reading)"
  check "[ $peak -lt $M_MEMORY_LIMIT_MIB ] && [ '$(pod inspect -f '{{.State.OOMKilled}}' "$CONTAINER")' = false ]" \
    "memory after load" "java RSS ${rss} MiB (peak ${hwm}); cgroup ${usage} MiB (peak ${peak}) of the ${M_MEMORY_LIMIT_MIB}Mi limit"
}

leases() { sql "SELECT count(*) FROM gateway_zone WHERE lease_owner IS NOT NULL"; }

# SIGTERM with writes in flight, as the kubelet does it: SIGTERM, SIGKILL after terminationGracePeriodSeconds.
check_sigterm() {
  local stop_file="$WORK/stop-load" progress="$WORK/progress" load_pid answered=0 t0 t1 held
  log "writes (create, merge patch) from $LOAD_CLIENTS keep-alive clients, SIGTERM after ${SHUTDOWN_LOAD_SECONDS}s;" \
    "a client told Connection: close reconnects at once (endpoint removal is not simulated)"
  "$PYTHON" "$HELPERS/load.py" --port "$PORT" --token "$TOKEN" --mode writes --clients "$LOAD_CLIENTS" \
    --until "$stop_file" --progress "$progress" --probe "$M_READINESS_PATH" --out "$WORK/shutdown.json" &
  load_pid=$!
  sleep "$SHUTDOWN_LOAD_SECONDS"
  [ -f "$progress" ] && answered="$(cat "$progress")"
  held="$(leases)"
  log "$answered writes answered so far, $held zone leases held; podman stop -t $M_GRACE_SECONDS"
  t0="$(now)"
  pod stop -t "$M_GRACE_SECONDS" "$CONTAINER" >/dev/null
  t1="$(now)"
  sleep 1; touch "$stop_file"; wait "$load_pid"
  local took exit_code after
  took="$(elapsed "$t0" "$t1")"
  exit_code="$(pod inspect -f '{{.State.ExitCode}}' "$CONTAINER")"
  after="$(leases)"
  check "[ $exit_code != 137 ] && awk -v t=$took 'BEGIN { exit !(t < $M_GRACE_SECONDS) }'" "exit within grace period" \
    "exited ${took}s after SIGTERM with code $exit_code (grace ${M_GRACE_SECONDS}s; 143 = SIGTERM handled, 137 = killed) (Quarkus: $(quarkus_said stopped))"
  check "[ $after = 0 ]" "leases released" "$held zone leases held at SIGTERM, $after after exit"

  local summary five no_response
  summary="$(json "$WORK/shutdown.json" '" ".join(f"{k}:{v}" for k, v in sorted(d["outcomes"].items()))')"
  # 503 with Retry-After and Connection: close is the instance saying "go elsewhere" while it drains: expected.
  five="$(json "$WORK/shutdown.json" 'sum(v for k, v in d["outcomes"].items() if k.startswith("5")) - d["unavailable"]')"
  no_response="$(json "$WORK/shutdown.json" 'd["outcomes"].get("no_response", 0) + d["outcomes"].get("timeout", 0)')"
  info "writes around SIGTERM" "$summary; answered with Connection: close: $(json "$WORK/shutdown.json" 'd["connection_close"]')"
  info "timeline after SIGTERM" "$(json "$WORK/shutdown.json" "'; '.join(f'{k} {v[0] - $t0:+.2f}..{v[1] - $t0:+.2f}s'
    for k, v in sorted(d['times'].items(), key=lambda kv: kv[1][0]))"); first Connection: close \
$(json "$WORK/shutdown.json" "f'{d[\"first_close_at\"] - $t0:+.2f}s' if d['first_close_at'] else 'none'"); exited +${took}s"
  check "[ $five = 0 ]" "no 5xx during shutdown" "$five answers 5xx other than 503 + Retry-After + Connection: close ($(json "$WORK/shutdown.json" 'd["unavailable"]') of those)$( [ "$five" = 0 ] || echo ": $(json "$WORK/shutdown.json" 'd["five_xx"][:2]')")"
  check "[ $no_response = 0 ]" "no request lost in flight" \
    "$no_response sent without an answer (no_response/timeout), $(json "$WORK/shutdown.json" 'd["lost_on_fresh_connection"]') of them on new connections; refused and closed_before_send were never sent"
  local readiness
  readiness="$(json "$WORK/shutdown.json" "next((f'{t - $t0:.2f} {s}' for t, s in d['probes'] if t > $t0 and s != 200), 'never -')")"
  local last_up
  last_up="$(json "$WORK/shutdown.json" "max([t - $t0 for t, s in d['probes'] if s == 200] or [-1])")"
  check "awk -v t='${readiness%% *}' 'BEGIN { exit !(t != \"never\" && t <= $READINESS_DOWN_WITHIN) }'" "readiness DOWN on SIGTERM" \
    "first not-UP answer ${readiness%% *}s after SIGTERM (${readiness#* }), last UP at $(printf '%.2f' "$last_up")s (limit ${READINESS_DOWN_WITHIN}s)"
  # Every create that was answered 200 must be stored.
  local ids stored
  ids="$(json "$WORK/shutdown.json" '",".join(map(repr, d["created_ids"]))')"
  ACKED_CREATES="$(json "$WORK/shutdown.json" 'len(d["created_ids"])')"
  stored="$(sql "SELECT count(*) FROM gateway WHERE id IN (${ids:-NULL})")"
  check "[ $stored = $ACKED_CREATES ]" "answered creates stored" "$stored of $ACKED_CREATES creates answered 200 are in the database"
  # The warnings and errors the service logged while stopping, counted.
  pod logs --since "$(date -d "@${t0%.*}" +%Y-%m-%dT%H:%M:%S)" "$CONTAINER" 2>&1 | "$PYTHON" -c '
import collections, json, sys
seen = collections.Counter()
for line in sys.stdin:
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("level") in ("WARN", "ERROR"):
        seen[(d["level"], d["loggerName"].rsplit(".", 1)[-1], d["message"].split(":")[0][:100])] += 1
for (level, logger, message), count in seen.most_common(5):
    print(f"  log after SIGTERM: {count} x {level} {logger}: {message}")' >&2 || true
}

check_restart() {
  local due_before due_after code status
  due_before="$(sql "SELECT count(*) FROM gateway_zone WHERE observed_generation < desired_generation OR NOT present")"
  start_and_wait
  code="$(api GET "/gateways/$GATEWAY_ID")"
  [ "$code" = 200 ] && status="$(json "$WORK/last-body" 'd["gateway"]["status"]["status"]')"
  check "[ '${status:-}' = STATUS_READY ]" "restart keeps data" \
    "started again in ${STARTED_S}s; gateway img-check: $code ${status:-}; $(sql 'SELECT count(*) FROM gateway') gateways stored"
  sleep 5
  due_after="$(sql "SELECT count(*) FROM gateway_zone WHERE observed_generation < desired_generation OR NOT present")"
  check "[ $due_before = 0 ] || [ $due_after -lt $due_before ]" "rollout resumes" \
    "zone rows not converged: $due_before at restart, $due_after 5s later"
}

summary() {
  printf '\n%-5s  %-30s  %s\n' RESULT CHECK DETAIL
  printf '%s\n' "------------------------------------------------------------------------------------------------"
  printf '%s\n' "${SUMMARY[@]}"
  if [ "$FAILED" = 0 ]; then printf '\nIMAGE CHECK PASSED\n'; else printf '\nIMAGE CHECK FAILED\n'; fi
}

main() {
  step "tools and base image"
  ensure_tools
  build_base_image
  step "application and image"
  build_application
  build_image
  check_manifest_current
  read_manifest
  step "start as deploy/kubernetes.yml says (container $CONTAINER, database $DB)"
  create_container
  check_startup
  check_container
  step "API"
  check_create_ready
  step "memory under load"
  check_memory
  step "SIGTERM with writes in flight"
  check_sigterm
  step "restart"
  check_restart
  summary
  [ "$FAILED" = 0 ]
}

main "$@"
