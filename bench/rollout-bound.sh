#!/bin/sh
# Wall time of a rollout vs the N*T/C sliding-window bound (DESIGN.md section 8), end to end:
# embedded Temporal, the simulator with `simulated` instances, an in-process worker, the CLI.
# Not part of the unit suite. Prints the LargeFleetHistoryTest summary line.
#   bench/rollout-bound.sh [instances] [concurrency] [latency]
#   e.g. bench/rollout-bound.sh 2000 200 500ms-2s    (T = 4 commands x mean latency)
set -eu
cd "$(dirname "$0")/.."
N=${1:-2000}
C=${2:-200}
L=${3:-500ms-2s}
./mvnw -q -B -o install -DskipTests
./mvnw -B -o verify -pl starter -Dtest=LargeFleetHistoryTest \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dscale.instances="$N" -Dscale.concurrency="$C" -Dscale.latency="$L" \
  | grep -E 'LargeFleetHistoryTest:|Tests run:|FAIL' || true
