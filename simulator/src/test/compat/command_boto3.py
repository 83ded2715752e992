#!/usr/bin/env python3
"""Drives the simulator's Run Command with boto3 and checks the answers.

    AWS_ENDPOINT_URL=http://127.0.0.1:4566 python3 simulator/src/test/compat/command_boto3.py \
        [--moto-url http://127.0.0.1:5000]

The script loads its own instances through the admin API (names unique to this run), then uses
boto3's SendCommand, paginators (ListCommands, ListCommandInvocations,
DescribeInstanceInformation), the command_executed waiter, GetCommandInvocation and
CancelCommand. With --moto-url it also sends the same SendCommand, ListCommands and
GetCommandInvocation to a moto server and checks that the simulator answers every key moto
answers, with the same value types (moto 5.2 does not implement ListCommandInvocations,
CancelCommand or DescribeInstanceInformation, and its statuses and timings are canned, so only
shapes are compared). Prints one line per check; exits 1 at the first mismatch.
"""

import datetime
import os
import random
import sys
import time

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import compat  # noqa: E402  (the shared harness in lib/compat.py)
from compat import admin, check, client, fail, ok, parse_args  # noqa: E402


def expect_error(name, code, call, **kwargs):
    """Like compat.expect_error, but a call that succeeds fails under NAME, naming CODE."""
    try:
        call(**kwargs)
    except ClientError as e:
        check(f"{name} ({code})", e.response["Error"]["Code"], code)
        return e
    fail(name, f"expected {code}, the call succeeded")
    return None


