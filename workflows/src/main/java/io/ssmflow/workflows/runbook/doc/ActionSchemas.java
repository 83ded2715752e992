package io.ssmflow.workflows.runbook.doc;

import io.ssmflow.workflows.ratecontrol.RateLimit;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inputs each action takes, checked when a document is read: required and known inputs, and
 * every value written literally (values with variables are checked when the step runs).
 */
final class ActionSchemas {
  static final String SHELL = "AWS-RunShellScript";
  static final String PATCH = "AWS-RunPatchBaseline";
  static final String POWERSHELL = "AWS-RunPowerShellScript";
  static final int MAX_SLEEP_SECONDS = 604_799;

  private static final List<String> RUN_COMMAND_INPUTS =
      List.of(
          "DocumentName",
          "InstanceIds",
          "Targets",
          "Parameters",
          "MaxConcurrency",
          "MaxErrors",
          "TimeoutSeconds",
          "Comment",
          "DocumentVersion",
          "DocumentHash",
          "DocumentHashType",
          "CloudWatchOutputConfig",
          "NotificationConfig",
          "OutputS3BucketName",
          "OutputS3KeyPrefix",
          "OutputS3Region",
          "ServiceRoleArn");
  private static final List<String> NESTED_REFUSED =
      List.of(
          "MaxConcurrency",
          "MaxErrors",
          "Targets",
          "TargetParameterName",
          "TargetMaps",
          "TargetLocations");

  private final Problems problems;
  private final ApiCatalog catalog;
  private final Map<String, RunbookDocument> library;

  ActionSchemas(Problems problems, ApiCatalog catalog, Map<String, RunbookDocument> library) {
    this.problems = problems;
    this.catalog = catalog;
    this.library = library;
  }

  /** Checks one action's inputs and outputs; answers the steps a branch can jump to. */
  List<String> check(
      Action action,
      Map<String, Object> in,
      List<OutputSpec> outputs,
      List<Object> path,
      String step) {
    if (!outputs.isEmpty() && !action.takesSelectorOutputs()) {
      problems.add(
          Problems.at(path.subList(0, path.size() - 1), "outputs"),
          step,
          "outputs with"
              + " a Selector belong to aws:executeAwsApi; "
              + action.awsName()
              + (action.outputs().isEmpty()
                  ? " has none"
                  : " defines " + String.join(", ", new TreeSet<>(action.outputs().keySet()))));
    }
    switch (action) {
      case RUN_COMMAND -> runCommand(in, path, step);
      case SLEEP -> sleep(in, path, step);
      case APPROVE -> approve(in, path, step);
      case PAUSE -> problems.onlyKeys(in, List.of(), path, step, "aws:pause (no inputs)");
      case BRANCH -> {
        return Choices.check(in, path, step, problems);
      }
      case EXECUTE_AWS_API -> awsApi(in, path, step, false);
      case WAIT_FOR_PROPERTY, ASSERT_PROPERTY -> awsApi(in, path, step, true);
      case CHANGE_INSTANCE_STATE -> changeState(in, path, step);
      case CREATE_TAGS -> createTags(in, path, step);
      case EXECUTE_AUTOMATION -> nested(in, path, step);
      default -> throw new IllegalStateException("no schema for " + action);
    }
    return List.of();
  }

  static boolean literal(Object value) {
    return Templates.references(value).isEmpty();
  }

  private boolean required(
      Map<String, Object> in, String key, List<Object> path, String step, String action) {
    if (!in.containsKey(key)) {
      problems.add(path, step, action + " needs input " + key);
      return false;
    }
    return true;
  }

