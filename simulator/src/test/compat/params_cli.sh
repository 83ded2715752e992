#!/usr/bin/env bash
# Drives the simulator's Parameter Store and Session Manager with the AWS CLI, the way the seed's
# scripts do (aws ssm put-parameter --name /myapp/prod/db_password --type SecureString ...), and
# checks every answer. One line per check; exits non-zero at the first mismatch.
#
#   AWS_ENDPOINT_URL=http://127.0.0.1:4566 simulator/src/test/compat/params_cli.sh
#
# Parameters go under a prefix unique to this run, so the script can run against a simulator
# that is in use. The session checks need one instance: the first one of the fleet, or a
# simulated instance the script loads through the admin API.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/compat.sh"

RUN="cli$$${RANDOM}"
PREFIX="/compat/${RUN}"

ssm() {
  aws_json ssm "$@"
}

# ---- PutParameter / GetParameter, as the seed's Parameter Store example ----------------------

out=$(ssm put-parameter --name "$PREFIX/myapp/prod/db_password" --type SecureString \
  --value 'Pa55word-1' --overwrite)
check "put-parameter SecureString --overwrite creates version 1" \
  "$(jq -r '.Version' <<<"$out")/$(jq -r '.Tier' <<<"$out")" "1/Standard"

out=$(ssm put-parameter --name "$PREFIX/myapp/prod/db_password" --type SecureString \
  --value 'Pa55word-2' --overwrite)
check "put-parameter --overwrite adds version 2" "$(jq -r '.Version' <<<"$out")" "2"

out=$(ssm get-parameter --name "$PREFIX/myapp/prod/db_password")
value=$(jq -r '.Parameter.Value' <<<"$out")
if [[ "$value" == *Pa55word* || -z "$value" ]]; then
  fail "get-parameter without --with-decryption must not show the plaintext"
fi
ok "get-parameter without decryption answers an opaque value"
check "get-parameter type" "$(jq -r '.Parameter.Type' <<<"$out")" "SecureString"

out=$(ssm get-parameter --name "$PREFIX/myapp/prod/db_password" --with-decryption)
check "get-parameter --with-decryption" \
  "$(jq -r '.Parameter.Value + " v" + (.Parameter.Version|tostring)' <<<"$out")" \
  "Pa55word-2 v2"
check "get-parameter ARN" "$(jq -r '.Parameter.ARN' <<<"$out")" \
  "arn:aws:ssm:us-east-1:123456789012:parameter${PREFIX}/myapp/prod/db_password"

out=$(ssm get-parameter --name "$PREFIX/myapp/prod/db_password:1" --with-decryption)
check "get-parameter name:VERSION" \
  "$(jq -r '.Parameter.Value + " " + .Parameter.Selector' <<<"$out")" "Pa55word-1 :1"

ssm put-parameter --name "$PREFIX/myapp/prod/db_host" --type String --value 'db.internal' \
  >/dev/null
expect_error "put-parameter on an existing name without --overwrite" ParameterAlreadyExists \
  ssm put-parameter --name "$PREFIX/myapp/prod/db_host" --type String --value 'other'
expect_error "get-parameter of an unknown name" ParameterNotFound \
  ssm get-parameter --name "$PREFIX/myapp/prod/nope"
expect_error "get-parameter of an unknown version" ParameterVersionNotFound \
  ssm get-parameter --name "$PREFIX/myapp/prod/db_password:9"
expect_error "put-parameter with a reserved name" ValidationException \
  ssm put-parameter --name "ssm-reserved-$RUN" --type String --value x
expect_error "put-parameter with a value not matching --allowed-pattern" \
  ParameterPatternMismatchException \
  ssm put-parameter --name "$PREFIX/myapp/prod/port" --type String --value abc \
  --allowed-pattern '^[0-9]+$'

# ---- GetParametersByPath ---------------------------------------------------------------------

for i in 1 2 3 4 5; do
  ssm put-parameter --name "$PREFIX/myapp/staging/key$i" --type String --value "v$i" >/dev/null
done
ssm put-parameter --name "$PREFIX/myapp/staging/nested/deep" --type StringList \
  --value 'a,b' >/dev/null

out=$(ssm get-parameters-by-path --path "$PREFIX/myapp/staging" --page-size 2)
check "get-parameters-by-path one level, paged by 2" \
  "$(jq -r '[.Parameters[].Name | split("/")[-1]] | join(",")' <<<"$out")" \
  "key1,key2,key3,key4,key5"

