#!/usr/bin/env bash
# Benchmark (not a test): SendCommand + ListCommandInvocations against 10,000 simulated
# instances. Builds the simulator, starts the jar with a generated fleet file, runs
# io.ssmflow.simulator.bench.RunCommandBench from the test classpath, prints the figures and
# the simulator's heap, and stops the jar.
#
#   simulator/bench/run-command-bench.sh [--instances 10000] [--latency 50ms-150ms]
#       [--concurrency 20] [--poll-ms 100] [--window 500] [--fleet-commands 0]
#       [--port 4625] [--xmx 1g]
set -euo pipefail

INSTANCES=10000
LATENCY=50ms-150ms
CONCURRENCY=20
POLL_MS=100
WINDOW=500
FLEET_COMMANDS=0
PORT=4625
XMX=1g
while [[ $# -gt 0 ]]; do
  case "$1" in
    --instances) INSTANCES=$2 ;;
    --latency) LATENCY=$2 ;;
    --concurrency) CONCURRENCY=$2 ;;
    --poll-ms) POLL_MS=$2 ;;
    --window) WINDOW=$2 ;;
    --fleet-commands) FLEET_COMMANDS=$2 ;;
    --port) PORT=$2 ;;
    --xmx) XMX=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d -t ssmflow-bench-XXXXXX)
SIM_PID=""
cleanup() {
  if [[ -n "$SIM_PID" ]] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill "$SIM_PID"
    wait "$SIM_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "building..."
./mvnw -q -B -o package -DskipTests -pl simulator
./mvnw -q -B -o test-compile dependency:build-classpath -pl simulator \
  -Dmdep.outputFile="$WORK/classpath" -Dmdep.includeScope=test

# Pending 50 ms (the default knob) + the latency range's mean: the per-instance time T.
MIN_MS=$(sed -E 's/^([0-9]+)ms.*/\1/' <<<"$LATENCY")
MAX_MS=$(sed -E 's/.*-([0-9]+)ms$/\1/' <<<"$LATENCY")
INSTANCE_MS=$(( 50 + (MIN_MS + MAX_MS) / 2 ))

cat > "$WORK/fleet.yaml" <<YAML
instances:
  - count: $INSTANCES
    namePrefix: bench
    tags: {Bench: "yes", Environment: load}
    mode: simulated
    latency: $LATENCY
YAML

echo "starting the simulator with $INSTANCES simulated instances (latency $LATENCY, -Xmx$XMX)..."
java "-Xmx$XMX" -jar simulator/target/ssmflow-simulator.jar --port "$PORT" \
  --fleet "$WORK/fleet.yaml" --state-dir "$WORK/state" --threads 64 > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/_sim/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/_sim/health" >/dev/null || { cat "$WORK/sim.log"; exit 1; }

java -cp "$(cat "$WORK/classpath"):simulator/target/test-classes:simulator/target/classes" \
  io.ssmflow.simulator.bench.RunCommandBench --endpoint "http://127.0.0.1:$PORT" \
  --concurrency "$CONCURRENCY" --poll-ms "$POLL_MS" --window "$WINDOW" \
  --instance-ms "$INSTANCE_MS" --fleet-commands "$FLEET_COMMANDS"

if command -v jcmd >/dev/null; then
  jcmd "$SIM_PID" GC.run >/dev/null
  echo "simulator heap after a full GC: $(jcmd "$SIM_PID" GC.heap_info | grep -Eo 'used [0-9]+K' | head -1)"
fi
