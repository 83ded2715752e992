#!/usr/bin/env bash
# Drives the simulator's EC2 API with the AWS CLI and checks the answers.
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:4566 simulator/src/test/compat/ec2_cli.sh
# It loads its own instances (names ec2cli-<run>-...) through the admin API, so it can run
# against a simulator that already has a fleet; it restores the EC2 knobs it changes.
set -euo pipefail

: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to the simulator endpoint}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
ENDPOINT="${AWS_ENDPOINT_URL%/}"
RUN="ec2cli-$(date +%s)-$$"

ec2() { aws --endpoint-url "$ENDPOINT" --output json ec2 "$@"; }
admin() { curl -sS -f -X "$1" "$ENDPOINT$2" ${3:+-d "$3"}; }
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }
expect_eq() { # what expected actual
  [[ "$2" == "$3" ]] || fail "$1: expected '$2', got '$3'"
  ok "$1"
}
expect_error() { # what code command...
  local what="$1" code="$2" out
  shift 2
  if out=$("$@" 2>&1); then fail "$what: expected $code, the call succeeded"; fi
  [[ "$out" == *"($code)"* ]] || fail "$what: expected $code, got: $out"
  ok "$what -> $code"
}
await() { # what seconds command...: retries the command until it succeeds
  local what="$1" deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || fail "$what: timed out"
    sleep 0.3
  done
  ok "$what"
}

KNOBS=$(admin GET /_sim/ec2/knobs)
trap 'admin POST /_sim/ec2/knobs "$KNOBS" >/dev/null || true' EXIT
admin POST /_sim/ec2/knobs \
  '{"snapshotDuration": "300ms", "replaceRootDuration": "1s", "stateChangeDuration": "300ms"}' \
  >/dev/null

