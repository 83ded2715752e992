#!/usr/bin/env bash
# Re-records the replay histories under workflows/src/test/resources/replay by running the tests
# tagged record-replays (the Maven profile -Precord-replays; the normal build leaves them out).
# Do it only after a deliberate change to a workflow's command sequence guarded by
# Workflow.getVersion, then run the replay tests and commit the new files with that change.
#
#   scripts/record-replays.sh                      # every recorder
#   scripts/record-replays.sh AuditReplayTest      # the recorders of these test classes
set -euo pipefail
cd "$(dirname "$0")/.."

args=(-B -ntp -pl workflows test -Precord-replays)
if [ $# -gt 0 ]; then
  args+=("-Dtest=$(IFS=,; echo "$*")" -Dsurefire.failIfNoSpecifiedTests=false)
fi
./mvnw "${args[@]}"
echo "record-replays: histories written under workflows/src/test/resources/replay;" \
  "check them with ./mvnw -B -ntp -pl workflows test -Dtest='*Replay*'"