out=$(ssm get-parameters-by-path --path "$PREFIX/myapp" --recursive --with-decryption)
check "get-parameters-by-path --recursive" "$(jq -r '.Parameters | length' <<<"$out")" "8"
check "get-parameters-by-path --with-decryption" \
  "$(jq -r --arg n "$PREFIX/myapp/prod/db_password" \
    '.Parameters[] | select(.Name == $n) | .Value' <<<"$out")" "Pa55word-2"

out=$(ssm get-parameters-by-path --path "$PREFIX/myapp" --recursive \
  --parameter-filters Key=Type,Values=StringList)
check "get-parameters-by-path --parameter-filters Type" \
  "$(jq -r '[.Parameters[].Name] | join(",")' <<<"$out")" "$PREFIX/myapp/staging/nested/deep"

out=$(ssm get-parameters-by-path --path "$PREFIX/myapp/staging" --max-items 2 --page-size 2)
token=$(jq -r '.NextToken' <<<"$out")
[[ -n "$token" && "$token" != null ]] || fail "get-parameters-by-path --max-items 2 gives a NextToken"
out=$(ssm get-parameters-by-path --path "$PREFIX/myapp/staging" --max-items 2 --page-size 2 \
  --starting-token "$token")
check "get-parameters-by-path --starting-token continues after the first page" \
  "$(jq -r '[.Parameters[].Name | split("/")[-1]] | join(",")' <<<"$out")" "key3,key4"
expect_error "get-parameters-by-path with a Name filter" InvalidFilterKey \
  ssm get-parameters-by-path --path "$PREFIX/myapp" --parameter-filters Key=Name,Values=x

# ---- labels and history ----------------------------------------------------------------------

out=$(ssm label-parameter-version --name "$PREFIX/myapp/prod/db_password" \
  --parameter-version 1 --labels previous 1bad)
check "label-parameter-version reports invalid labels" \
  "$(jq -r '(.ParameterVersion|tostring) + " " + (.InvalidLabels | join(","))' <<<"$out")" \
  "1 1bad"
ssm label-parameter-version --name "$PREFIX/myapp/prod/db_password" --labels current >/dev/null

out=$(ssm get-parameter --name "$PREFIX/myapp/prod/db_password:previous" --with-decryption)
check "get-parameter name:LABEL" "$(jq -r '.Parameter.Value' <<<"$out")" "Pa55word-1"

out=$(ssm get-parameter-history --name "$PREFIX/myapp/prod/db_password")
check "get-parameter-history versions and labels" \
  "$(jq -r '[.Parameters[] | "\(.Version):\(.Labels | join("+"))"] | join(" ")' <<<"$out")" \
  "1:previous 2:current"
check "get-parameter-history KeyId and user" \
  "$(jq -r '.Parameters[0].KeyId + " " + .Parameters[0].LastModifiedUser' <<<"$out")" \
  "alias/aws/ssm arn:aws:iam::123456789012:user/simulator"
if jq -e '.Parameters[] | select(.Value | contains("Pa55word"))' <<<"$out" >/dev/null; then
  fail "get-parameter-history without --with-decryption must not show plaintext"
fi
ok "get-parameter-history hides SecureString values without decryption"

out=$(ssm unlabel-parameter-version --name "$PREFIX/myapp/prod/db_password" \
  --parameter-version 1 --labels previous nothere)
check "unlabel-parameter-version" \
  "$(jq -r '(.RemovedLabels | join(",")) + " " + (.InvalidLabels | join(","))' <<<"$out")" \
  "previous nothere"

# ---- GetParameters, DescribeParameters, tags --------------------------------------------------

out=$(ssm get-parameters --names "$PREFIX/myapp/prod/db_host" "$PREFIX/myapp/prod/missing")
check "get-parameters answers found and invalid names" \
  "$(jq -r '(.Parameters | map(.Value) | join(",")) + " " + (.InvalidParameters | join(","))' \
    <<<"$out")" "db.internal $PREFIX/myapp/prod/missing"

out=$(ssm describe-parameters --parameter-filters \
  "Key=Path,Option=Recursive,Values=$PREFIX/myapp/prod")
check "describe-parameters Path Recursive" \
  "$(jq -r '[.Parameters[].Name | split("/")[-1]] | join(",")' <<<"$out")" \
  "db_host,db_password"
check "describe-parameters never answers values" \
  "$(jq -r '[.Parameters[] | has("Value")] | any' <<<"$out")" "false"

ssm add-tags-to-resource --resource-type Parameter --resource-id "$PREFIX/myapp/prod/db_host" \
  --tags Key=team,Value=payments Key=env,Value=prod >/dev/null
out=$(ssm list-tags-for-resource --resource-type Parameter \
  --resource-id "$PREFIX/myapp/prod/db_host")
