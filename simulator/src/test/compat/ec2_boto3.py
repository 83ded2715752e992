#!/usr/bin/env python3
"""Drives the simulator's EC2 API with boto3 and checks the answers.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:4566 ec2_boto3.py [--moto-url http://127.0.0.1:5000]

It loads its own instances (names ec2py-<run>-...) through the admin API and restores the EC2
knobs it changes. With --moto-url it also runs DescribeInstances, DescribeVolumes,
CreateSnapshot and DescribeSnapshots against moto_server and checks that every key moto
answers is in the simulator's answer too (except the few listed in MOTO_ONLY, each with why).
Prints one line per check; exits non-zero on the first mismatch.
"""
import json
import os
import sys
import time
import urllib.request

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from compat import client, parse_args, shape as key_paths  # noqa: E402  (lib/compat.py)

# Keys moto answers that the simulator leaves out on purpose.
MOTO_ONLY = {
    # Simulated instances have private addresses only: no public IP, no association.
    "Reservations[].Instances[].PublicIpAddress",
    "Reservations[].Instances[].NetworkInterfaces[].Association",
    "Reservations[].Instances[].NetworkInterfaces[].Association.IpOwnerId",
    "Reservations[].Instances[].NetworkInterfaces[].Association.PublicDnsName",
    "Reservations[].Instances[].NetworkInterfaces[].Association.PublicIp",
    "Reservations[].Instances[].NetworkInterfaces[].PrivateIpAddresses[].Association",
    "Reservations[].Instances[].NetworkInterfaces[].PrivateIpAddresses[].Association.IpOwnerId",
    "Reservations[].Instances[].NetworkInterfaces[].PrivateIpAddresses[].Association"
    ".PublicDnsName",
    "Reservations[].Instances[].NetworkInterfaces[].PrivateIpAddresses[].Association.PublicIp",
    # EC2 answers stateReason only for pending, stopping and stopped instances (moto: always).
    "Reservations[].Instances[].StateReason",
    "Reservations[].Instances[].StateReason.Code",
    "Reservations[].Instances[].StateReason.Message",
    # Intel 82599 VF networking; simulated instances are ENA (EnaSupport true).
    "Reservations[].Instances[].SriovNetSupport",
}


def ok(what):
    print(f"ok   {what}", flush=True)


def fail(what):
    print(f"FAIL {what}", file=sys.stderr, flush=True)
    sys.exit(1)


def expect_eq(what, expected, actual):
    if expected != actual:
        fail(f"{what}: expected {expected!r}, got {actual!r}")
    ok(what)


def expect_error(what, code, call):
    try:
        call()
    except ClientError as e:
        got = e.response["Error"]["Code"]
        if got != code:
            fail(f"{what}: expected {code}, got {got}: {e}")
        ok(f"{what} -> {code}")
        return
    fail(f"{what}: expected {code}, the call succeeded")


def eventually(what, seconds, condition):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            fail(f"{what}: timed out")
        time.sleep(0.2)
    ok(what)


class Admin:
    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip("/")

    def call(self, method, path, body=None):
        data = body.encode() if isinstance(body, str) else None
        req = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"{}")


