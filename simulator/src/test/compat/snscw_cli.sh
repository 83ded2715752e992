#!/usr/bin/env bash
# Drives the simulator's SNS and CloudWatch with the AWS CLI (SNS over the Query protocol,
# CloudWatch over AWS JSON 1.0, which is what CLI v1 picks) and checks every answer. One line
# per check; exits non-zero at the first mismatch.
#
#   AWS_ENDPOINT_URL=http://127.0.0.1:4566 simulator/src/test/compat/snscw_cli.sh
#
# Names carry a per-run suffix, so the script can run against a simulator that is in use. A
# small Python HTTP server on a loopback port plays the subscriber of an http subscription.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/compat.sh"

RUN="cli$$${RANDOM}"
WORK=$(mktemp -d)
HOOK_PID=""
cleanup() {
  if [[ -n "$HOOK_PID" ]]; then
    kill "$HOOK_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

sns() {
  aws_json sns "$@"
}

cw() {
  aws_json cloudwatch "$@"
}

admin() {
  curl -sS --fail-with-body -X "$1" "$AWS_ENDPOINT_URL/_sim/$2"
}

# wait_for NAME EXPECTED COMMAND...: polls COMMAND (up to 10 s) until it prints EXPECTED.
wait_for() {
  local name="$1" expected="$2" got=""
  shift 2
  for _ in $(seq 1 100); do
    got=$("$@" || true)
    if [[ "$got" == "$expected" ]]; then
      ok "$name"
      return
    fi
    sleep 0.1
  done
  fail "$name: expected [$expected], last got [$got]"
}

# ---- an HTTP subscriber on a loopback port ---------------------------------------------------

cat >"$WORK/hook.py" <<'EOF'
import http.server, json, sys
out = sys.argv[1]
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        with open(out, "a") as f:
            f.write(json.dumps({"type": self.headers.get("x-amz-sns-message-type"),
                                "body": body}) + "\n")
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
print(server.server_address[1], flush=True)
server.serve_forever()
EOF
python3 "$WORK/hook.py" "$WORK/received.jsonl" >"$WORK/port" &
HOOK_PID=$!
for _ in $(seq 1 50); do [[ -s "$WORK/port" ]] && break; sleep 0.1; done
HOOK_URL="http://127.0.0.1:$(cat "$WORK/port")/hook"
touch "$WORK/received.jsonl"

received() {
  jq -rs "map(select(.type == \"$1\")) | length" "$WORK/received.jsonl"
}

# ---- SNS -------------------------------------------------------------------------------------

TOPIC_NAME="deploys-$RUN"
topic=$(sns create-topic --name "$TOPIC_NAME" --attributes DisplayName=Deploys \
  --tags Key=team,Value=ops | jq -r '.TopicArn')
check "create-topic" "$topic" "arn:aws:sns:us-east-1:123456789012:$TOPIC_NAME"
check "create-topic again is idempotent" \
  "$(sns create-topic --name "$TOPIC_NAME" | jq -r '.TopicArn')" "$topic"
expect_error "create-topic with a bad name" InvalidParameter sns create-topic --name "bad name"
check "list-topics finds it" \
  "$(sns list-topics | jq -r --arg t "$topic" '[.Topics[].TopicArn | select(. == $t)] | length')" \
  "1"
check "get-topic-attributes DisplayName" \
  "$(sns get-topic-attributes --topic-arn "$topic" | jq -r '.Attributes.DisplayName')" "Deploys"

check "subscribe email is pending" \
  "$(sns subscribe --topic-arn "$topic" --protocol email --notification-endpoint ops@example.com \
    | jq -r '.SubscriptionArn')" "pending confirmation"
sqs_sub=$(sns subscribe --topic-arn "$topic" --protocol sqs \
  --notification-endpoint "arn:aws:sqs:us-east-1:123456789012:q-$RUN" | jq -r '.SubscriptionArn')
check "subscribe sqs is confirmed at once" "${sqs_sub%:*}" "$topic"
check "subscribe http answers pending confirmation" \
  "$(sns subscribe --topic-arn "$topic" --protocol http --notification-endpoint "$HOOK_URL" \
    | jq -r '.SubscriptionArn')" "pending confirmation"
wait_for "the http endpoint got a SubscriptionConfirmation" 1 received SubscriptionConfirmation
wait_for "answering it with 200 confirmed the subscription" "confirmed" bash -c \
  "aws --endpoint-url '$AWS_ENDPOINT_URL' --output json sns list-subscriptions-by-topic \
   --topic-arn '$topic' | jq -r '.Subscriptions[] | select(.Protocol == \"http\")
   | if .SubscriptionArn == \"PendingConfirmation\" then \"pending\" else \"confirmed\" end'"
expect_error "subscribe a non-loopback http endpoint" InvalidParameter \
  sns subscribe --topic-arn "$topic" --protocol http \
  --notification-endpoint http://example.com/hook

out=$(sns list-subscriptions-by-topic --topic-arn "$topic")
check "list-subscriptions-by-topic protocols" \
  "$(jq -r '[.Subscriptions[].Protocol] | sort | join(",")' <<<"$out")" "email,http,sqs"
check "list-subscriptions-by-topic pending email" \
  "$(jq -r '.Subscriptions[] | select(.Protocol == "email") | .SubscriptionArn' <<<"$out")" \
  "PendingConfirmation"

msg_id=$(sns publish --topic-arn "$topic" --subject "Rollout" --message "v7 deployed" \
  --message-attributes '{"env":{"DataType":"String","StringValue":"prod"}}' \
  | jq -r '.MessageId')
[[ "$msg_id" =~ ^[0-9a-f-]{36}$ ]] && ok "publish answers a MessageId" \
  || fail "publish MessageId: $msg_id"
wait_for "the http endpoint got the Notification" 1 received Notification
note=$(jq -rs 'map(select(.type == "Notification"))[0].body' "$WORK/received.jsonl")
check "notification JSON" \
  "$(jq -r '[.Type, .MessageId, .TopicArn, .Subject, .Message, .SignatureVersion,
    .MessageAttributes.env.Value] | join("|")' <<<"$note")" \
  "Notification|$msg_id|$topic|Rollout|v7 deployed|1|prod"
