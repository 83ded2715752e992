#!/bin/sh
# Wall time of a patch Install with snapshots against the sliding-window bound N*T/C, end to
# end: embedded Temporal test server, the simulator with N `simulated` instances (one pending
# patch each), an in-process worker, the CLI (`ssmflow patch --operation Install --wait`).
# Three commands per instance (health check, AWS-RunPatchBaseline Install, validation) and one
# root-volume snapshot; T = 3 x the mean latency + SNAPSHOT. See bench/README.md. The LAST
# line has the same keys as bench/rollout-bound.sh.
#   bench/patch-bound.sh N C LATENCY [SNAPSHOT]   e.g. bench/patch-bound.sh 10000 500 500ms-2s 1s
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
[ $# -eq 3 ] || [ $# -eq 4 ] \
  || bench_fail "usage: bench/patch-bound.sh N C LATENCY [SNAPSHOT] (e.g. 10000 500 500ms-2s 1s)"
bench_check_count N "$1"
bench_check_count C "$2"
bench_check_duration LATENCY "$3" range
SNAPSHOT=${4:-1s}
bench_check_duration SNAPSHOT "$SNAPSHOT" single
bench_run patch "$1" "$2" "$3" "$SNAPSHOT"