admin POST /_sim/fleet "instances:
  - count: 3
    namePrefix: $RUN-web
    mode: simulated
    tags: {Application: shop, Environment: staging, Run: $RUN}
    files: {/opt/myapp/version.txt: \"1.0\"}
  - name: $RUN-db
    mode: simulated
    tags: {Environment: production, Run: $RUN}
" >/dev/null
ok "loaded 4 instances for run $RUN"

# --- DescribeInstances ---------------------------------------------------------------------
STAGING=$(ec2 describe-instances \
  --filters Name=tag:Environment,Values=staging "Name=tag:Run,Values=$RUN" \
  --query 'Reservations[].Instances[].InstanceId' --output text)
expect_eq "describe-instances tag:Environment=staging finds the 3 web instances" 3 \
  "$(wc -w <<<"$STAGING")"
WEB1=$(ec2 describe-instances --filters "Name=tag:Name,Values=$RUN-web-1" \
  --query 'Reservations[0].Instances[0].InstanceId' --output text)
[[ "$WEB1" =~ ^i-[0-9a-f]{17}$ ]] || fail "instance id $WEB1"
SHAPE=$(ec2 describe-instances --instance-ids "$WEB1" --query 'Reservations[0].Instances[0]')
expect_eq "instance state" "16 running" "$(jq -r '"\(.State.Code) \(.State.Name)"' <<<"$SHAPE")"
[[ "$(jq -r .PrivateDnsName <<<"$SHAPE")" =~ ^ip-10-[0-9]+-[0-9]+-[0-9]+\.ec2\.internal$ ]] \
  || fail "PrivateDnsName $(jq -r .PrivateDnsName <<<"$SHAPE")"
ok "instance PrivateDnsName ip-...ec2.internal"
expect_eq "instance root device and architecture" "/dev/xvda ebs x86_64" \
  "$(jq -r '"\(.RootDeviceName) \(.RootDeviceType) \(.Architecture)"' <<<"$SHAPE")"
ROOT_VOL=$(jq -r '.BlockDeviceMappings[0].Ebs.VolumeId' <<<"$SHAPE")
[[ "$ROOT_VOL" =~ ^vol-[0-9a-f]{17}$ ]] || fail "root volume id $ROOT_VOL"
ok "instance block device mapping names the root volume"
expect_eq "describe-instances instance-state-name + tag-key filters" 4 \
  "$(ec2 describe-instances --filters Name=instance-state-name,Values=running \
     "Name=tag:Run,Values=$RUN" Name=tag-key,Values=Environment \
     --query 'length(Reservations[].Instances[])')"
ALL=$(ec2 describe-instances --query 'length(Reservations[])')
expect_eq "describe-instances pages of 5 give the same instances as one call" "$ALL" \
  "$(ec2 describe-instances --page-size 5 --query 'length(Reservations[])')"
expect_error "describe-instances unknown id" InvalidInstanceID.NotFound \
  ec2 describe-instances --instance-ids i-0123456789abcdef0

# --- CreateTags / DeleteTags ---------------------------------------------------------------
ec2 create-tags --resources "$WEB1" --tags Key=Owner,Value=cli-check >/dev/null
expect_eq "create-tags then describe-instances tag:Owner" "$WEB1" \
  "$(ec2 describe-instances --filters Name=tag:Owner,Values=cli-check \
     --query 'Reservations[].Instances[].InstanceId' --output text)"
ec2 delete-tags --resources "$WEB1" --tags Key=Owner >/dev/null
expect_eq "delete-tags removes the tag" 0 \
  "$(ec2 describe-instances --filters Name=tag:Owner,Values=cli-check \
     --query 'length(Reservations)')"

# --- DescribeVolumes -----------------------------------------------------------------------
VOLS=$(ec2 describe-volumes --filters "Name=attachment.instance-id,Values=$WEB1")
expect_eq "describe-volumes by attachment.instance-id" \
  "$ROOT_VOL in-use gp3 /dev/xvda" \
  "$(jq -r '.Volumes[0] | "\(.VolumeId) \(.State) \(.VolumeType) \(.Attachments[0].Device)"' \
     <<<"$VOLS")"

ALL_VOLS=$(ec2 describe-volumes --query 'length(Volumes)')
(( ALL_VOLS >= 4 )) || fail "describe-volumes without filters answered $ALL_VOLS volumes"
ok "describe-volumes without filters (the CLI asks for pages of 1000)"

# --- CreateSnapshot / DescribeSnapshots ----------------------------------------------------
admin POST "/_sim/instances/$WEB1/files" '{"path": "/opt/myapp/version.txt", "content": "1.0"}' \
  >/dev/null
SNAP_JSON=$(ec2 create-snapshot --volume-id "$ROOT_VOL" --description "before deploy $RUN" \
  --tag-specifications "ResourceType=snapshot,Tags=[{Key=Run,Value=$RUN}]")
SNAP=$(jq -r .SnapshotId <<<"$SNAP_JSON")
[[ "$SNAP" =~ ^snap-[0-9a-f]{17}$ ]] || fail "snapshot id $SNAP"
expect_eq "create-snapshot answers pending" "pending $ROOT_VOL" \
  "$(jq -r '"\(.State) \(.VolumeId)"' <<<"$SNAP_JSON")"
expect_error "a second snapshot of the volume within 15 s" \
  SnapshotCreationPerVolumeRateExceeded ec2 create-snapshot --volume-id "$ROOT_VOL"
ec2 wait snapshot-completed --snapshot-ids "$SNAP"
ok "wait snapshot-completed"
expect_eq "describe-snapshots --owner-ids self tag:Run" "$SNAP completed 100%" \
  "$(ec2 describe-snapshots --owner-ids self --filters "Name=tag:Run,Values=$RUN" \
     --query 'Snapshots[0].[SnapshotId,State,Progress]' --output text | tr '\t' ' ')"

# --- CreateReplaceRootVolumeTask -----------------------------------------------------------
admin POST "/_sim/instances/$WEB1/files" '{"path": "/opt/myapp/version.txt", "content": "2.0"}' \
  >/dev/null
TASK_JSON=$(ec2 create-replace-root-volume-task --instance-id "$WEB1" --snapshot-id "$SNAP" \
  --tag-specifications "ResourceType=replace-root-volume-task,Tags=[{Key=Run,Value=$RUN}]")
TASK=$(jq -r .ReplaceRootVolumeTask.ReplaceRootVolumeTaskId <<<"$TASK_JSON")
[[ "$TASK" =~ ^replacevol-[0-9a-f]{17}$ ]] || fail "task id $TASK"
expect_eq "create-replace-root-volume-task answers pending" pending \
  "$(jq -r .ReplaceRootVolumeTask.TaskState <<<"$TASK_JSON")"
task_succeeded() {
  [[ "$(ec2 describe-replace-root-volume-tasks --replace-root-volume-task-ids "$TASK" \
        --query 'ReplaceRootVolumeTasks[0].TaskState' --output text)" == succeeded ]]
}
await "describe-replace-root-volume-tasks reaches succeeded" 20 task_succeeded
expect_eq "describe-replace-root-volume-tasks by instance-id" "$TASK" \
  "$(ec2 describe-replace-root-volume-tasks --filters "Name=instance-id,Values=$WEB1" \
     --query 'ReplaceRootVolumeTasks[-1].ReplaceRootVolumeTaskId' --output text)"
expect_eq "the sandbox is back to the snapshot" "1.0" \
  "$(admin GET "/_sim/instances/$WEB1/files?path=/opt/myapp/version.txt" | jq -r .content)"
NEW_VOL=$(ec2 describe-instances --instance-ids "$WEB1" \
  --query 'Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs.VolumeId' --output text)
[[ "$NEW_VOL" != "$ROOT_VOL" ]] || fail "the root volume id did not change"
ok "the instance has a new root volume $NEW_VOL"
expect_eq "the replaced root volume is available" available \
  "$(ec2 describe-volumes --volume-ids "$ROOT_VOL" --query 'Volumes[0].State' --output text)"

ec2 delete-snapshot --snapshot-id "$SNAP" >/dev/null
expect_error "describe-snapshots after delete-snapshot" InvalidSnapshot.NotFound \
  ec2 describe-snapshots --snapshot-ids "$SNAP"

# --- StopInstances / StartInstances / RebootInstances --------------------------------------
expect_eq "stop-instances answers stopping" "stopping running" \
  "$(ec2 stop-instances --instance-ids "$WEB1" \
     --query 'StoppingInstances[0].[CurrentState.Name,PreviousState.Name]' --output text \
     | tr '\t' ' ')"
ec2 wait instance-stopped --instance-ids "$WEB1"
ok "wait instance-stopped"
expect_eq "start-instances answers pending" "pending stopped" \
  "$(ec2 start-instances --instance-ids "$WEB1" \
     --query 'StartingInstances[0].[CurrentState.Name,PreviousState.Name]' --output text \
     | tr '\t' ' ')"
ec2 wait instance-running --instance-ids "$WEB1"
ok "wait instance-running"
ec2 reboot-instances --instance-ids "$WEB1" >/dev/null
ok "reboot-instances"
expect_error "stop-instances unknown id" InvalidInstanceID.NotFound \
  ec2 stop-instances --instance-ids i-0123456789abcdef0

before=$(admin GET /_sim/stats | jq -r '.calls["ec2:DescribeInstances"] // 0')
ec2 describe-instances --instance-ids "$WEB1" >/dev/null
after=$(admin GET /_sim/stats | jq -r '.calls["ec2:DescribeInstances"] // 0')
expect_eq "/_sim/stats counts EC2 Query calls" "1" "$((after - before))"

echo "all EC2 CLI checks passed"