def wait_command(ssm, command_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        c = ssm.list_commands(CommandId=command_id)["Commands"][0]
        if c["Status"] in ("Success", "Failed", "TimedOut", "Cancelled"):
            return c
        time.sleep(0.05)
    fail("wait", f"command {command_id} did not finish")
    return None


def kinds(value):
    """Key -> python type name, one level deep (datetimes, ints, strs, lists, dicts)."""
    return {k: type(v).__name__ for k, v in value.items() if k != "ResponseMetadata"}


def compare_shape(name, simulator, moto):
    sim_kinds, moto_kinds = kinds(simulator), kinds(moto)
    missing = sorted(set(moto_kinds) - set(sim_kinds))
    if missing:
        fail(name, f"keys moto answers but the simulator does not: {missing}")
    differing = sorted(k for k in moto_kinds if moto_kinds[k] != sim_kinds[k])
    if differing:
        fail(name, "value types differ: " + ", ".join(
            f"{k} simulator={sim_kinds[k]} moto={moto_kinds[k]}" for k in differing))
    extra = sorted(set(sim_kinds) - set(moto_kinds))
    ok(f"{name}: same keys and value types as moto"
       + (f" (the simulator also answers {', '.join(extra)})" if extra else ""))


def main():
    args = parse_args(__doc__)
    endpoint = args.endpoint.rstrip("/")
    ssm = client("ssm", endpoint)
    run = f"b3{os.getpid()}{random.randint(0, 99999)}"

    created = admin(endpoint, "POST", "fleet", {"instances": [
        {"count": 2, "namePrefix": f"{run}-web", "mode": "shell",
         "tags": {"Environment": "staging", "CompatRun": run}},
        {"count": 12, "namePrefix": f"{run}-sim", "mode": "simulated", "latency": "10ms-40ms",
         "tags": {"CompatRun": run, "Tier": "batch"}},
        {"name": f"{run}-dead", "mode": "simulated", "pingStatus": "Inactive",
         "tags": {"CompatRun": run, "Tier": "batch"}}]})
    check("admin API loads 15 instances", created["created"], 15)
    ids = {i["name"]: i["id"] for i in created["instances"]}
    web = [ids[f"{run}-web-1"], ids[f"{run}-web-2"]]

    # DescribeInstanceInformation through the paginator, 5 per page.
    pages = ssm.get_paginator("describe_instance_information").paginate(
        Filters=[{"Key": "tag:CompatRun", "Values": [run]}], PaginationConfig={"PageSize": 5})
    listed = [i for p in pages for i in p["InstanceInformationList"]]
    check("describe_instance_information paginates all 15 of ours", len(listed), 15)
    check("ping statuses", sorted({i["PingStatus"] for i in listed}), ["Inactive", "Online"])
    check("LastPingDateTime is a datetime",
          isinstance(listed[0]["LastPingDateTime"], datetime.datetime), True)

    # SendCommand by tag with real shell output.
    sent = ssm.send_command(DocumentName="AWS-RunShellScript",
                            Targets=[{"Key": "tag:CompatRun", "Values": [run]},
                                     {"Key": "tag:Environment", "Values": ["staging"]}],
                            Parameters={"commands": ["echo \"$INSTANCE_ID says hi\""]},
                            Comment=f"{run}/step-1/batch-0", TimeoutSeconds=600)["Command"]
    check("send_command answers Pending", sent["Status"], "Pending")
    check("RequestedDateTime is a datetime",
          isinstance(sent["RequestedDateTime"], datetime.datetime), True)
    check("ExpiresAfter = requested + TimeoutSeconds + executionTimeout",
          (sent["ExpiresAfter"] - sent["RequestedDateTime"]).total_seconds(), 600 + 3600)
    cid = sent["CommandId"]
    ssm.get_waiter("command_executed").wait(CommandId=cid, InstanceId=web[0],
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    ok("command_executed waiter succeeds")
    final = wait_command(ssm, cid)
    check("command status and counts", (final["Status"], final["TargetCount"],
                                        final["CompletedCount"]), ("Success", 2, 2))
    invs = [i for p in ssm.get_paginator("list_command_invocations").paginate(
        CommandId=cid, Details=True) for i in p["CommandInvocations"]]
    check("each invocation shows its instance's real stdout",
          sorted(i["CommandPlugins"][0]["Output"] for i in invs),
          sorted(f"{i} says hi\n" for i in web))
    got = ssm.get_command_invocation(CommandId=cid, InstanceId=web[1])
    check("get_command_invocation", (got["Status"], got["ResponseCode"],
                                     got["StandardOutputContent"]),
          ("Success", 0, f"{web[1]} says hi\n"))

    # Idempotency lookup: find the command again by its Comment.
    found = [c["CommandId"] for p in ssm.get_paginator("list_commands").paginate(
        PaginationConfig={"PageSize": 10}) for c in p["Commands"]
        if c["Comment"] == f"{run}/step-1/batch-0"]
    check("list_commands finds the command by its Comment", found, [cid])

    # Rate control on the simulated instances (the Inactive one is Undeliverable, not an error).
    batch = [ids[f"{run}-sim-{n}"] for n in range(1, 13)] + [ids[f"{run}-dead"]]
    rc = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=batch,
                          MaxConcurrency="25%", MaxErrors="1",
                          Parameters={"commands": ["true"]})["Command"]
    check("MaxConcurrency/MaxErrors echoed", (rc["MaxConcurrency"], rc["MaxErrors"]),
          ("25%", "1"))
    done = wait_command(ssm, rc["CommandId"])
    check("13 targets complete with no errors", (done["Status"], done["CompletedCount"],
                                                 done["ErrorCount"]), ("Success", 13, 0))
    dead = ssm.get_command_invocation(CommandId=rc["CommandId"], InstanceId=ids[f"{run}-dead"])
    check("an Inactive agent is Undeliverable", (dead["Status"], dead["StatusDetails"]),
          ("Failed", "Undeliverable"))
    page = ssm.list_command_invocations(CommandId=rc["CommandId"], MaxResults=5)
    check("list_command_invocations pages by MaxResults",
          (len(page["CommandInvocations"]), "NextToken" in page), (5, True))

    # Cancel, and errors.
    slow = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[web[0]],
                            Parameters={"commands": ["sleep 30"]})["Command"]["CommandId"]
    time.sleep(0.4)
    ssm.cancel_command(CommandId=slow)
    check("cancel_command", wait_command(ssm, slow)["Status"], "Cancelled")
    expect_error("more than 50 InstanceIds", "ValidationException", ssm.send_command,
                 DocumentName="AWS-RunShellScript",
                 InstanceIds=[f"i-{n:017x}" for n in range(51)],
                 Parameters={"commands": ["true"]})
    expect_error("unknown instance", "InvalidInstanceId", ssm.send_command,
                 DocumentName="AWS-RunShellScript", InstanceIds=["i-0123456789abcdef0"],
                 Parameters={"commands": ["true"]})
    expect_error("unknown invocation", "InvocationDoesNotExist", ssm.get_command_invocation,
                 CommandId=cid, InstanceId="i-0123456789abcdef0")
    expect_error("unknown command", "InvalidCommandId", ssm.list_command_invocations,
                 CommandId="00000000-0000-0000-0000-000000000000")

    list_commands_fields_and_filters(ssm, endpoint, web[1], run)

    if args.moto_url:
        compare_with_moto(ssm, client("ssm", args.moto_url.rstrip("/")), web[0])
    print(f"command_boto3: {compat.passes} checks passed")