check "add-tags-to-resource / list-tags-for-resource" \
  "$(jq -r '[.TagList[] | .Key + "=" + .Value] | join(",")' <<<"$out")" "team=payments,env=prod"
out=$(ssm describe-parameters --parameter-filters "Key=tag:team,Values=payments")
check "describe-parameters tag filter" \
  "$(jq -r --arg p "$PREFIX/" '[.Parameters[].Name | select(startswith($p))] | join(",")' \
    <<<"$out")" "$PREFIX/myapp/prod/db_host"
ssm remove-tags-from-resource --resource-type Parameter \
  --resource-id "$PREFIX/myapp/prod/db_host" --tag-keys team >/dev/null
out=$(ssm list-tags-for-resource --resource-type Parameter \
  --resource-id "$PREFIX/myapp/prod/db_host")
check "remove-tags-from-resource" "$(jq -r '[.TagList[].Key] | join(",")' <<<"$out")" "env"
expect_error "list-tags-for-resource of an unknown parameter" InvalidResourceId \
  ssm list-tags-for-resource --resource-type Parameter --resource-id "$PREFIX/none"

# ---- delete ----------------------------------------------------------------------------------

ssm delete-parameter --name "$PREFIX/myapp/prod/db_host" >/dev/null
expect_error "get-parameter after delete-parameter" ParameterNotFound \
  ssm get-parameter --name "$PREFIX/myapp/prod/db_host"
expect_error "delete-parameter of an unknown name" ParameterNotFound \
  ssm delete-parameter --name "$PREFIX/myapp/prod/db_host"
out=$(ssm delete-parameters --names "$PREFIX/myapp/prod/db_password" "$PREFIX/myapp/prod/gone")
check "delete-parameters" \
  "$(jq -r '(.DeletedParameters | join(",")) + " " + (.InvalidParameters | join(","))' \
    <<<"$out")" "$PREFIX/myapp/prod/db_password $PREFIX/myapp/prod/gone"
expect_error "get-parameter-history after delete" ParameterNotFound \
  ssm get-parameter-history --name "$PREFIX/myapp/prod/db_password"
names=()
while IFS= read -r n; do names+=("$n"); done < <(ssm get-parameters-by-path --path "$PREFIX" \
  --recursive | jq -r '.Parameters[].Name')
for ((i = 0; i < ${#names[@]}; i += 10)); do
  ssm delete-parameters --names "${names[@]:i:10}" >/dev/null
done
check "clean-up leaves nothing under the run prefix" \
  "$(ssm get-parameters-by-path --path "$PREFIX" --recursive | jq -r '.Parameters | length')" "0"

# ---- Session Manager -------------------------------------------------------------------------

admin() {
  curl -sS --fail-with-body -X "$1" "$AWS_ENDPOINT_URL/_sim/$2" \
    -H 'Content-Type: application/json' ${3:+--data "$3"}
}
target=$(admin GET 'instances?limit=1' | jq -r '.instances[0].id // empty')
if [[ -z "$target" ]]; then
  admin POST fleet "{\"instances\":[{\"name\":\"params-compat-$RUN\",\"mode\":\"simulated\"}]}" \
    >/dev/null
  target=$(admin GET "instances/params-compat-$RUN" | jq -r '.id')
fi
owner="arn:aws:iam::123456789012:user/compat-$RUN"
session=$(admin POST sessions \
  "{\"target\":\"$target\",\"owner\":\"$owner\",\"startedMinutesAgo\":600}" | jq -r '.sessionId')

out=$(ssm describe-sessions --state Active --filters "key=Owner,value=$owner")
check "describe-sessions Active finds the open session" \
  "$(jq -r '.Sessions | map(.SessionId + " " + .Status + " " + .Target) | join(",")' \
    <<<"$out")" "$session Connected $target"
out=$(ssm terminate-session --session-id "$session")
check "terminate-session" "$(jq -r '.SessionId' <<<"$out")" "$session"
out=$(ssm describe-sessions --state History --filters "key=Owner,value=$owner")
check "describe-sessions History shows it Terminated with an EndDate" \
  "$(jq -r '.Sessions[0] | .Status + " " + (has("EndDate") | tostring)' <<<"$out")" \
  "Terminated true"
out=$(ssm terminate-session --session-id "$session")
check "terminate-session again is idempotent" "$(jq -r '.SessionId' <<<"$out")" "$session"
expect_error "terminate-session of an unknown id" DoesNotExistException \
  ssm terminate-session --session-id "nobody-0123456789abcdef0"

echo "params_cli: all $PASSES checks passed"
