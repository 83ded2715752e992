#!/bin/sh
# Creates the namespace and registers the search attributes ssmflow sets on its workflows
# (SsmflowOperation, SsmflowApp, SsmflowEnvironment: the Web UI and `ssmflow list` filter on
# them), with the admin-tools image's temporal CLI. The worker starts only after this succeeded,
# so no workflow is started with an unregistered attribute. Idempotent.
set -eu
ns="${TEMPORAL_NAMESPACE:-default}"
tries=0
until temporal operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "Temporal at $TEMPORAL_ADDRESS is not healthy after 2 minutes" >&2
    exit 1
  fi
  sleep 2
done
if ! temporal operator namespace describe -n "$ns" >/dev/null 2>&1; then
  temporal operator namespace create -n "$ns" --retention 7d
fi
for name in SsmflowOperation SsmflowApp SsmflowEnvironment SsmflowDocument; do
  if ! temporal operator search-attribute list -n "$ns" | grep -qw "$name"; then
    temporal operator search-attribute create -n "$ns" --name "$name" --type Keyword
  fi
done
# Registration reaches every frontend within seconds: wait until the namespace lists them all.
tries=0
for name in SsmflowOperation SsmflowApp SsmflowEnvironment SsmflowDocument; do
  until temporal operator search-attribute list -n "$ns" | grep -qw "$name"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
      echo "search attribute $name is not listed on $ns" >&2
      exit 1
    fi
    sleep 1
  done
done
echo "namespace $ns ready with ssmflow's search attributes"
