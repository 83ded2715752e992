#!/usr/bin/env bash
# Drives the simulator's Run Command with the AWS CLI the way the seed's scripts do
# (aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:Environment,...)
# and checks every answer, including the REAL stdout of shell-mode instances. One line per
# check; exits non-zero at the first mismatch.
#
#   AWS_ENDPOINT_URL=http://127.0.0.1:4566 simulator/src/test/compat/command_cli.sh
#
# The script loads its own instances through the admin API (names unique to this run, tagged
# Environment=staging), so it can run against a simulator that is in use; only its own
# instances are asserted on.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/compat.sh"

RUN="cmd$$${RANDOM}"

ssm() {
  aws_json ssm "$@"
}

admin() {
  curl -sS -f -X "$1" "$AWS_ENDPOINT_URL$2" ${3:+-H 'Content-Type: application/json' -d "$3"}
}

# expect_error NAME CODE COMMAND...: as in lib/compat.sh, but the ok line is just NAME and the
# failures word it differently.
expect_error() {
  local name="$1" code="$2"
  shift 2
  local err
  if err=$("$@" 2>&1 >/dev/null); then
    fail "$name: succeeded, expected $code"
  fi
  if [[ "$err" == *"($code)"* ]]; then
    ok "$name"
  else
    fail "$name: expected ($code), got: $err"
  fi
}

# wait_command ID: polls list-commands (every 100 ms, 30 s at most) until a final status.
wait_command() {
  local status
  for _ in $(seq 300); do
    status=$(ssm list-commands --command-id "$1" --query 'Commands[0].Status' --output text)
    case "$status" in
      Success|Failed|TimedOut|Cancelled) echo "$status"; return 0 ;;
    esac
    sleep 0.1
  done
  fail "command $1 did not finish (last status $status)"
}

