#!/bin/sh
# What a SIGKILLed worker costs a rollout: Temporal (the Java test server), the simulator and the
# worker as separate JVMs; one rollout undisturbed, then one whose worker is SIGKILLed every
# EVERY, KILLS times, a new worker started at once after each kill. See bench/README.md. The
# LAST line is:
#   n=... c=... kills=... every_s=... base_s=... wall_s=... per_kill_s=... repeated_runs=... sends=...
# Exit 0 when both runs SUCCEEDED with every step run exactly once on every instance, 1 otherwise,
# 2 on bad arguments.
#   bench/kill-recovery.sh N C KILLS EVERY      e.g. bench/kill-recovery.sh 200 20 10 6s
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
[ $# -eq 4 ] || bench_fail "usage: bench/kill-recovery.sh N C KILLS EVERY (e.g. 200 20 10 6s)"
bench_check_count N "$1"
bench_check_count C "$2"
bench_check_count KILLS "$3"
bench_check_duration EVERY "$4" fixed
printf '%s' "$4" | grep -Eq '^0+(\.0+)?(ms|s)$' && bench_fail "EVERY must be positive, not '$4'"
bench_run kill "$1" "$2" "$3" "$4"
