#!/bin/sh
# Entrypoint of the JVM image (Dockerfile.jvm), the same on every base: the UBI OpenJDK runtime and a plain
# Debian JRE alike. POSIX sh, writes nothing (the root filesystem is read-only), runs as any uid, and execs
# java so that the JVM is PID 1 and receives SIGTERM itself (graceful shutdown).
#
# The JVM options follow the UBI images' run-java.sh conventions, so that both bases start the same JVM:
#   JAVA_OPTS               if set (even empty), replaces the container defaults below
#   JAVA_OPTS_APPEND        always appended last, so it wins (the Kubernetes manifest sets the production options here)
#   JAVA_MAX_MEM_RATIO      default -XX:MaxRAMPercentage (50; 0 leaves it to the JVM); an -Xmx wins over it
#   JAVA_INITIAL_MEM_RATIO  -XX:InitialRAMPercentage, when set
#   GC_CONTAINER_OPTIONS    the collector (default -XX:+UseParallelGC)
#   GC_MIN_HEAP_FREE_RATIO (10), GC_MAX_HEAP_FREE_RATIO (20), GC_TIME_RATIO (4), GC_ADAPTIVE_SIZE_POLICY_WEIGHT (90),
#   GC_MAX_METASPACE_SIZE / GC_METASPACE_SIZE (MB, unset by default)
#   JAVA_APP_DIR (/deployments), JAVA_APP_JAR (quarkus-run.jar in it)
# plus -XX:+ExitOnOutOfMemoryError. Arguments of the container are passed on to the application.
set -eu

default_options() {
  case "${JAVA_MAX_MEM_RATIO:-50}" in
    0) ;;
    *) printf -- '-XX:MaxRAMPercentage=%s ' "${JAVA_MAX_MEM_RATIO:-50}" ;;
  esac
  if [ -n "${JAVA_INITIAL_MEM_RATIO:-}" ]; then
    printf -- '-XX:InitialRAMPercentage=%s ' "$JAVA_INITIAL_MEM_RATIO"
  fi
  printf -- '%s ' "${GC_CONTAINER_OPTIONS:--XX:+UseParallelGC}"
  printf -- '-XX:MinHeapFreeRatio=%s ' "${GC_MIN_HEAP_FREE_RATIO:-10}"
  printf -- '-XX:MaxHeapFreeRatio=%s ' "${GC_MAX_HEAP_FREE_RATIO:-20}"
  printf -- '-XX:GCTimeRatio=%s ' "${GC_TIME_RATIO:-4}"
  printf -- '-XX:AdaptiveSizePolicyWeight=%s ' "${GC_ADAPTIVE_SIZE_POLICY_WEIGHT:-90}"
  if [ -n "${GC_MAX_METASPACE_SIZE:-}" ]; then
    printf -- '-XX:MaxMetaspaceSize=%sm ' "$GC_MAX_METASPACE_SIZE"
  fi
  if [ -n "${GC_METASPACE_SIZE:-}" ]; then
    printf -- '-XX:MetaspaceSize=%sm ' "$GC_METASPACE_SIZE"
  fi
  printf -- '-XX:+ExitOnOutOfMemoryError'
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java)" || { echo "entrypoint: no java on PATH and no JAVA_HOME" >&2; exit 127; }
fi

app_dir="${JAVA_APP_DIR:-/deployments}"
app_jar="${JAVA_APP_JAR:-$app_dir/quarkus-run.jar}"
if [ "${JAVA_OPTS+set}" = set ]; then
  options="$JAVA_OPTS"
else
  options="$(default_options)"
fi
options="$options ${JAVA_OPTS_APPEND:-}"

cd "$app_dir"
# The options are split on whitespace (as run-java.sh does), never glob-expanded.
set -f
# shellcheck disable=SC2086
set -- $options -jar "$app_jar" "$@"
echo "entrypoint: exec $java $*" >&2
exec "$java" "$@"
