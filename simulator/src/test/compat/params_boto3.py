#!/usr/bin/env python3
"""Drives the simulator's Parameter Store and Session Manager with boto3 and checks the answers.

    AWS_ENDPOINT_URL=http://127.0.0.1:4566 python3 simulator/src/test/compat/params_boto3.py \
        [--moto-url http://127.0.0.1:5000]

With --moto-url it also makes the same calls against a moto server and checks that both answer
the same shape (the same keys, recursively) for PutParameter, GetParameter, GetParametersByPath,
GetParameterHistory and DescribeParameters, and the same error code, HTTP status and message for
ParameterNotFound and ParameterAlreadyExists. Prints one line per check; exits 1 at the first
mismatch.
"""

import os
import random
import sys

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import compat  # noqa: E402  (the shared harness in lib/compat.py)
from compat import (  # noqa: E402
    admin, check, client, error_of, expect_error, fail, ok, parse_args, shape)

# Keys the simulator answers and moto 5.2 leaves out, on purpose: AWS documents them and the
# real service sends them (ARN in ParameterMetadata; Policies, an empty list when there are none).
SIMULATOR_ONLY = {
    "GetParameterHistory": {"Parameters[].Policies"},
    "DescribeParameters": {"Parameters[].ARN", "Parameters[].Policies"},
}


# ---- checks against the simulator ---------------------------------------------------------------