  private void runCommand(Map<String, Object> in, List<Object> path, String step) {
    problems.onlyKeys(in, RUN_COMMAND_INPUTS, path, step, "aws:runCommand");
    boolean ids = in.containsKey("InstanceIds");
    boolean targets = in.containsKey("Targets");
    if (ids == targets) {
      problems.add(path, step, "aws:runCommand needs InstanceIds or Targets (one of them)");
    }
    if (targets && literal(in.get("Targets"))) {
      targets(in.get("Targets"), Problems.at(path, "Targets"), step);
    }
    if (in.containsKey("MaxConcurrency") && literal(in.get("MaxConcurrency"))) {
      rate(
          () -> RateLimit.maxConcurrency(Values.text(in.get("MaxConcurrency"))),
          Problems.at(path, "MaxConcurrency"),
          step);
    }
    if (in.containsKey("MaxErrors") && literal(in.get("MaxErrors"))) {
      rate(
          () -> RateLimit.maxErrors(Values.text(in.get("MaxErrors"))),
          Problems.at(path, "MaxErrors"),
          step);
    }
    if (in.containsKey("TimeoutSeconds") && literal(in.get("TimeoutSeconds"))) {
      problems.integer(
          in.get("TimeoutSeconds"),
          Problems.at(path, "TimeoutSeconds"),
          step,
          "TimeoutSeconds",
          30,
          2_592_000);
    }
    if (!required(in, "DocumentName", path, step, "aws:runCommand")) {
      return;
    }
    Object doc = in.get("DocumentName");
    if (!literal(doc)) {
      return;
    }
    String name = Values.text(doc);
    List<Object> at = Problems.at(path, "DocumentName");
    Map<String, Object> params =
        in.containsKey("Parameters")
            ? problems.map(
                in.get("Parameters"), Problems.at(path, "Parameters"), step, "Parameters")
            : Map.of();
    if (params == null) {
      return;
    }
    List<Object> pp = Problems.at(path, "Parameters");
    switch (name) {
      case SHELL -> {
        problems.onlyKeys(
            params, List.of("commands", "executionTimeout", "workingDirectory"), pp, step, SHELL);
        if (!params.containsKey("commands")) {
          problems.add(pp, step, SHELL + " needs Parameters.commands");
        } else if (params.get("commands") instanceof List<?> l && l.isEmpty()) {
          problems.add(Problems.at(pp, "commands"), step, "commands must not be empty");
        }
        if (params.containsKey("executionTimeout") && literal(params.get("executionTimeout"))) {
          problems.integer(
              params.get("executionTimeout"),
              Problems.at(pp, "executionTimeout"),
              step,
              "executionTimeout",
              1,
              172_800);
        }
      }
      case PATCH -> {
        problems.onlyKeys(
            params,
            List.of("Operation", "RebootOption", "SnapshotId"),
            pp,
            step,
            PATCH + " as ssmflow sends it");
        oneOf(params, "Operation", List.of("Scan", "Install"), pp, step, true);
        oneOf(params, "RebootOption", List.of("RebootIfNeeded", "NoReboot"), pp, step, false);
      }
      case POWERSHELL ->
          problems.warn(
              at,
              step,
              POWERSHELL
                  + " runs on Windows instances only;"
                  + " ssmflow sends "
                  + SHELL
                  + " and "
                  + PATCH
                  + ", so this step fails if it runs");
      default ->
          problems.add(
              at,
              step,
              "DocumentName "
                  + name
                  + " is not a command document"
                  + " ssmflow sends ("
                  + SHELL
                  + ", "
                  + PATCH
                  + ")");
    }
  }

  private void oneOf(
      Map<String, Object> m,
      String key,
      List<String> allowed,
      List<Object> path,
      String step,
      boolean required) {
    if (!m.containsKey(key)) {
      if (required) {
        problems.add(path, step, "needs " + key + " (" + String.join(" or ", allowed) + ")");
      }
      return;
    }
    Object v = m.get(key);
    if (literal(v) && !allowed.contains(Values.text(v))) {
      problems.add(
          Problems.at(path, key),
          step,
          key + " must be " + String.join(" or ", allowed) + ", not " + Values.describe(v));
    }
  }