# ---- a fleet of our own -------------------------------------------------------------------
created=$(admin POST /_sim/fleet "{\"instances\": [
  {\"count\": 2, \"namePrefix\": \"$RUN-web\", \"mode\": \"shell\",
   \"tags\": {\"Environment\": \"staging\", \"CompatRun\": \"$RUN\"},
   \"pendingPatches\": [\"openssl\"]},
  {\"count\": 3, \"namePrefix\": \"$RUN-bad\", \"mode\": \"simulated\", \"latency\": \"20ms\",
   \"exitCode\": 1, \"tags\": {\"CompatRun\": \"$RUN\", \"Role\": \"broken\"}}]}" \
  | jq -r '.created')
check "admin API loads 5 instances for this run" "$created" "5"
WEB1=$(admin GET "/_sim/instances/$RUN-web-1" | jq -r .id)
WEB2=$(admin GET "/_sim/instances/$RUN-web-2" | jq -r .id)
MINE="$WEB1 $WEB2"

# ---- describe-instance-information with a tag filter --------------------------------------
info=$(ssm describe-instance-information --filters "Key=tag:CompatRun,Values=$RUN" \
  "Key=tag:Environment,Values=staging")
check "describe-instance-information by tag finds our two staging instances" \
  "$(jq -r '[.InstanceInformationList[].InstanceId] | sort | join(" ")' <<<"$info")" \
  "$(tr ' ' '\n' <<<"$MINE" | sort | paste -sd' ')"
check "they are Online Linux EC2 instances with agent 3.3.0.0" \
  "$(jq -r '[.InstanceInformationList[] | "\(.PingStatus)/\(.PlatformType)/\(.ResourceType)/\(.AgentVersion)"] | unique | join(",")' <<<"$info")" \
  "Online/Linux/EC2Instance/3.3.0.0"

# ---- send-command by tag, read the real output -------------------------------------------
sent=$(ssm send-command --document-name AWS-RunShellScript \
  --targets Key=tag:Environment,Values=staging \
  --parameters 'commands=["echo hello from $INSTANCE_ID","uname -s"]' \
  --comment "compat $RUN")
CID=$(jq -r .Command.CommandId <<<"$sent")
check "send-command answers a Pending command with a uuid" \
  "$(jq -r '"\(.Command.Status) \(.Command.CommandId | test("^[0-9a-f-]{36}$"))"' <<<"$sent")" \
  "Pending true"
check "send-command echoes the targets and parameters" \
  "$(jq -r '"\(.Command.Targets[0].Key)=\(.Command.Targets[0].Values[0]) \(.Command.Parameters.commands | length) \(.Command.MaxConcurrency)/\(.Command.MaxErrors)"' <<<"$sent")" \
  "tag:Environment=staging 2 50/0"
check "the command succeeds" "$(wait_command "$CID")" "Success"
invs=$(ssm list-command-invocations --command-id "$CID" --details)
for id in $MINE; do
  check "list-command-invocations --details shows $id's real stdout" \
    "$(jq -r --arg id "$id" '.CommandInvocations[] | select(.InstanceId == $id) | .CommandPlugins[0].Output' <<<"$invs")" \
    "hello from $id
Linux"
done
check "plugin is aws:runShellScript, Success, exit 0" \
  "$(jq -r --arg id "$WEB1" '.CommandInvocations[] | select(.InstanceId == $id) | .CommandPlugins[0] | "\(.Name) \(.Status) \(.ResponseCode)"' <<<"$invs")" \
  "aws:runShellScript Success 0"
got=$(ssm get-command-invocation --command-id "$CID" --instance-id "$WEB2")
check "get-command-invocation gives stdout, status and exit code" \
  "$(jq -r '"\(.Status) \(.ResponseCode) \(.StandardOutputContent | split("\n")[0])"' <<<"$got")" \
  "Success 0 hello from $WEB2"
check "get-command-invocation times are ISO 8601 text" \
  "$(jq -r '.ExecutionStartDateTime | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$")' <<<"$got")" "true"
ssm wait command-executed --command-id "$CID" --instance-id "$WEB1"
ok "aws ssm wait command-executed returns"
listed=$(ssm list-commands --command-id "$CID")
check "list-commands reports counts and the comment" \
  "$(jq -r '.Commands[0] | "\(.Comment) \(.CompletedCount == .TargetCount) \(.ErrorCount)"' <<<"$listed")" \
  "compat $RUN true 0"

# ---- failures, rate control, errors --------------------------------------------------------
FAIL_CID=$(ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB1" \
  --parameters 'commands=["echo about to fail","exit 7"]' --query Command.CommandId --output text)
check "a non-zero exit fails the command" "$(wait_command "$FAIL_CID")" "Failed"
failed=$(ssm get-command-invocation --command-id "$FAIL_CID" --instance-id "$WEB1")
check "the exit code is the ResponseCode and the agent's message is in stderr" \
  "$(jq -r '"\(.Status) \(.ResponseCode) \(.StandardErrorContent)"' <<<"$failed")" \
  "Failed 7 failed to run commands: exit status 7"

ME_CID=$(ssm send-command --document-name AWS-RunShellScript \
  --targets "Key=tag:CompatRun,Values=$RUN" "Key=tag:Role,Values=broken" \
  --max-concurrency 1 --max-errors 0 --parameters 'commands=["deploy"]' \
  --query Command.CommandId --output text)
check "max-errors 0 fails the command" "$(wait_command "$ME_CID")" "Failed"
me=$(ssm list-command-invocations --command-id "$ME_CID")
check "only the first instance ran; the others were Terminated" \
  "$(jq -r '[.CommandInvocations[] | .StatusDetails] | sort | join(",")' <<<"$me")" \
  "Failed,Terminated,Terminated"

ids51=$(for i in $(seq 51); do printf 'i-%017x ' "$i"; done)
# shellcheck disable=SC2086
expect_error "more than 50 instance ids is a ValidationException" ValidationException \
  ssm send-command --document-name AWS-RunShellScript --instance-ids $ids51 \
  --parameters 'commands=["true"]'
expect_error "an unknown instance is InvalidInstanceId" InvalidInstanceId \
  ssm send-command --document-name AWS-RunShellScript --instance-ids i-0123456789abcdef0 \
  --parameters 'commands=["true"]'
expect_error "an unknown document is InvalidDocument" InvalidDocument \
  ssm send-command --document-name AWS-NoSuchDocument --instance-ids "$WEB1"
expect_error "a bad parameter is InvalidParameters" InvalidParameters \
  ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB1" \
  --parameters 'commands=["true"],executionTimeout=["forever"]'
expect_error "an unknown invocation is InvocationDoesNotExist" InvocationDoesNotExist \
  ssm get-command-invocation --command-id "$CID" --instance-id i-0123456789abcdef0

# ---- cancel ----------------------------------------------------------------------------------
SLOW_CID=$(ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB2" \
  --parameters 'commands=["sleep 30"]' --query Command.CommandId --output text)
sleep 0.5
ssm cancel-command --command-id "$SLOW_CID" >/dev/null
check "cancel-command cancels a running command" "$(wait_command "$SLOW_CID")" "Cancelled"

# ---- patching --------------------------------------------------------------------------------
SCAN_CID=$(ssm send-command --document-name AWS-RunPatchBaseline --instance-ids "$WEB1" \
  --parameters Operation=Scan --query Command.CommandId --output text)
check "AWS-RunPatchBaseline Scan succeeds" "$(wait_command "$SCAN_CID")" "Success"
scan=$(ssm get-command-invocation --command-id "$SCAN_CID" --instance-id "$WEB1" \
  --plugin-name PatchLinux --query StandardOutputContent --output text)
check "the scan reports the missing patch" \
  "$(grep -c -E 'MissingCount +: 1|openssl' <<<"$scan")" "2"

history=$(admin GET "/_sim/instances/$RUN-web-1/commands")
check "admin history counts what ran on the instance" \
  "$(jq -r '.counts["echo about to fail\nexit 7"]' <<<"$history")" "1"

# ---- list-commands filters and fields ------------------------------------------------------
OLDER=$(ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB2" \
  --parameters 'commands=["echo older"]' --comment "filters $RUN" --query Command.CommandId --output text)
wait_command "$OLDER" >/dev/null
sleep 0.05
NEWER=$(ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB2" \
  --parameters 'commands=["echo newer"]' --comment "filters $RUN" --query Command.CommandId --output text)
wait_command "$NEWER" >/dev/null
# The CLI prints the timestamp as it came (epoch seconds); the filter takes ISO 8601.
epoch=$(ssm list-commands --command-id "$NEWER" --query 'Commands[0].RequestedDateTime' --output text)
at=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%S.%3NZ)
check "list-commands --instance-id is newest first" \
  "$(ssm list-commands --instance-id "$WEB2" --query 'Commands[0:2].CommandId' --output text)" \
  "$NEWER	$OLDER"
check "InvokedAfter includes the command requested at that instant" \
  "$(ssm list-commands --instance-id "$WEB2" --filters "key=InvokedAfter,value=$at" \
     --query 'Commands[].CommandId' --output text)" "$NEWER"
check "InvokedBefore excludes it" \
  "$(ssm list-commands --instance-id "$WEB2" --filters "key=InvokedBefore,value=$at" \
     --query "Commands[?Comment=='filters $RUN'].CommandId" --output text)" "$OLDER"
check "each command has Status, its counts and RequestedDateTime" \
  "$(ssm list-commands --command-id "$NEWER" --query 'Commands[0]' \
     | jq -r '"\(.Status) \(.TargetCount) \(.CompletedCount) \(.ErrorCount) \(.DeliveryTimedOutCount) \(.RequestedDateTime != null)"')" \
  "Success 1 1 0 0 true"

# ---- the simulator's call counts -----------------------------------------------------------
before=$(admin GET /_sim/stats)
ssm list-commands --command-id "$NEWER" >/dev/null
ssm send-command --document-name AWS-RunShellScript --instance-ids i-0123456789abcdef0 \
  --parameters 'commands=["true"]' >/dev/null 2>&1 || true
after=$(admin GET /_sim/stats)
delta() {
  echo $(( $(jq -r "$1 // 0" <<<"$after") - $(jq -r "$1 // 0" <<<"$before") ))
}
check "/_sim/stats counts the CLI's list-commands" "$(delta '.calls["ssm:ListCommands"]')" "1"
check "/_sim/stats counts a refused send-command by its error code" \
  "$(delta '.calls["ssm:SendCommand"]') $(delta '.errors["ssm:SendCommand"].InvalidInstanceId')" "1 1"
runs=$(admin GET /_sim/runs)
check "/_sim/runs counts each instance's run of the filters commands" \
  "$(jq -r --arg l "filters $RUN" '.labels[$l] | "\(.instances) \(.runs) \(.maxPerInstance)"' <<<"$runs")" "1 2 2"

# ---- status notifications to SNS (--notification-config) ----------------------------------
TOPIC=$(aws_json sns create-topic --name "$RUN-status" | jq -r .TopicArn)
BAD1=$(admin GET "/_sim/instances/$RUN-bad-1" | jq -r .id)
ROLE="arn:aws:iam::123456789012:role/$RUN-sns"
NOTIFY="NotificationArn=$TOPIC,NotificationEvents=Success,Failed,NotificationType=Invocation"
expect_error "send-command with a NotificationArn and no --service-role-arn is InvalidRole" \
  InvalidRole ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB1" \
  --parameters 'commands=["true"]' --notification-config "$NOTIFY"
expect_error "an unknown notification event is a ValidationException" ValidationException \
  ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB1" \
  --parameters 'commands=["true"]' --service-role-arn "$ROLE" \
  --notification-config "NotificationArn=$TOPIC,NotificationEvents=Done,NotificationType=Invocation"
expect_error "a NotificationArn that names no topic is InvalidNotificationConfig" \
  InvalidNotificationConfig ssm send-command --document-name AWS-RunShellScript \
  --instance-ids "$WEB1" --parameters 'commands=["true"]' --service-role-arn "$ROLE" \
  --notification-config "NotificationArn=$TOPIC-gone,NotificationEvents=All,NotificationType=Command"
NCMD=$(ssm send-command --document-name AWS-RunShellScript --instance-ids "$WEB1" "$BAD1" \
  --parameters 'commands=["true"]' --service-role-arn "$ROLE" --notification-config "$NOTIFY" \
  --query Command.CommandId --output text)
wait_command "$NCMD" >/dev/null
# The topic has no subscriber: the simulator records what was published (GET /_sim/sns/messages).
published=""
for _ in $(seq 50); do
  published=$(admin GET "/_sim/sns/messages?topic=$TOPIC" \
    | jq -r '[.messages[].message | fromjson | "\(.instanceId)=\(.status)"] | sort | join(" ")')
  [[ $(wc -w <<<"$published") -ge 2 ]] && break
  sleep 0.1
done
check "one notification per invocation, for the Success and Failed events only" \
  "$published" "$(printf '%s\n' "$WEB1=Success" "$BAD1=Failed" | sort | paste -sd' ')"
check "each carries the command id and document name" \
  "$(admin GET "/_sim/sns/messages?topic=$TOPIC" \
     | jq -r '[.messages[].message | fromjson | "\(.commandId) \(.documentName)"] | unique | join(",")')" \
  "$NCMD AWS-RunShellScript"

echo "command_cli: $PASSES checks passed"
