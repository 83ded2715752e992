package io.ssmflow.workflows.runbook.doc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The SSM Automation actions ssmflow runs, with the outputs each one defines itself. */
public enum Action {
  RUN_COMMAND(
      "aws:runCommand",
      Map.of(
          "CommandId",
          ParamType.STRING,
          "Status",
          ParamType.STRING,
          "ResponseCode",
          ParamType.INTEGER,
          "Output",
          ParamType.STRING)),
  SLEEP("aws:sleep", Map.of()),
  APPROVE(
      "aws:approve",
      Map.of("ApprovalStatus", ParamType.STRING, "ApproverDecisions", ParamType.MAP_LIST)),
  PAUSE("aws:pause", Map.of()),
  BRANCH("aws:branch", Map.of()),
  EXECUTE_AWS_API("aws:executeAwsApi", Map.of()),
  WAIT_FOR_PROPERTY("aws:waitForAwsResourceProperty", Map.of()),
  ASSERT_PROPERTY("aws:assertAwsResourceProperty", Map.of()),
  CHANGE_INSTANCE_STATE("aws:changeInstanceState", Map.of("InstanceStates", ParamType.STRING_LIST)),
  CREATE_TAGS("aws:createTags", Map.of()),
  EXECUTE_AUTOMATION(
      "aws:executeAutomation",
      Map.of(
          "ExecutionId",
          ParamType.STRING,
          "Status",
          ParamType.STRING,
          "Output",
          ParamType.STRING_LIST));

  /** SSM actions that exist but that ssmflow does not run, with the reason. */
  static final Map<String, String> NOT_RUN = notRun();

  private final String awsName;
  private final Map<String, ParamType> outputs;

  Action(String awsName, Map<String, ParamType> outputs) {
    this.awsName = awsName;
    this.outputs = outputs;
  }

  public String awsName() {
    return awsName;
  }

  /** The outputs the action defines (user outputs come on top for aws:executeAwsApi). */
  public Map<String, ParamType> outputs() {
    return outputs;
  }

  /** Whether a step of this action may declare outputs with a Selector. */
  public boolean takesSelectorOutputs() {
    return this == EXECUTE_AWS_API;
  }

  /** The action named {@code name} (e.g. {@code aws:sleep}), or null. */
  public static Action of(String name) {
    for (Action a : values()) {
      if (a.awsName.equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** {@code aws:runCommand, aws:sleep, ...} for messages. */
  public static String names() {
    return Arrays.stream(values()).map(Action::awsName).collect(Collectors.joining(", "));
  }

  private static Map<String, String> notRun() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "aws:executeScript",
        "aws:executeScript runs Python or PowerShell in AWS's own script"
            + " runtime, which ssmflow cannot host; run the script on the instances with"
            + " aws:runCommand (AWS-RunShellScript), or call the API with aws:executeAwsApi");
    for (String a :
        List.of(
            "aws:createStack",
            "aws:deleteStack",
            "aws:createImage",
            "aws:copyImage",
            "aws:deleteImage",
            "aws:runInstances",
            "aws:invokeLambdaFunction",
            "aws:executeStateMachine",
            "aws:invokeWebhook",
            "aws:loop",
            "aws:updateVariable")) {
      m.put(a, a + " is an SSM Automation action that ssmflow does not run");
    }
    return m;
  }
}
