# Shared harness of the AWS CLI compat scripts in the directory above; sourced, not run:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/compat.sh"
#
# It requires AWS_ENDPOINT_URL, sets test credentials, region and no pager for the CLI, and
# defines the pass counter and the checks: one "ok   - NAME" line per check, "FAIL - NAME: ..."
# on stderr and exit 1 at the first mismatch.

: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to the simulator endpoint, e.g. http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""

PASSES=0

# aws_json SERVICE ARGS...: the AWS CLI against the simulator, answering JSON.
aws_json() {
  aws --endpoint-url "$AWS_ENDPOINT_URL" --output json "$@"
}

ok() {
  PASSES=$((PASSES + 1))
  echo "ok   - $1"
}

fail() {
  echo "FAIL - $1" >&2
  exit 1
}

# check NAME ACTUAL EXPECTED
check() {
  if [[ "$2" == "$3" ]]; then
    ok "$1"
  else
    fail "$1: expected [$3], got [$2]"
  fi
}

# expect_error NAME CODE COMMAND...: the command must fail with that AWS error code.
expect_error() {
  local name="$1" code="$2"
  shift 2
  local err
  if err=$("$@" 2>&1 >/dev/null); then
    fail "$name: expected error $code but the call succeeded"
  fi
  if [[ "$err" == *"($code)"* ]]; then
    ok "$name ($code)"
  else
    fail "$name: expected error $code, got: $err"
  fi
}