def simulator_checks(ssm, endpoint, run):
    p = f"/compat/{run}"

    r = ssm.put_parameter(Name=f"{p}/myapp/prod/db_password", Type="SecureString",
                          Value="Pa55word-1", Overwrite=True)
    check("put_parameter SecureString", (r["Version"], r["Tier"]), (1, "Standard"))
    ssm.put_parameter(Name=f"{p}/myapp/prod/db_password", Value="Pa55word-2", Overwrite=True)
    sealed = ssm.get_parameter(Name=f"{p}/myapp/prod/db_password")["Parameter"]
    check("SecureString keeps its type on overwrite", sealed["Type"], "SecureString")
    if "Pa55word" in sealed["Value"]:
        fail("get_parameter without decryption", "the plaintext is visible")
    ok("get_parameter without decryption answers an opaque value")
    opened = ssm.get_parameter(Name=f"{p}/myapp/prod/db_password",
                               WithDecryption=True)["Parameter"]
    check("get_parameter WithDecryption", (opened["Value"], opened["Version"]), ("Pa55word-2", 2))
    check("LastModifiedDate is a timestamp", type(opened["LastModifiedDate"]).__name__,
          "datetime")
    v1 = ssm.get_parameter(Name=f"{p}/myapp/prod/db_password:1", WithDecryption=True)
    check("get_parameter name:VERSION", (v1["Parameter"]["Value"], v1["Parameter"]["Selector"]),
          ("Pa55word-1", ":1"))

    expect_error("put_parameter without Overwrite", "ParameterAlreadyExists", ssm.put_parameter,
                 Name=f"{p}/myapp/prod/db_password", Type="SecureString", Value="x")
    expect_error("put_parameter without Type for a new name", "ValidationException",
                 ssm.put_parameter, Name=f"{p}/myapp/untyped", Value="x")
    expect_error("put_parameter with 16 levels", "HierarchyLevelLimitExceededException",
                 ssm.put_parameter, Name=p + "".join(f"/l{i}" for i in range(15)),
                 Type="String", Value="x")
    expect_error("put_parameter over 4096 characters in Standard", "ValidationException",
                 ssm.put_parameter, Name=f"{p}/big", Type="String", Value="x" * 4097)
    r = ssm.put_parameter(Name=f"{p}/big", Type="String", Value="x" * 4097,
                          Tier="Intelligent-Tiering")
    check("Intelligent-Tiering picks Advanced for a large value", r["Tier"], "Advanced")
    expect_error("put_parameter with Tags and Overwrite", "ValidationException",
                 ssm.put_parameter, Name=f"{p}/big", Value="y", Overwrite=True,
                 Tags=[{"Key": "a", "Value": "b"}])
    expect_error("get_parameter unknown", "ParameterNotFound", ssm.get_parameter,
                 Name=f"{p}/none")
    expect_error("get_parameter unknown version", "ParameterVersionNotFound", ssm.get_parameter,
                 Name=f"{p}/myapp/prod/db_password:7")

    for i in range(12):
        ssm.put_parameter(Name=f"{p}/fleet/host{i:02d}", Type="String", Value=f"10.0.0.{i}")
    first = ssm.get_parameters_by_path(Path=f"{p}/fleet")
    check("get_parameters_by_path default page size", len(first["Parameters"]), 10)
    second = ssm.get_parameters_by_path(Path=f"{p}/fleet", NextToken=first["NextToken"])
    check("get_parameters_by_path NextToken answers the rest",
          [x["Name"].rsplit("/", 1)[1] for x in second["Parameters"]], ["host10", "host11"])
    check("last page has no NextToken", "NextToken" in second, False)
    names = [x["Name"] for page in ssm.get_paginator("get_parameters_by_path").paginate(
        Path=p, Recursive=True, PaginationConfig={"PageSize": 3}) for x in page["Parameters"]]
    check("get_parameters_by_path paginator, recursive", len(names), 14)
    check("stable name order", names, sorted(names))
    expect_error("get_parameters_by_path with a foreign token", "InvalidNextToken",
                 ssm.get_parameters_by_path, Path=f"{p}/myapp", NextToken=first["NextToken"])
    expect_error("get_parameters_by_path MaxResults 11", "ValidationException",
                 ssm.get_parameters_by_path, Path=p, MaxResults=11)

    r = ssm.get_parameters(Names=[f"{p}/fleet/host00", f"{p}/fleet/nope"])
    check("get_parameters", ([x["Value"] for x in r["Parameters"]], r["InvalidParameters"]),
          (["10.0.0.0"], [f"{p}/fleet/nope"]))
    expect_error("get_parameters with 11 names", "ValidationException", ssm.get_parameters,
                 Names=[f"{p}/n{i}" for i in range(11)])

    r = ssm.label_parameter_version(Name=f"{p}/myapp/prod/db_password", ParameterVersion=1,
                                    Labels=["stable", "aws-nope"])
    check("label_parameter_version", (r["ParameterVersion"], r["InvalidLabels"]),
          (1, ["aws-nope"]))
    hist = ssm.get_parameter_history(Name=f"{p}/myapp/prod/db_password", WithDecryption=True)
    check("get_parameter_history", [(h["Version"], h["Value"], h["Labels"])
                                    for h in hist["Parameters"]],
          [(1, "Pa55word-1", ["stable"]), (2, "Pa55word-2", [])])
    expect_error("eleven labels on one version", "ParameterVersionLabelLimitExceeded",
                 ssm.label_parameter_version, Name=f"{p}/myapp/prod/db_password",
                 ParameterVersion=1, Labels=[f"l{i}" for i in range(10)])

    desc = ssm.describe_parameters(ParameterFilters=[
        {"Key": "Path", "Option": "Recursive", "Values": [f"{p}/myapp"]}])
    check("describe_parameters Path filter", [x["Name"] for x in desc["Parameters"]],
          [f"{p}/myapp/prod/db_password"])
    check("describe_parameters has no values", any("Value" in x for x in desc["Parameters"]),
          False)
    expect_error("describe_parameters Label filter", "InvalidFilterKey",
                 ssm.describe_parameters,
                 ParameterFilters=[{"Key": "Label", "Values": ["stable"]}])

    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=f"{p}/fleet/host00",
                             Tags=[{"Key": "role", "Value": "db"}])
    tags = ssm.list_tags_for_resource(ResourceType="Parameter",
                                      ResourceId=f"{p}/fleet/host00")["TagList"]
    check("parameter tags", tags, [{"Key": "role", "Value": "db"}])

    r = ssm.delete_parameters(Names=[f"{p}/fleet/host00", f"{p}/fleet/nope"])
    check("delete_parameters", (r["DeletedParameters"], r["InvalidParameters"]),
          ([f"{p}/fleet/host00"], [f"{p}/fleet/nope"]))
    expect_error("delete_parameter unknown", "ParameterNotFound", ssm.delete_parameter,
                 Name=f"{p}/fleet/host00")

    # ManagedInstance tags are the fleet instance's tags.
    instances = admin(endpoint, "GET", "instances?limit=1")["instances"]
    if not instances:
        admin(endpoint, "POST", "fleet",
              {"instances": [{"name": f"params-compat-{run}", "mode": "simulated"}]})
        instances = admin(endpoint, "GET", f"instances/params-compat-{run}")
        instances = [instances]
    target = instances[0]["id"]
    ssm.add_tags_to_resource(ResourceType="ManagedInstance", ResourceId=target,
                             Tags=[{"Key": "CompatRun", "Value": run}])
    check("ManagedInstance tag reaches the fleet",
          admin(endpoint, "GET", f"instances/{target}")["tags"].get("CompatRun"), run)
    ssm.remove_tags_from_resource(ResourceType="ManagedInstance", ResourceId=target,
                                  TagKeys=["CompatRun"])
    expect_error("tags of an unknown instance", "InvalidResourceId",
                 ssm.list_tags_for_resource, ResourceType="ManagedInstance",
                 ResourceId="i-00000000000000000")

    owner = f"arn:aws:iam::123456789012:user/compat-{run}"
    sid = admin(endpoint, "POST", "sessions",
                {"target": target, "owner": owner, "startedMinutesAgo": 600})["sessionId"]
    active = ssm.describe_sessions(State="Active",
                                   Filters=[{"key": "Owner", "value": owner}])["Sessions"]
    check("describe_sessions Active", [(s["SessionId"], s["Status"]) for s in active],
          [(sid, "Connected")])
    check("terminate_session", ssm.terminate_session(SessionId=sid)["SessionId"], sid)
    history = ssm.describe_sessions(State="History",
                                    Filters=[{"key": "Owner", "value": owner}])["Sessions"]
    check("describe_sessions History", [(s["SessionId"], s["Status"], "EndDate" in s)
                                        for s in history], [(sid, "Terminated", True)])
    by_access = ssm.describe_sessions(State="History", Filters=[
        {"key": "AccessType", "value": "Standard"}, {"key": "Owner", "value": owner}])
    check("describe_sessions AccessType and Owner filters", len(by_access["Sessions"]), 1)
    expect_error("describe_sessions MaxResults 201", "ValidationException",
                 ssm.describe_sessions, State="Active", MaxResults=201)
    expect_error("terminate_session unknown", "DoesNotExistException", ssm.terminate_session,
                 SessionId="nobody-0123456789abcdef0")

    # Leave nothing behind under the run prefix.
    left = [x["Name"] for page in ssm.get_paginator("get_parameters_by_path").paginate(
        Path=p, Recursive=True) for x in page["Parameters"]]
    for i in range(0, len(left), 10):
        ssm.delete_parameters(Names=left[i:i + 10])