check "notification carries Signature, SigningCertURL and UnsubscribeURL" \
  "$(jq -r '[has("Signature"), has("SigningCertURL"), has("UnsubscribeURL")] | all' \
    <<<"$note")" "true"
msgs=$(admin GET "sns/messages?topic=$TOPIC_NAME")
check "admin API lists the published message" \
  "$(jq -r '.messages[0] | [.id, .subject, .message, .attributes.env.Value] | join("|")' \
    <<<"$msgs")" "$msg_id|Rollout|v7 deployed|prod"
expect_error "publish to an unknown topic" NotFound \
  sns publish --topic-arn "$topic-missing" --message x
expect_error "publish a subject over 100 characters" InvalidParameter \
  sns publish --topic-arn "$topic" --message x --subject "$(printf 's%.0s' $(seq 1 101))"

# ---- CloudWatch ------------------------------------------------------------------------------

NS="Compat/$RUN"
now=$(date -u +%s)
base=$(( (now / 60 - 10) * 60 ))
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
cw put-metric-data --namespace "$NS" --metric-data \
  "[{\"MetricName\":\"Latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"web-1\"}],
    \"Timestamp\":\"$(iso $((base + 5)))\",\"Value\":10,\"Unit\":\"Milliseconds\"},
   {\"MetricName\":\"Latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"web-1\"}],
    \"Timestamp\":\"$(iso $((base + 30)))\",\"Value\":30,\"Unit\":\"Milliseconds\"},
   {\"MetricName\":\"Latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"web-1\"}],
    \"Timestamp\":\"$(iso $((base + 70)))\",\"Value\":50,\"Unit\":\"Milliseconds\"}]"
ok "put-metric-data"
cw put-metric-data --namespace "$NS" --metric-name Latency --dimensions Host=web-1 \
  --value 70 --unit Milliseconds --timestamp "$(iso $((base + 80)))"
ok "put-metric-data --value"
out=$(cw get-metric-statistics --namespace "$NS" --metric-name Latency \
  --dimensions Name=Host,Value=web-1 --start-time "$(iso "$base")" \
  --end-time "$(iso $((base + 120)))" --period 60 \
  --statistics SampleCount Sum Average Minimum Maximum)
check "get-metric-statistics Label" "$(jq -r '.Label' <<<"$out")" "Latency"
check "get-metric-statistics per period" \
  "$(jq -r '.Datapoints | sort_by(.Timestamp) | map([.Timestamp - '"$base"', .SampleCount,
    .Sum, .Average, .Minimum, .Maximum, .Unit] | map(tostring) | join(" ")) | join(", ")' \
    <<<"$out")" "0 2 40 20 10 30 Milliseconds, 60 2 120 60 50 70 Milliseconds"
out=$(cw get-metric-statistics --namespace "$NS" --metric-name Latency \
  --dimensions Name=Host,Value=web-1 --start-time "$(iso "$base")" \
  --end-time "$(iso $((base + 120)))" --period 120 --extended-statistics p50 p100)
check "get-metric-statistics percentiles" \
  "$(jq -r '.Datapoints[0].ExtendedStatistics | "\(.p50) \(.p100)"' <<<"$out")" "30 70"
expect_error "put-metric-data into AWS/" InvalidParameterValue \
  cw put-metric-data --namespace AWS/EC2 --metric-name x --value 1
expect_error "get-metric-statistics with a bad period" InvalidParameterValue \
  cw get-metric-statistics --namespace "$NS" --metric-name Latency \
  --start-time "$(iso "$base")" --end-time "$(iso $((base + 120)))" --period 45 \
  --statistics Sum
check "list-metrics" \
  "$(cw list-metrics --namespace "$NS" | jq -r '.Metrics | map(.MetricName + ":" +
    (.Dimensions | map(.Name + "=" + .Value) | join(","))) | join(" ")')" "Latency:Host=web-1"
