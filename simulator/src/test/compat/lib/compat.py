"""Shared harness of the boto3 compat scripts in the directory above; imported, not run.

The scripts put this directory on sys.path and import from here: the pass counter and the
ok/fail/check/error_of/expect_error checks (one "ok   - NAME" line per check, "FAIL - NAME:
DETAIL" on stderr and exit 1 at the first mismatch), the --endpoint/--moto-url arguments, client
construction, the admin API call and the key-path shape used to compare answers with moto.
"""
import argparse
import json
import os
import sys
import urllib.request

import boto3
from botocore.exceptions import ClientError

passes = 0


def ok(name):
    global passes
    passes += 1
    print(f"ok   - {name}")


def fail(name, detail):
    print(f"FAIL - {name}: {detail}", file=sys.stderr)
    sys.exit(1)


def check(name, actual, expected):
    if actual != expected:
        fail(name, f"expected {expected!r}, got {actual!r}")
    ok(name)


def error_of(call, **kwargs):
    """The ClientError a call raises; fails the script when it succeeds."""
    try:
        call(**kwargs)
    except ClientError as e:
        return e
    fail(call.__name__, "expected an error, the call succeeded")
    return None


def expect_error(name, code, call, **kwargs):
    e = error_of(call, **kwargs)
    check(f"{name} ({code})", e.response["Error"]["Code"], code)
    return e


def parse_args(doc):
    """--endpoint (default $AWS_ENDPOINT_URL, required) and --moto-url (optional)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT_URL"),
                        help="simulator endpoint (default: $AWS_ENDPOINT_URL)")
    parser.add_argument("--moto-url", help="a moto_server to compare answer shapes with")
    args = parser.parse_args()
    if not args.endpoint:
        parser.error("give --endpoint or set AWS_ENDPOINT_URL")
    return args


def client(service, url):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def admin(endpoint, method, path, body=None):
    """Calls the simulator's admin API at ENDPOINT/_sim/PATH with an optional JSON body."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{endpoint}/_sim/{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def shape(value, prefix=""):
    """The set of key paths of an answer, list items merged: Parameters[].Name, Attributes.Owner."""
    keys = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "ResponseMetadata":
                continue
            path = f"{prefix}.{k}" if prefix else k
            keys.add(path)
            keys |= shape(v, path)
    elif isinstance(value, list):
        for item in value:
            keys |= shape(item, f"{prefix}[]")
    return keys