# ---- the same calls against moto: shapes must match ---------------------------------------------

def shape_sequence(ssm, run):
    """Runs one call sequence and answers {operation: answer or error} for the comparison."""
    p = f"/shape/{run}"
    out = {}
    out["PutParameter"] = ssm.put_parameter(Name=f"{p}/app/secret", Type="SecureString",
                                            Value="s1", Description="first")
    ssm.put_parameter(Name=f"{p}/app/secret", Value="s2", Overwrite=True)
    ssm.put_parameter(Name=f"{p}/app/url", Type="String", Value="db:5432")
    ssm.label_parameter_version(Name=f"{p}/app/secret", ParameterVersion=1, Labels=["prod"])
    out["GetParameter"] = ssm.get_parameter(Name=f"{p}/app/secret", WithDecryption=True)
    out["GetParametersByPath"] = ssm.get_parameters_by_path(Path=f"{p}/app",
                                                            WithDecryption=True)
    out["GetParameterHistory"] = ssm.get_parameter_history(Name=f"{p}/app/secret")
    out["DescribeParameters"] = ssm.describe_parameters(ParameterFilters=[
        {"Key": "Name", "Option": "BeginsWith", "Values": [f"{p}/app"]}])
    out["ParameterNotFound"] = error_of(ssm.get_parameter, Name=f"{p}/app/none")
    out["ParameterAlreadyExists"] = error_of(ssm.put_parameter, Name=f"{p}/app/url",
                                             Type="String", Value="x")
    for name in list(out):
        if not isinstance(out[name], ClientError):
            out[name] = {k: v for k, v in out[name].items() if k != "ResponseMetadata"}
    ssm.delete_parameters(Names=[f"{p}/app/secret", f"{p}/app/url"])
    return out


def moto_checks(sim, moto, run):
    ours = shape_sequence(sim, run)
    theirs = shape_sequence(moto, run)
    for op, answer in ours.items():
        other = theirs[op]
        if isinstance(answer, ClientError):
            mine = (answer.response["Error"]["Code"],
                    answer.response["ResponseMetadata"]["HTTPStatusCode"],
                    answer.response["Error"]["Message"].replace(f"/shape/{run}", ""))
            motos = (other.response["Error"]["Code"],
                     other.response["ResponseMetadata"]["HTTPStatusCode"],
                     other.response["Error"]["Message"].replace(f"/shape/{run}", ""))
            check(f"moto: {op} error code, status and message", mine, motos)
            continue
        ours_keys, moto_keys = shape(answer), shape(other)
        allowed = SIMULATOR_ONLY.get(op, set())
        missing = moto_keys - ours_keys
        extra = ours_keys - moto_keys - allowed
        if missing or extra:
            fail(f"moto: {op} shape", f"missing {sorted(missing)}, extra {sorted(extra)}")
        ok(f"moto: {op} shape" + (f" (plus {sorted(allowed & ours_keys)})"
                                  if allowed & ours_keys else ""))


def main():
    args = parse_args(__doc__)
    run = f"py{os.getpid()}{random.randint(0, 99999)}"
    sim = client("ssm", args.endpoint)
    simulator_checks(sim, args.endpoint.rstrip("/"), run)
    if args.moto_url:
        moto_checks(sim, client("ssm", args.moto_url), run)
    print(f"params_boto3: all {compat.passes} checks passed")


if __name__ == "__main__":
    main()