def list_commands_fields_and_filters(ssm, endpoint, instance_id, run):
    """Per-command fields and counts, InvokedAfter/InvokedBefore, and the simulator's counts."""
    comment = f"{run}/filters"
    older = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[instance_id],
                             Comment=comment, Parameters={"commands": ["true"]})["Command"]
    wait_command(ssm, older["CommandId"])
    time.sleep(0.05)
    newer = ssm.send_command(DocumentName="AWS-RunShellScript", InstanceIds=[instance_id],
                             Comment=comment, Parameters={"commands": ["true"]})["Command"]
    done = wait_command(ssm, newer["CommandId"])
    check("ListCommands answers Status and counts",
          (done["Status"], done["TargetCount"], done["CompletedCount"], done["ErrorCount"],
           done["DeliveryTimedOutCount"]), ("Success", 1, 1, 0, 0))
    check("counts are ints and RequestedDateTime a datetime",
          (type(done["DeliveryTimedOutCount"]).__name__,
           type(done["RequestedDateTime"]).__name__), ("int", "datetime"))
    at = done["RequestedDateTime"].astimezone(datetime.timezone.utc).isoformat(
        timespec="milliseconds")

    def listed(**kwargs):
        return [c["CommandId"] for p in ssm.get_paginator("list_commands").paginate(
            InstanceId=instance_id, PaginationConfig={"PageSize": 2}, **kwargs)
            for c in p["Commands"] if c["Comment"] == comment]

    check("paged newest first", listed(), [newer["CommandId"], older["CommandId"]])
    check("InvokedAfter includes its instant",
          listed(Filters=[{"key": "InvokedAfter", "value": at}]), [newer["CommandId"]])
    check("InvokedBefore excludes it",
          listed(Filters=[{"key": "InvokedBefore", "value": at}]), [older["CommandId"]])

    before = admin(endpoint, "GET", "stats")
    ssm.list_commands(CommandId=newer["CommandId"])
    ssm.list_command_invocations(CommandId=newer["CommandId"])
    after = admin(endpoint, "GET", "stats")

    def delta(op):
        return after["calls"].get(op, 0) - before["calls"].get(op, 0)

    check("/_sim/stats counts boto3's calls",
          (delta("ssm:ListCommands"), delta("ssm:ListCommandInvocations")), (1, 1))
    label = admin(endpoint, "GET", "runs")["labels"][comment]
    check("/_sim/runs: the instance ran both commands of the label",
          (label["instances"], label["runs"]), (1, 2))


def compare_with_moto(ssm, moto, instance_id):
    """Same calls against moto; the simulator must answer at least moto's keys and types."""
    moto_instance = "i-0123456789abcdef0"
    request = dict(DocumentName="AWS-RunShellScript", Comment="shape",
                   Parameters={"commands": ["echo shape"]}, TimeoutSeconds=600,
                   MaxConcurrency="50", MaxErrors="0")
    sim_sent = ssm.send_command(InstanceIds=[instance_id], **request)["Command"]
    moto_sent = moto.send_command(InstanceIds=[moto_instance], **request)["Command"]
    compare_shape("SendCommand Command", sim_sent, moto_sent)
    wait_command(ssm, sim_sent["CommandId"])
    compare_shape("ListCommands Command",
                  ssm.list_commands(CommandId=sim_sent["CommandId"])["Commands"][0],
                  moto.list_commands(CommandId=moto_sent["CommandId"])["Commands"][0])
    compare_shape("GetCommandInvocation",
                  ssm.get_command_invocation(CommandId=sim_sent["CommandId"],
                                             InstanceId=instance_id),
                  moto.get_command_invocation(CommandId=moto_sent["CommandId"],
                                              InstanceId=moto_instance))
    sim_err = expect_error("simulator: unknown command", "InvalidCommandId", ssm.list_commands,
                           CommandId="00000000-0000-0000-0000-000000000000")
    moto_err = expect_error("moto: unknown command", "InvalidCommandId", moto.list_commands,
                            CommandId="00000000-0000-0000-0000-000000000000")
    check("InvalidCommandId has the same HTTP status as moto",
          sim_err.response["ResponseMetadata"]["HTTPStatusCode"],
          moto_err.response["ResponseMetadata"]["HTTPStatusCode"])


if __name__ == "__main__":
    main()