out=$(cw get-metric-data --start-time "$(iso "$base")" --end-time "$(iso $((base + 120)))" \
  --scan-by TimestampAscending --metric-data-queries \
  "[{\"Id\":\"lat\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"$NS\",\"MetricName\":\"Latency\",
    \"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"web-1\"}]},\"Period\":60,\"Stat\":\"Maximum\"}},
   {\"Id\":\"double\",\"Expression\":\"lat * 2\"}]")
check "get-metric-data MetricStat and expression" \
  "$(jq -r '.MetricDataResults | map(.Id + "=" + (.Values | map(tostring) | join("/"))
    + ":" + .StatusCode) | join(" ")' <<<"$out")" "lat=30/70:Complete double=60/140:Complete"

ALARM="cpu-high-$RUN"
cw put-metric-alarm --alarm-name "$ALARM" --alarm-description "CPU too high" \
  --namespace "$NS" --metric-name Cpu --dimensions Name=Host,Value=web-1 --statistic Average \
  --period 10 --evaluation-periods 1 --threshold 90 \
  --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions "$topic" \
  --ok-actions "$topic"
ok "put-metric-alarm"
out=$(cw describe-alarms --alarm-names "$ALARM")
check "describe-alarms new alarm" \
  "$(jq -r '.MetricAlarms[0] | [.AlarmName, .StateValue, .Statistic, (.Threshold | tostring),
    .ComparisonOperator, .AlarmActions[0]] | join("|")' <<<"$out")" \
  "$ALARM|INSUFFICIENT_DATA|Average|90|GreaterThanOrEqualToThreshold|$topic"
cw put-metric-data --namespace "$NS" --metric-name Cpu --dimensions Host=web-1 --value 97 \
  --storage-resolution 1
check "breaching data raises the alarm" \
  "$(cw describe-alarms --alarm-names "$ALARM" | jq -r '.MetricAlarms[0].StateValue')" "ALARM"
check "the state reason names the datapoint" \
  "$(cw describe-alarms --alarm-names "$ALARM" | jq -r '.MetricAlarms[0].StateReason' \
    | sed -E 's/\([0-9/]+ [0-9:]+\)/(T)/')" \
  "Threshold Crossed: 1 out of the last 1 datapoints [97.0 (T)] was greater than or equal to the threshold (90.0)."
wait_for "the alarm published to its SNS topic" \
  "ALARM: \"$ALARM\" in US East (N. Virginia)|ALARM" bash -c \
  "curl -sS '$AWS_ENDPOINT_URL/_sim/sns/messages?topic=$TOPIC_NAME' | jq -r '.messages[]
   | select(.subject | startswith(\"ALARM\")) | .subject + \"|\" + (.message | fromjson
   | .NewStateValue)'"
cw set-alarm-state --alarm-name "$ALARM" --state-value OK --state-reason "manual reset"
check "set-alarm-state" \
  "$(cw describe-alarms --alarm-names "$ALARM" | jq -r '.MetricAlarms[0] | .StateValue + "|"
    + .StateReason')" "OK|manual reset"
check "describe-alarms --state-value" \
  "$(cw describe-alarms --alarm-name-prefix "cpu-high-$RUN" --state-value OK \
    | jq -r '.MetricAlarms | length')" "1"
expect_error "set-alarm-state of an unknown alarm" ResourceNotFound \
  cw set-alarm-state --alarm-name "nope-$RUN" --state-value OK --state-reason x
expect_error "put-metric-alarm with a bad period" InvalidParameterValue \
  cw put-metric-alarm --alarm-name "bad-$RUN" --namespace "$NS" --metric-name Cpu \
  --statistic Average --period 45 --evaluation-periods 1 --threshold 1 \
  --comparison-operator GreaterThanThreshold
cw delete-alarms --alarm-names "$ALARM"
check "delete-alarms" \
  "$(cw describe-alarms --alarm-names "$ALARM" | jq -r '.MetricAlarms | length')" "0"

# The simulator counts the CLI's calls in both protocols, errors by code.
before=$(admin GET stats)
cw list-metrics --namespace "$NS" >/dev/null
sns list-topics >/dev/null
expect_error "set-alarm-state of an unknown alarm, counted" ResourceNotFound \
  cw set-alarm-state --alarm-name "nope2-$RUN" --state-value OK --state-reason x
after=$(admin GET stats)
delta() {
  echo $(( $(jq -r "$1 // 0" <<<"$after") - $(jq -r "$1 // 0" <<<"$before") ))
}
check "/_sim/stats counts CloudWatch (JSON 1.0) and SNS (Query) calls" \
  "$(delta '.calls["cloudwatch:ListMetrics"]') $(delta '.calls["sns:ListTopics"]')" "1 1"
check "/_sim/stats counts a CloudWatch error by its code" \
  "$(delta '.errors["cloudwatch:SetAlarmState"].ResourceNotFound')" "1"

echo "snscw_cli: all $PASSES checks passed"
