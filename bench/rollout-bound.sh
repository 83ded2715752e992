#!/bin/sh
# Wall time of a rollout against the sliding-window bound N*T/C, end to end: embedded Temporal
# test server, the simulator with N `simulated` instances, an in-process worker, the CLI
# (`ssmflow deploy --wait`). Four commands per instance (three steps and the health check);
# T = 4 x the mean latency. See bench/README.md. The LAST line is:
#   n=... c=... steps=... bound_s=... wall_s=... ratio=... ssm_calls_per_instance_step=...
#   sends_per_instance_step=... max_history_events=...
# Exit 0 when every instance ran every step exactly once and the run SUCCEEDED, 1 otherwise,
# 2 on bad arguments.
#   bench/rollout-bound.sh N C LATENCY      e.g. bench/rollout-bound.sh 10000 500 500ms-2s
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
[ $# -eq 3 ] || bench_fail "usage: bench/rollout-bound.sh N C LATENCY (e.g. 2000 200 500ms-2s)"
bench_check_count N "$1"
bench_check_count C "$2"
bench_check_duration LATENCY "$3" range
bench_run rollout "$1" "$2" "$3"
