# Shared by bench/rollout-bound.sh and bench/patch-bound.sh; sourced, not run.
# bench_run KIND ARGS...: builds, runs io.ssmflow.cli.BenchMain from the starter's test
# classpath, shows its "bench:" progress lines, and prints its key=value result as the LAST line.

bench_fail() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

bench_check_count() { # NAME VALUE
  case "$2" in
    ''|*[!0-9]*|0) bench_fail "$1 must be a positive whole number, not '$2'" ;;
  esac
}

bench_check_duration() { # NAME VALUE RANGE_ALLOWED
  if [ "$3" = range ]; then
    printf '%s' "$2" | grep -Eq '^[0-9]+(\.[0-9]+)?(ms|s)(-[0-9]+(\.[0-9]+)?(ms|s))?$' \
      || bench_fail "$1 must be like 500ms, 2s or 500ms-2s, not '$2'"
  else
    printf '%s' "$2" | grep -Eq '^[0-9]+(\.[0-9]+)?(ms|s)$' \
      || bench_fail "$1 must be like 500ms or 1s, not '$2'"
  fi
}

bench_run() {
  WORK=$(mktemp -d -t ssmflow-bench-XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
  echo "bench: building (./mvnw install -DskipTests, then the starter's test classpath)"
  ./mvnw -q -B -ntp install -DskipTests
  # In the reactor (-am), sibling modules resolve to their target/classes, not to ~/.m2.
  ./mvnw -q -B -ntp -pl starter -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=test
  CP="starter/target/test-classes:starter/target/classes:$(cat "$WORK/classpath")"
  set +e
  java -Xmx"${BENCH_XMX:-6g}" -cp "$CP" io.ssmflow.cli.BenchMain "$@" "$WORK/result" \
    >"$WORK/bench.log" 2>&1
  code=$?
  set -e
  grep '^bench: ' "$WORK/bench.log" || true
  if [ ! -s "$WORK/result" ]; then
    echo "bench: no result (exit $code); the end of the log:" >&2
    tail -n 40 "$WORK/bench.log" >&2
    exit 1
  fi
  cat "$WORK/result"
  exit "$code"
}
