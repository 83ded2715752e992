#!/usr/bin/env python3
"""Drives the simulator's SNS and CloudWatch with boto3 and checks the answers.

    AWS_ENDPOINT_URL=http://127.0.0.1:4566 python3 simulator/src/test/compat/snscw_boto3.py \
        [--moto-url http://127.0.0.1:5000]

boto3 speaks the Query protocol to SNS and AWS JSON 1.0 to CloudWatch (botocore picks "json"
from the model's protocol list); a few CloudWatch calls are repeated over the older Query
protocol with a copy of botocore's model that lists only "query". An HTTP server on a loopback port in this process plays the
subscriber of an http subscription. With --moto-url it also makes the same calls against a moto
server and checks that both answer the same shape (the same keys, recursively) and the same
error codes and HTTP statuses. Prints one line per check; exits 1 at the first mismatch.
"""

import base64
import datetime
import glob
import gzip
import http.server
import json
import os
import queue
import random
import sys
import tempfile
import threading
import time

import boto3
import botocore
import botocore.session

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import compat  # noqa: E402  (the shared harness in lib/compat.py)
from compat import (  # noqa: E402
    admin, check, client, error_of, expect_error, fail, ok, parse_args, shape)

def verifies(note, key):
    """Whether the notification's Signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA)
    verifies over SNS's canonical string with the key the simulator publishes."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    names = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    canonical = "".join(f"{n}\n{note[n]}\n" for n in names if n in note)
    public = serialization.load_pem_public_key(key["publicKeyPem"].encode())
    digest = hashes.SHA256() if note["SignatureVersion"] == "2" else hashes.SHA1()
    try:
        public.verify(base64.b64decode(note["Signature"]), canonical.encode(), padding.PKCS1v15(),
                      digest)
        return True
    except InvalidSignature:
        return False


# Keys one side answers and the other leaves out, on purpose. GetTopicAttributes: moto always
# lists DeliveryPolicy (empty); AWS lists it only once set. DescribeAlarms: moto fills
# StateReasonData ("{}") and Metrics ([]) for a new metric alarm; the simulator answers
# StateTransitionedTimestamp, which AWS documents, and StateReasonData only once evaluated.
# GetMetricData: the simulator answers the (empty) Messages lists AWS documents. ListTopics: a
# NextToken appears on either side once a server holds more than 100 topics.
MOTO_ONLY = {
    "GetTopicAttributes": {"Attributes.DeliveryPolicy"},
    "DescribeAlarms": {"MetricAlarms[].StateReasonData", "MetricAlarms[].Metrics"},
    "DescribeAlarmsForMetric": {"MetricAlarms[].StateReasonData", "MetricAlarms[].Metrics"},
    "ListTopics": {"NextToken"},
}
SIMULATOR_ONLY = {
    "DescribeAlarms": {"MetricAlarms[].StateTransitionedTimestamp"},
    "DescribeAlarmsForMetric": {"MetricAlarms[].StateTransitionedTimestamp"},
    "GetMetricData": {"Messages", "MetricDataResults[].Messages"},
    "ListTopics": {"NextToken"},
}


def wait_for(name, probe, expected, seconds=10):
    deadline = time.time() + seconds
    got = probe()
    while got != expected and time.time() < deadline:
        time.sleep(0.1)
        got = probe()
    check(name, got, expected)


class Subscriber:
    """An HTTP endpoint on 127.0.0.1 that records what SNS posts to it and answers 200."""

    def __init__(self):
        self.received = queue.Queue()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                outer.received.put((dict(self.headers), body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def next(self, name):
        try:
            return self.received.get(timeout=10)
        except queue.Empty:
            fail(name, "nothing reached the endpoint within 10 s")
            return None

    def close(self):
        self.server.shutdown()


# ---- checks against the simulator ---------------------------------------------------------------

def sns_checks(sns, endpoint, run):
    name = f"deploys-{run}"
    topic = sns.create_topic(Name=name, Attributes={"DisplayName": "Deploys"},
                             Tags=[{"Key": "team", "Value": "ops"}])["TopicArn"]
    check("create_topic", topic, f"arn:aws:sns:us-east-1:123456789012:{name}")
    check("create_topic again is idempotent", sns.create_topic(Name=name)["TopicArn"], topic)
    e = expect_error("create_topic with other attributes", "InvalidParameter", sns.create_topic,
                     Name=name, Attributes={"DisplayName": "Other"})
    check("... HTTP 400", e.response["ResponseMetadata"]["HTTPStatusCode"], 400)
    expect_error("create_topic FifoTopic without .fifo", "InvalidParameter", sns.create_topic,
                 Name=f"jobs-{run}", Attributes={"FifoTopic": "true"})
    arns = [t["TopicArn"] for p in sns.get_paginator("list_topics").paginate()
            for t in p["Topics"]]
    check("list_topics paginator finds it", topic in arns, True)
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    check("get_topic_attributes", (attrs["DisplayName"], attrs["Owner"], attrs["TopicArn"]),
          ("Deploys", "123456789012", topic))
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="D2")
    check("set_topic_attributes", sns.get_topic_attributes(TopicArn=topic)["Attributes"]
          ["DisplayName"], "D2")
    check("list_tags_for_resource", sns.list_tags_for_resource(ResourceArn=topic)["Tags"],
          [{"Key": "team", "Value": "ops"}])

    hook = Subscriber()
    try:
        r = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=hook.url)
        check("subscribe http answers pending confirmation", r["SubscriptionArn"],
              "pending confirmation")
        headers, body = hook.next("subscription confirmation")
        confirmation = json.loads(body)
        check("SubscriptionConfirmation", (headers.get("x-amz-sns-message-type"),
                                           confirmation["Type"], confirmation["TopicArn"]),
              ("SubscriptionConfirmation", "SubscriptionConfirmation", topic))
        check("SubscribeURL points back at the simulator",
              confirmation["SubscribeURL"].startswith(endpoint.rstrip("/")
                                                      + "/?Action=ConfirmSubscription"), True)

        def http_sub():
            subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
            return [s["SubscriptionArn"] != "PendingConfirmation" for s in subs
                    if s["Protocol"] == "http"]
        wait_for("a 200 answer confirmed the subscription", http_sub, [True])
        r = sns.confirm_subscription(TopicArn=topic, Token=confirmation["Token"])
        check("confirm_subscription with the token", r["SubscriptionArn"].startswith(topic + ":"),
              True)
        expect_error("confirm_subscription with a bad token", "InvalidParameter",
                     sns.confirm_subscription, TopicArn=topic, Token="bad")

        msg = sns.publish(TopicArn=topic, Subject="Rollout", Message="v7 deployed",
                          MessageAttributes={"env": {"DataType": "String",
                                                     "StringValue": "prod"}})
        headers, body = hook.next("notification")
        note = json.loads(body)
        check("notification headers", (headers.get("x-amz-sns-message-type"),
                                       headers.get("x-amz-sns-message-id"),
                                       headers.get("x-amz-sns-topic-arn"),
                                       headers.get("Content-Type")),
              ("Notification", msg["MessageId"], topic, "text/plain; charset=UTF-8"))
        check("notification JSON", (note["Type"], note["MessageId"], note["Subject"],
                                    note["Message"], note["SignatureVersion"],
                                    note["MessageAttributes"]["env"]),
              ("Notification", msg["MessageId"], "Rollout", "v7 deployed", "1",
               {"Type": "String", "Value": "prod"}))
        check("notification is signed", verifies(note, admin(endpoint, "GET", "sns/signing-key")),
              True)
    finally:
        hook.close()

    check("subscribe email", sns.subscribe(TopicArn=topic, Protocol="email",
                                           Endpoint="ops@example.com")["SubscriptionArn"],
          "pending confirmation")
    expect_error("subscribe a non-loopback http endpoint", "InvalidParameter", sns.subscribe,
                 TopicArn=topic, Protocol="http", Endpoint="http://example.com/hook")
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    check("list_subscriptions_by_topic", sorted(s["Protocol"] for s in subs), ["email", "http"])

    r = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "a", "Message": "one"}, {"Id": "b", "Message": ""}])
    check("publish_batch", ([s["Id"] for s in r["Successful"]],
                            [(f["Id"], f["Code"]) for f in r["Failed"]]),
          (["a"], [("b", "InvalidParameter")]))
    expect_error("publish to an unknown topic", "NotFound", sns.publish, TopicArn=topic + "x",
                 Message="m")
    expect_error("publish json without default", "InvalidParameter", sns.publish,
                 TopicArn=topic, MessageStructure="json", Message='{"http": "x"}')
    expect_error("publish a bad Number attribute", "ParameterValueInvalid", sns.publish,
                 TopicArn=topic, Message="m",
                 MessageAttributes={"n": {"DataType": "Number", "StringValue": "x"}})

    messages = admin(endpoint, "GET", f"sns/messages?topic={name}")["messages"]
    check("admin API lists every published message", [m["message"] for m in messages],
          ["v7 deployed", "one"])
    check("admin API records the http delivery", messages[0]["deliveries"][0]["protocol"],
          "http")
    return topic


def cloudwatch_checks(cw, endpoint, run, topic):
    ns = f"Compat/{run}"
    now = datetime.datetime.now(datetime.timezone.utc)
    base = now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=10)
    host = [{"Name": "Host", "Value": "web-1"}]
    cw.put_metric_data(Namespace=ns, MetricData=[
        {"MetricName": "Latency", "Dimensions": host, "Value": v, "Unit": "Milliseconds",
         "Timestamp": base + datetime.timedelta(seconds=s)}
        for s, v in ((5, 10.0), (30, 30.0), (70, 50.0), (80, 70.0))])
    ok("put_metric_data")
    r = cw.get_metric_statistics(Namespace=ns, MetricName="Latency", Dimensions=host,
                                 StartTime=base, EndTime=base + datetime.timedelta(minutes=2),
                                 Period=60, Statistics=["SampleCount", "Sum", "Average",
                                                        "Minimum", "Maximum"])
    points = sorted(r["Datapoints"], key=lambda d: d["Timestamp"])
    check("get_metric_statistics per period",
          [(d["Timestamp"] - base, d["SampleCount"], d["Sum"], d["Average"], d["Minimum"],
            d["Maximum"], d["Unit"]) for d in points],
          [(datetime.timedelta(0), 2.0, 40.0, 20.0, 10.0, 30.0, "Milliseconds"),
           (datetime.timedelta(minutes=1), 2.0, 120.0, 60.0, 50.0, 70.0, "Milliseconds")])
    check("Timestamp is a timestamp", type(points[0]["Timestamp"]).__name__, "datetime")
    expect_error("put_metric_data into AWS/", "InvalidParameterValue", cw.put_metric_data,
                 Namespace="AWS/EC2", MetricData=[{"MetricName": "x", "Value": 1.0}])
    expect_error("get_metric_statistics without statistics", "InvalidParameterCombination",
                 cw.get_metric_statistics, Namespace=ns, MetricName="Latency",
                 StartTime=base, EndTime=now, Period=60)
    r = cw.get_metric_data(StartTime=base, EndTime=base + datetime.timedelta(minutes=2),
                           ScanBy="TimestampAscending", MetricDataQueries=[
                               {"Id": "lat", "MetricStat": {"Metric": {
                                   "Namespace": ns, "MetricName": "Latency",
                                   "Dimensions": host}, "Period": 60, "Stat": "Sum"}},
                               {"Id": "avg", "Expression": "lat / 2", "Label": "half"}])
    check("get_metric_data", [(x["Id"], x["Label"], x["Values"], x["StatusCode"])
                              for x in r["MetricDataResults"]],
          [("lat", "Latency", [40.0, 120.0], "Complete"),
           ("avg", "half", [20.0, 60.0], "Complete")])
    metrics = cw.list_metrics(Namespace=ns)["Metrics"]
    check("list_metrics", metrics, [{"Namespace": ns, "MetricName": "Latency",
                                     "Dimensions": host}])

    alarm = f"cpu-high-{run}"
    cw.put_metric_alarm(AlarmName=alarm, Namespace=ns, MetricName="Cpu", Dimensions=host,
                        Statistic="Maximum", Period=10, EvaluationPeriods=1, Threshold=90.0,
                        ComparisonOperator="GreaterThanOrEqualToThreshold",
                        AlarmActions=[topic], OKActions=[topic])
    a = cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]
    check("describe_alarms new alarm", (a["StateValue"], a["Statistic"], a["Threshold"]),
          ("INSUFFICIENT_DATA", "Maximum", 90.0))
    cw.put_metric_data(Namespace=ns, MetricData=[{"MetricName": "Cpu", "Dimensions": host,
                                                  "Value": 97.0, "StorageResolution": 1}])
    a = cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]
    check("breaching data raises the alarm", a["StateValue"], "ALARM")
    check("StateReasonData is JSON", json.loads(a["StateReasonData"])["statistic"], "Maximum")

    def alarm_notifications():
        msgs = admin(endpoint, "GET", f"sns/messages?topic={topic}")["messages"]
        return [json.loads(m["message"])["NewStateValue"] for m in msgs
                if (m["subject"] or "").startswith("ALARM:")]
    wait_for("the alarm published to its SNS topic", alarm_notifications, ["ALARM"])
    cw.set_alarm_state(AlarmName=alarm, StateValue="OK", StateReason="manual")
    check("set_alarm_state", cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]
          ["StateValue"], "OK")
    check("describe_alarms_for_metric", [x["AlarmName"] for x in cw.describe_alarms_for_metric(
        Namespace=ns, MetricName="Cpu", Dimensions=host)["MetricAlarms"]], [alarm])
    expect_error("set_alarm_state of an unknown alarm", "ResourceNotFound", cw.set_alarm_state,
                 AlarmName=f"nope-{run}", StateValue="OK", StateReason="x")
    expect_error("delete_alarms of an unknown alarm", "ResourceNotFound", cw.delete_alarms,
                 AlarmNames=[f"nope-{run}"])
    history = cw.describe_alarm_history(AlarmName=alarm, HistoryItemType="StateUpdate")
    check("describe_alarm_history", [h["HistorySummary"] for h in history["AlarmHistoryItems"]],
          ["Alarm updated from ALARM to OK", "Alarm updated from INSUFFICIENT_DATA to ALARM"])
    cw.delete_alarms(AlarmNames=[alarm])
    check("delete_alarms", cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"], [])


def cloudwatch_query_checks(endpoint, run):
    """CloudWatch over the AWS Query protocol (form parameters, XML answers)."""
    models = os.path.join(os.path.dirname(botocore.__file__), "data", "cloudwatch")
    source = sorted(glob.glob(os.path.join(models, "*", "service-2.json*")))[-1]
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt") as f:
        model = json.load(f)
    model["metadata"]["protocol"] = "query"
    model["metadata"]["protocols"] = ["query"]
    with tempfile.TemporaryDirectory() as data:
        target = os.path.join(data, "cloudwatch", os.path.basename(os.path.dirname(source)))
        os.makedirs(target)
        with open(os.path.join(target, "service-2.json"), "w") as f:
            json.dump(model, f)
        core = botocore.session.get_session()
        core.get_component("data_loader").search_paths.insert(0, data)
        cw = boto3.Session(botocore_session=core).client(
            "cloudwatch", endpoint_url=endpoint, region_name="us-east-1",
            aws_access_key_id="test", aws_secret_access_key="test")
        check("query: the client speaks the Query protocol", cw.meta.service_model.protocol,
              "query")
        ns = f"CompatQuery/{run}"
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        cw.put_metric_data(Namespace=ns, MetricData=[
            {"MetricName": "m", "Values": [1.0, 2.0, 3.0], "Counts": [1.0, 1.0, 2.0],
             "Unit": "Count", "Timestamp": now, "Dimensions": [{"Name": "h", "Value": "a"}]}])
        r = cw.get_metric_statistics(Namespace=ns, MetricName="m",
                                     Dimensions=[{"Name": "h", "Value": "a"}],
                                     StartTime=now - datetime.timedelta(minutes=1),
                                     EndTime=now + datetime.timedelta(minutes=1), Period=120,
                                     ExtendedStatistics=["p50", "p100"])
        check("query: get_metric_statistics percentiles",
              r["Datapoints"][0]["ExtendedStatistics"], {"p50": 2.0, "p100": 3.0})
        cw.put_metric_alarm(AlarmName=f"q-{run}", Namespace=ns, MetricName="m",
                            Dimensions=[{"Name": "h", "Value": "a"}], Statistic="Sum",
                            Period=60, EvaluationPeriods=1, Threshold=1.0,
                            ComparisonOperator="GreaterThanThreshold", AlarmActions=[])
        a = cw.describe_alarms(AlarmNames=[f"q-{run}"])["MetricAlarms"][0]
        check("query: put_metric_alarm evaluates at once",
              (a["StateValue"], a["Period"], a["AlarmActions"]), ("ALARM", 60, []))
        check("query: timestamps parse", type(a["StateUpdatedTimestamp"]).__name__, "datetime")
        expect_error("query: set_alarm_state of an unknown alarm", "ResourceNotFound",
                     cw.set_alarm_state, AlarmName=f"nope-{run}", StateValue="OK",
                     StateReason="x")
        cw.delete_alarms(AlarmNames=[f"q-{run}"])


# ---- the same calls against moto ----------------------------------------------------------------

def answers(sns, cw, run):
    """Answers (or errors) of the same calls, keyed by operation, for the shape comparison."""
    out = {}
    name = f"shape-{run}"
    out["CreateTopic"] = r = sns.create_topic(Name=name)
    topic = r["TopicArn"]
    sns.tag_resource(ResourceArn=topic, Tags=[{"Key": "k", "Value": "v"}])
    out["ListTopics"] = sns.list_topics()
    out["GetTopicAttributes"] = sns.get_topic_attributes(TopicArn=topic)
    out["Subscribe"] = sub = sns.subscribe(TopicArn=topic, Protocol="email",
                                           Endpoint="a@example.com", ReturnSubscriptionArn=True)
    out["GetSubscriptionAttributes"] = sns.get_subscription_attributes(
        SubscriptionArn=sub["SubscriptionArn"])
    out["ListSubscriptionsByTopic"] = sns.list_subscriptions_by_topic(TopicArn=topic)
    out["Publish"] = sns.publish(TopicArn=topic, Message="m", Subject="s")
    out["PublishBatch"] = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "a", "Message": "x"}])
    out["ListTagsForResource"] = sns.list_tags_for_resource(ResourceArn=topic)
    out["error Publish"] = error_of(sns.publish, TopicArn=topic + "-x", Message="m")
    out["error CreateTopic"] = error_of(sns.create_topic, Name="bad name")
    out["error GetTopicAttributes"] = error_of(sns.get_topic_attributes, TopicArn=topic + "-x")

    ns = f"Shape/{run}"
    now = datetime.datetime.now(datetime.timezone.utc)
    out["PutMetricData"] = cw.put_metric_data(Namespace=ns, MetricData=[
        {"MetricName": "m", "Value": 5.0, "Unit": "Count",
         "Dimensions": [{"Name": "h", "Value": "a"}]}])
    window = dict(StartTime=now - datetime.timedelta(minutes=5),
                  EndTime=now + datetime.timedelta(minutes=5))
    out["GetMetricStatistics"] = cw.get_metric_statistics(
        Namespace=ns, MetricName="m", Dimensions=[{"Name": "h", "Value": "a"}], Period=60,
        Statistics=["Sum", "Average", "SampleCount", "Minimum", "Maximum"], **window)
    out["GetMetricData"] = cw.get_metric_data(MetricDataQueries=[
        {"Id": "q", "MetricStat": {"Metric": {"Namespace": ns, "MetricName": "m",
                                              "Dimensions": [{"Name": "h", "Value": "a"}]},
                                   "Period": 60, "Stat": "Sum"}}], **window)
    out["ListMetrics"] = cw.list_metrics(Namespace=ns)
    alarm = f"shape-{run}"
    out["PutMetricAlarm"] = cw.put_metric_alarm(
        AlarmName=alarm, Namespace=ns, MetricName="other", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[topic], Dimensions=[{"Name": "h", "Value": "a"}])
    out["DescribeAlarms"] = cw.describe_alarms(AlarmNames=[alarm])
    out["DescribeAlarmsForMetric"] = cw.describe_alarms_for_metric(Namespace=ns,
                                                                   MetricName="other")
    out["SetAlarmState"] = cw.set_alarm_state(AlarmName=alarm, StateValue="ALARM",
                                              StateReason="x")
    out["error SetAlarmState"] = error_of(cw.set_alarm_state, AlarmName=f"nope-{run}",
                                          StateValue="OK", StateReason="x")
    out["error GetMetricStatistics"] = error_of(
        cw.get_metric_statistics, Namespace=ns, MetricName="m", StartTime=now, EndTime=now,
        Period=60, Statistics=["Sum"])
    cw.delete_alarms(AlarmNames=[alarm])
    sns.delete_topic(TopicArn=topic)
    return out


def compare_with_moto(sim_answers, moto_answers):
    for op, mine in sim_answers.items():
        theirs = moto_answers[op]
        if op.startswith("error "):
            a, b = mine.response, theirs.response
            check(f"{op}: same code and status as moto",
                  (a["Error"]["Code"], a["ResponseMetadata"]["HTTPStatusCode"]),
                  (b["Error"]["Code"], b["ResponseMetadata"]["HTTPStatusCode"]))
            continue
        ours = shape(mine) | MOTO_ONLY.get(op, set())
        other = shape(theirs) | SIMULATOR_ONLY.get(op, set())
        if ours != other:
            fail(f"{op}: same shape as moto",
                 f"simulator only {sorted(ours - other)}, moto only {sorted(other - ours)}")
        ok(f"{op}: same shape as moto")


def main():
    args = parse_args(__doc__)
    endpoint = args.endpoint
    run = f"py{os.getpid()}{random.randint(0, 9999)}"
    sns = client("sns", endpoint)
    cw = client("cloudwatch", endpoint)
    topic = sns_checks(sns, endpoint, run)
    cloudwatch_checks(cw, endpoint, run, topic)
    cloudwatch_query_checks(endpoint, run)
    if args.moto_url:
        compare_with_moto(answers(sns, cw, run),
                          answers(client("sns", args.moto_url),
                                  client("cloudwatch", args.moto_url), run))
    print(f"snscw_boto3: all {compat.passes} checks passed")


if __name__ == "__main__":
    main()
