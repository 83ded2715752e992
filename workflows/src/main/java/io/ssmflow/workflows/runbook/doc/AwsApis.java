package io.ssmflow.workflows.runbook.doc;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS API operations a runbook may call (aws:executeAwsApi, aws:waitForAwsResourceProperty,
 * aws:assertAwsResourceProperty): an allow list per service covering every operation ssmflow's
 * flows and its simulator use, plus a few read operations AWS's examples call. Anything else is
 * refused before a run starts, so a document cannot, say, terminate instances, launch new ones or
 * touch IAM.
 */
public final class AwsApis {
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "ssm",
              Set.of(
                  "GetParameter",
                  "GetParameters",
                  "GetParametersByPath",
                  "GetParameterHistory",
                  "DescribeParameters",
                  "PutParameter",
                  "DeleteParameter",
                  "DeleteParameters",
                  "LabelParameterVersion",
                  "UnlabelParameterVersion",
                  "AddTagsToResource",
                  "RemoveTagsFromResource",
                  "ListTagsForResource",
                  "SendCommand",
                  "ListCommands",
                  "ListCommandInvocations",
                  "GetCommandInvocation",
                  "CancelCommand",
                  "DescribeInstanceInformation",
                  "DescribeInstancePatches",
                  "DescribeInstancePatchStates",
                  "DescribeSessions",
                  "TerminateSession"),
          "ec2",
              Set.of(
                  "DescribeInstances",
                  "DescribeInstanceStatus",
                  "StartInstances",
                  "StopInstances",
                  "RebootInstances",
                  "CreateTags",
                  "DeleteTags",
                  "DescribeTags",
                  "DescribeVolumes",
                  "CreateSnapshot",
                  "DescribeSnapshots",
                  "DeleteSnapshot",
                  "CreateReplaceRootVolumeTask",
                  "DescribeReplaceRootVolumeTasks",
                  "DescribeImages"),
          "sns",
              Set.of(
                  "Publish",
                  "PublishBatch",
                  "CreateTopic",
                  "DeleteTopic",
                  "ListTopics",
                  "GetTopicAttributes",
                  "SetTopicAttributes",
                  "Subscribe",
                  "ConfirmSubscription",
                  "Unsubscribe",
                  "ListSubscriptions",
                  "ListSubscriptionsByTopic",
                  "GetSubscriptionAttributes",
                  "SetSubscriptionAttributes",
                  "TagResource",
                  "UntagResource",
                  "ListTagsForResource"),
          "cloudwatch",
              Set.of(
                  "PutMetricData",
                  "GetMetricData",
                  "GetMetricStatistics",
                  "ListMetrics",
                  "PutMetricAlarm",
                  "DescribeAlarms",
                  "DescribeAlarmsForMetric",
                  "DescribeAlarmHistory",
                  "SetAlarmState",
                  "DeleteAlarms",
                  "EnableAlarmActions",
                  "DisableAlarmActions",
                  "TagResource",
                  "UntagResource",
                  "ListTagsForResource"));

  private AwsApis() {}

  /**
   * The service's canonical name ({@code ssm}, {@code ec2}, {@code sns}, {@code cloudwatch}), or
   * null when ssmflow does not call it. Case does not matter; CloudWatch's namespace {@code
   * monitoring} is accepted too.
   */
  public static String service(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("monitoring")) {
      n = "cloudwatch";
    }
    return ALLOWED.containsKey(n) ? n : null;
  }

  /** Whether the operation may be called (service already canonical). */
  public static boolean allowed(String service, String api) {
    Set<String> ops = ALLOWED.get(service);
    return ops != null && ops.contains(api);
  }

  /** The allowed operations of a service, sorted. */
  public static Set<String> operations(String service) {
    return new TreeSet<>(ALLOWED.getOrDefault(service, Set.of()));
  }

  /** The services, for messages. */
  public static String services() {
    return String.join(", ", new TreeSet<>(ALLOWED.keySet()));
  }

  /**
   * Why {@code Service}/{@code Api} cannot be called, or null when it can.
   *
   * @param service as written in the document
   * @param api as written
   */
  public static String refusal(String service, String api) {
    String s = service(service);
    if (s == null) {
      return "Service " + service + " is not one ssmflow calls (" + services() + ")";
    }
    if (!allowed(s, api)) {
      String near =
          operations(s).stream()
              .filter(o -> o.equalsIgnoreCase(api))
              .findFirst()
              .map(o -> " (did you mean " + o + "?)")
              .orElse("");
      return "Api "
          + api
          + " is not an allowed "
          + s
          + " operation"
          + near
          + "; allowed: "
          + String.join(", ", operations(s));
    }
    return null;
  }
}