  private void targets(Object value, List<Object> path, String step) {
    List<?> list = problems.list(value, path, step, "Targets");
    if (list == null) {
      return;
    }
    if (list.isEmpty()) {
      problems.add(path, step, "Targets needs at least one Key and Values");
    }
    for (int i = 0; i < list.size(); i++) {
      List<Object> at = Problems.at(path, i);
      Map<String, Object> t = problems.map(list.get(i), at, step, "a target");
      if (t == null) {
        continue;
      }
      problems.onlyKeys(t, List.of("Key", "Values"), at, step, "a target");
      Object key = t.get("Key");
      if (!(key instanceof String k)
          || !(k.equals("InstanceIds") || k.startsWith("tag:") && k.length() > 4)) {
        problems.add(
            Problems.at(at, "Key"),
            step,
            "Key must be InstanceIds or tag:NAME (the"
                + " targets ssmflow resolves), not "
                + Values.describe(key));
      }
      if (!(t.get("Values") instanceof List<?> v) || v.isEmpty()) {
        problems.add(Problems.at(at, "Values"), step, "Values must be a non-empty list");
      }
    }
  }

  private void rate(Runnable parse, List<Object> path, String step) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      problems.add(
          path,
          step,
          e.getMessage()
              .replace("max-concurrency", "MaxConcurrency")
              .replace("max-errors", "MaxErrors"));
    }
  }

  private void sleep(Map<String, Object> in, List<Object> path, String step) {
    problems.onlyKeys(in, List.of("Duration", "Timestamp"), path, step, "aws:sleep");
    if (in.containsKey("Duration") == in.containsKey("Timestamp")) {
      problems.add(path, step, "aws:sleep needs Duration or Timestamp (one of them)");
      return;
    }
    if (in.containsKey("Duration") && literal(in.get("Duration"))) {
      try {
        long s = sleepDuration(Values.text(in.get("Duration"))).toSeconds();
        if (s > MAX_SLEEP_SECONDS) {
          problems.add(
              Problems.at(path, "Duration"),
              step,
              "Duration is at most 604799 seconds" + " (7 days), not " + s);
        }
      } catch (IllegalArgumentException e) {
        problems.add(Problems.at(path, "Duration"), step, e.getMessage());
      }
    }
    if (in.containsKey("Timestamp") && literal(in.get("Timestamp"))) {
      try {
        timestamp(Values.text(in.get("Timestamp")));
      } catch (IllegalArgumentException e) {
        problems.add(Problems.at(path, "Timestamp"), step, e.getMessage());
      }
    }
  }

  /** An ISO-8601 duration, e.g. PT10S; never negative. */
  static Duration sleepDuration(String text) {
    try {
      Duration d = Duration.parse(text.trim());
      if (d.isNegative()) {
        throw new IllegalArgumentException("Duration " + text + " is negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Duration " + text + " is not an ISO 8601 duration such" + " as PT10S or PT2H");
    }
  }

  /** An ISO-8601 timestamp with an offset, e.g. 2024-01-01T01:00:00Z, as epoch millis. */
  static long timestamp(String text) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Timestamp " + text + " is not an ISO 8601 time such as" + " 2024-01-01T01:00:00Z");
    }
  }

  private void approve(Map<String, Object> in, List<Object> path, String step) {
    problems.onlyKeys(
        in,
        List.of("Approvers", "MinRequiredApprovals", "Message", "NotificationArn"),
        path,
        step,
        "aws:approve");
    if (!required(in, "Approvers", path, step, "aws:approve")) {
      return;
    }
    Object approvers = in.get("Approvers");
    int count = -1;
    if (literal(approvers)) {
      List<?> l =
          approvers instanceof String s
              ? List.of(s)
              : problems.list(approvers, Problems.at(path, "Approvers"), step, "Approvers");
      if (l != null) {
        count = l.size();
        if (l.isEmpty() || l.size() > 10) {
          problems.add(
              Problems.at(path, "Approvers"),
              step,
              "Approvers lists 1 to 10" + " principals, not " + l.size());
        }
      }
    }
    if (in.containsKey("MinRequiredApprovals") && literal(in.get("MinRequiredApprovals"))) {
      Integer min =
          problems.integer(
              in.get("MinRequiredApprovals"),
              Problems.at(path, "MinRequiredApprovals"),
              step,
              "MinRequiredApprovals",
              1,
              10);
      if (min != null && count > 0 && min > count) {
        problems.add(
            Problems.at(path, "MinRequiredApprovals"),
            step,
            "MinRequiredApprovals " + min + " exceeds the " + count + " approvers");
      }
    }
    if (in.get("Message") instanceof String m && m.length() > 4096) {
      problems.add(Problems.at(path, "Message"), step, "Message is at most 4096 characters");
    }
  }

  private void awsApi(Map<String, Object> in, List<Object> path, String step, boolean property) {
    String action = property ? "this action" : "aws:executeAwsApi";
    boolean ok =
        required(in, "Service", path, step, action) & required(in, "Api", path, step, action);
    if (property) {
      ok &=
          required(in, "PropertySelector", path, step, action)
              & required(in, "DesiredValues", path, step, action);
      if (in.containsKey("PropertySelector") && literal(in.get("PropertySelector"))) {
        selector(in.get("PropertySelector"), Problems.at(path, "PropertySelector"), step);
      }
      if (in.containsKey("DesiredValues")
          && literal(in.get("DesiredValues"))
          && (!(in.get("DesiredValues") instanceof List<?> l) || l.isEmpty())) {
        problems.add(
            Problems.at(path, "DesiredValues"),
            step,
            "DesiredValues must be a" + " non-empty list");
      }
    }
    if (!ok || !literal(in.get("Service")) || !literal(in.get("Api"))) {
      return;
    }
    String service = Values.text(in.get("Service"));
    String api = Values.text(in.get("Api"));
    String refusal = AwsApis.refusal(service, api);
    if (refusal != null) {
      problems.add(
          Problems.at(path, refusal.startsWith("Service") ? "Service" : "Api"), step, refusal);
      return;
    }
    Set<String> known = catalog == null ? null : catalog.inputs(AwsApis.service(service), api);
    if (known == null) {
      return;
    }
    for (String key : in.keySet()) {
      if (List.of("Service", "Api", "PropertySelector", "DesiredValues").contains(key)
          || known.contains(key)) {
        continue;
      }
      String near =
          known.stream()
              .filter(
                  k ->
                      k.equalsIgnoreCase(key)
                          || k.equalsIgnoreCase(key + "s")
                          || key.equalsIgnoreCase(k + "s"))
              .findFirst()
              .map(k -> " (did you mean " + k + "?)")
              .orElse("");
      problems.add(
          Problems.at(path, key),
          step,
          api
              + " has no input "
              + key
              + near
              + (near.isEmpty()
                  ? "; it takes "
                      + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known)))
                  : ""));
    }
  }

  void selector(Object value, List<Object> path, String step) {
    if (!(value instanceof String s)) {
      problems.add(path, step, "a selector must be text, e.g. $.Reservations[0]");
      return;
    }
    try {
      JsonPath.parse(s);
    } catch (IllegalArgumentException e) {
      problems.add(path, step, e.getMessage());
    }
  }

  private void changeState(Map<String, Object> in, List<Object> path, String step) {
    problems.onlyKeys(
        in,
        List.of("InstanceIds", "DesiredState", "CheckStateOnly", "Force", "AdditionalInfo"),
        path,
        step,
        "aws:changeInstanceState");
    required(in, "InstanceIds", path, step, "aws:changeInstanceState");
    if (required(in, "DesiredState", path, step, "aws:changeInstanceState")
        && literal(in.get("DesiredState"))) {
      String s = Values.text(in.get("DesiredState"));
      if (s.equals("terminated")) {
        problems.add(
            Problems.at(path, "DesiredState"),
            step,
            "ssmflow does not terminate" + " instances (DesiredState running or stopped)");
      } else if (!s.equals("running") && !s.equals("stopped")) {
        problems.add(
            Problems.at(path, "DesiredState"),
            step,
            "DesiredState must be running or" + " stopped, not " + s);
      }
    }
    for (String b : List.of("CheckStateOnly", "Force")) {
      if (in.containsKey(b) && literal(in.get(b))) {
        problems.bool(in.get(b), Problems.at(path, b), step, b);
      }
    }
  }

  private void createTags(Map<String, Object> in, List<Object> path, String step) {
    problems.onlyKeys(
        in, List.of("ResourceIds", "Tags", "ResourceType"), path, step, "aws:createTags");
    required(in, "ResourceIds", path, step, "aws:createTags");
    String type = "EC2";
    if (in.containsKey("ResourceType") && literal(in.get("ResourceType"))) {
      type = Values.text(in.get("ResourceType"));
      if (!List.of("EC2", "ManagedInstance", "MaintenanceWindow", "Parameter").contains(type)) {
        problems.add(
            Problems.at(path, "ResourceType"),
            step,
            "ResourceType must be EC2,"
                + " ManagedInstance, MaintenanceWindow or Parameter, not "
                + type);
      }
    }
    if (!type.equals("EC2")
        && in.get("ResourceIds") instanceof List<?> l
        && l.size() > 1
        && literal(l)) {
      problems.add(
          Problems.at(path, "ResourceIds"),
          step,
          "a " + type + " resource is tagged" + " one at a time: ResourceIds holds one id");
    }
    if (required(in, "Tags", path, step, "aws:createTags") && literal(in.get("Tags"))) {
      List<?> tags = problems.list(in.get("Tags"), Problems.at(path, "Tags"), step, "Tags");
      for (int i = 0; tags != null && i < tags.size(); i++) {
        List<Object> at = Problems.at(path, "Tags", i);
        Map<String, Object> t = problems.map(tags.get(i), at, step, "a tag");
        if (t != null) {
          problems.onlyKeys(t, List.of("Key", "Value"), at, step, "a tag");
          if (!(t.get("Key") instanceof String k) || k.isEmpty()) {
            problems.add(Problems.at(at, "Key"), step, "a tag needs a Key");
          }
        }
      }
    }
  }

  private void nested(Map<String, Object> in, List<Object> path, String step) {
    List<String> allowed =
        new ArrayList<>(List.of("DocumentName", "DocumentVersion", "RuntimeParameters", "Tags"));
    allowed.addAll(NESTED_REFUSED);
    problems.onlyKeys(in, allowed, path, step, "aws:executeAutomation");
    for (String k : NESTED_REFUSED) {
      if (in.containsKey(k)) {
        problems.add(
            Problems.at(path, k),
            step,
            "rate-controlled and multi-account automations"
                + " are not supported: a nested automation runs once, with RuntimeParameters");
      }
    }
    if (!required(in, "DocumentName", path, step, "aws:executeAutomation")
        || !literal(in.get("DocumentName"))) {
      return;
    }
    String name = Values.text(in.get("DocumentName"));
    if (library == null) {
      return;
    }
    RunbookDocument nested = library.get(name);
    if (nested == null) {
      problems.add(
          Problems.at(path, "DocumentName"),
          step,
          "no runbook "
              + name
              + " next to"
              + " this document (ssmflow looks for "
              + name
              + ".yaml, .yml or .json)");
      return;
    }
    if (in.get("RuntimeParameters") instanceof Map<?, ?> given) {
      for (Object k : given.keySet()) {
        if (nested.parameter(String.valueOf(k)) == null) {
          problems.add(
              Problems.at(path, "RuntimeParameters", String.valueOf(k)),
              step,
              name + " declares no parameter " + k);
        }
      }
    } else if (in.containsKey("RuntimeParameters")) {
      problems.add(
          Problems.at(path, "RuntimeParameters"),
          step,
          "RuntimeParameters must be a" + " map of parameter names to values");
    }
  }
}