def simulator_checks(ec2, admin, run):
    admin.call("POST", "/_sim/fleet", f"""instances:
  - count: 3
    namePrefix: {run}-web
    mode: simulated
    tags: {{Application: shop, Environment: staging, Run: {run}}}
    files: {{/opt/myapp/version.txt: "1.0"}}
  - name: {run}-db
    mode: simulated
    tags: {{Environment: production, Run: {run}}}
""")
    ok(f"loaded 4 instances for run {run}")

    # DescribeInstances through the paginator, pages of 5 (the smallest EC2 allows).
    pages = ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "tag:Environment", "Values": ["staging"]},
                 {"Name": "tag:Run", "Values": [run]}],
        PaginationConfig={"PageSize": 5})
    staging = [i for p in pages for r in p["Reservations"] for i in r["Instances"]]
    expect_eq("describe_instances tag:Environment=staging", 3, len(staging))
    web1 = next(i for i in staging
                if {"Key": "Name", "Value": f"{run}-web-1"} in i["Tags"])
    web1_id = web1["InstanceId"]
    expect_eq("instance state", {"Code": 16, "Name": "running"}, web1["State"])
    expect_eq("instance platform details", "Linux/UNIX", web1["PlatformDetails"])
    root_volume = web1["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
    expect_eq("root device", "/dev/xvda", web1["RootDeviceName"])
    expect_error("describe_instances MaxResults with InstanceIds",
                 "InvalidParameterCombination",
                 lambda: ec2.describe_instances(InstanceIds=[web1_id], MaxResults=5))

    ec2.create_tags(Resources=[web1_id], Tags=[{"Key": "Owner", "Value": "boto3"}])
    tagged = ec2.describe_instances(Filters=[{"Name": "tag:Owner", "Values": ["boto3"]}])
    expect_eq("create_tags then filter tag:Owner", [web1_id],
              [i["InstanceId"] for r in tagged["Reservations"] for i in r["Instances"]])
    ec2.delete_tags(Resources=[web1_id], Tags=[{"Key": "Owner"}])
    expect_eq("delete_tags", 0, len(ec2.describe_instances(
        Filters=[{"Name": "tag:Owner", "Values": ["boto3"]}])["Reservations"]))

    volumes = ec2.describe_volumes(
        Filters=[{"Name": "attachment.instance-id", "Values": [web1_id]}])["Volumes"]
    expect_eq("describe_volumes by attachment.instance-id",
              [(root_volume, "in-use", "gp3")],
              [(v["VolumeId"], v["State"], v["VolumeType"]) for v in volumes])

    # CreateSnapshot: pending, then the waiter (polling every second) sees it completed.
    admin.call("POST", f"/_sim/instances/{web1_id}/files",
               '{"path": "/opt/myapp/version.txt", "content": "1.0"}')
    snap = ec2.create_snapshot(
        VolumeId=root_volume, Description=f"before deploy {run}",
        TagSpecifications=[{"ResourceType": "snapshot",
                            "Tags": [{"Key": "Run", "Value": run}]}])
    expect_eq("create_snapshot answers pending", "pending", snap["State"])
    expect_error("a second snapshot of the volume within the interval",
                 "SnapshotCreationPerVolumeRateExceeded",
                 lambda: ec2.create_snapshot(VolumeId=root_volume))
    started = time.monotonic()
    ec2.get_waiter("snapshot_completed").wait(
        SnapshotIds=[snap["SnapshotId"]], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    ok(f"snapshot_completed waiter ({time.monotonic() - started:.1f} s)")
    described = ec2.describe_snapshots(
        OwnerIds=["self"], Filters=[{"Name": "tag:Run", "Values": [run]}])["Snapshots"]
    expect_eq("describe_snapshots self tag:Run",
              [(snap["SnapshotId"], "completed", "100%")],
              [(s["SnapshotId"], s["State"], s["Progress"]) for s in described])

    # Roll the instance back to the snapshot.
    admin.call("POST", f"/_sim/instances/{web1_id}/files",
               '{"path": "/opt/myapp/version.txt", "content": "2.0"}')
    task = ec2.create_replace_root_volume_task(
        InstanceId=web1_id, SnapshotId=snap["SnapshotId"], ClientToken=f"{run}-rollback",
    )["ReplaceRootVolumeTask"]
    expect_eq("create_replace_root_volume_task answers pending", "pending", task["TaskState"])
    again = ec2.create_replace_root_volume_task(
        InstanceId=web1_id, SnapshotId=snap["SnapshotId"], ClientToken=f"{run}-rollback",
    )["ReplaceRootVolumeTask"]
    expect_eq("the same ClientToken answers the same task",
              task["ReplaceRootVolumeTaskId"], again["ReplaceRootVolumeTaskId"])

    def task_state():
        return ec2.describe_replace_root_volume_tasks(
            ReplaceRootVolumeTaskIds=[task["ReplaceRootVolumeTaskId"]],
        )["ReplaceRootVolumeTasks"][0]["TaskState"]
    eventually("replace root volume task succeeded", 20, lambda: task_state() == "succeeded")
    content = admin.call(
        "GET", f"/_sim/instances/{web1_id}/files?path=/opt/myapp/version.txt")["content"]
    expect_eq("the sandbox is back to the snapshot", "1.0", content)
    ec2.delete_snapshot(SnapshotId=snap["SnapshotId"])
    expect_error("describe_snapshots after delete_snapshot", "InvalidSnapshot.NotFound",
                 lambda: ec2.describe_snapshots(SnapshotIds=[snap["SnapshotId"]]))

    # Stop and start with the waiters.
    stopping = ec2.stop_instances(InstanceIds=[web1_id])["StoppingInstances"][0]
    expect_eq("stop_instances", ("stopping", "running"),
              (stopping["CurrentState"]["Name"], stopping["PreviousState"]["Name"]))
    ec2.get_waiter("instance_stopped").wait(InstanceIds=[web1_id],
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    ok("instance_stopped waiter")
    starting = ec2.start_instances(InstanceIds=[web1_id])["StartingInstances"][0]
    expect_eq("start_instances", ("pending", "stopped"),
              (starting["CurrentState"]["Name"], starting["PreviousState"]["Name"]))
    ec2.get_waiter("instance_running").wait(InstanceIds=[web1_id],
                                            WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    ok("instance_running waiter")
    ec2.reboot_instances(InstanceIds=[web1_id])
    ok("reboot_instances")
    expect_error("describe_instances unknown id", "InvalidInstanceID.NotFound",
                 lambda: ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"]))
    expect_error("describe_volumes unknown id", "InvalidVolume.NotFound",
                 lambda: ec2.describe_volumes(VolumeIds=["vol-0123456789abcdef0"]))
    return web1_id, root_volume


def shape_checks(sim, moto, sim_instance_id, run):
    """The simulator answers at least the keys moto answers for the same calls."""
    reservation = moto.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance",
                            "Tags": [{"Key": "Environment", "Value": "staging"}]}])
    moto_instance_id = reservation["Instances"][0]["InstanceId"]
    moto_volume = moto.describe_volumes(Filters=[
        {"Name": "attachment.instance-id", "Values": [moto_instance_id]}])["Volumes"][0]
    sim_volume = sim.describe_volumes(Filters=[
        {"Name": "attachment.instance-id", "Values": [sim_instance_id]}])["Volumes"][0]

    def compare(what, moto_answer, sim_answer):
        missing = key_paths(moto_answer) - key_paths(sim_answer) - MOTO_ONLY
        if missing:
            fail(f"{what}: keys moto answers and the simulator does not: {sorted(missing)}")
        extra = key_paths(sim_answer) - key_paths(moto_answer)
        ok(f"{what} has every key moto answers ({len(extra)} more than moto)")

    def platform_free(answer):
        # moto's AMI is a Windows one; compare the Linux instance without Platform.
        for r in answer["Reservations"]:
            for i in r["Instances"]:
                i.pop("Platform", None)
        return answer

    compare("DescribeInstances",
            platform_free(moto.describe_instances(InstanceIds=[moto_instance_id])),
            sim.describe_instances(InstanceIds=[sim_instance_id]))
    compare("DescribeVolumes", moto.describe_volumes(VolumeIds=[moto_volume["VolumeId"]]),
            sim.describe_volumes(VolumeIds=[sim_volume["VolumeId"]]))
    spec = [{"ResourceType": "snapshot", "Tags": [{"Key": "Run", "Value": run}]}]
    moto_snap = moto.create_snapshot(VolumeId=moto_volume["VolumeId"], Description="shape",
                                     TagSpecifications=spec)
    sim_snap = sim.create_snapshot(VolumeId=sim_volume["VolumeId"], Description="shape",
                                   TagSpecifications=spec)
    compare("CreateSnapshot", moto_snap, sim_snap)
    compare("DescribeSnapshots",
            moto.describe_snapshots(SnapshotIds=[moto_snap["SnapshotId"]]),
            sim.describe_snapshots(SnapshotIds=[sim_snap["SnapshotId"]]))
    sim.delete_snapshot(SnapshotId=sim_snap["SnapshotId"])


def main():
    args = parse_args(__doc__)
    admin = Admin(args.endpoint)
    ec2 = client("ec2", args.endpoint)
    run = f"ec2py-{int(time.time())}-{os.getpid()}"
    knobs = admin.call("GET", "/_sim/ec2/knobs")
    admin.call("POST", "/_sim/ec2/knobs", json.dumps({
        "snapshotDuration": "1500ms", "snapshotInterval": "15s",
        "replaceRootDuration": "1s", "stateChangeDuration": "1500ms"}))
    try:
        instance_id, _ = simulator_checks(ec2, admin, run)
        if args.moto_url:
            # The second snapshot of the same volume must not hit the 15 s limit.
            admin.call("POST", "/_sim/ec2/knobs", '{"snapshotInterval": "0ms"}')
            shape_checks(ec2, client("ec2", args.moto_url), instance_id, run)
    finally:
        admin.call("POST", "/_sim/ec2/knobs", json.dumps(knobs))
    print("all EC2 boto3 checks passed")


if __name__ == "__main__":
    main()
