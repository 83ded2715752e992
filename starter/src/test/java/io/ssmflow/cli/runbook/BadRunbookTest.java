package io.ssmflow.cli.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.cli.SsmflowCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad runbooks are refused by {@code ssmflow runbook validate} (and so by {@code run}, before
 * anything starts): exit 2, one line {@code ssmflow: FILE:LINE: LOCATION: RULE}. The line is the
 * one marked {@code # <-} in each document.
 */
class BadRunbookTest {
  @TempDir Path dir;

  private static final String HEAD = "schemaVersion: '0.3'\n";
  private static final String SLEEP = "    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";

  static Stream<Arguments> documents() {
    return Stream.of(
        bad(
            "neither steps",
            "description: nothing to run # <-\n",
            "(document): a runbook needs mainSteps (an SSM Automation document, schemaVersion"
                + " 0.3) or steps (an orchestration)"),
        bad(
            "no schemaVersion",
            "mainSteps: # <-\n  - name: a\n" + SLEEP,
            "schemaVersion: an Automation document needs schemaVersion '0.3'"),
        bad(
            "wrong schemaVersion",
            "schemaVersion: '2.2' # <-\nmainSteps:\n  - name: a\n" + SLEEP,
            "schemaVersion: schemaVersion must be '0.3' (Automation), not 2.2"),
        bad(
            "unknown top-level property",
            HEAD + "mainStep: [] # <-\nmainSteps:\n  - name: a\n" + SLEEP,
            "mainStep: unknown property mainStep (an Automation document takes"),
        bad(
            "step without a name",
            HEAD
                + "mainSteps:\n  - action: aws:sleep # <-\n    inputs:"
                + "\n      Duration: PT1S\n",
            "mainSteps[0].name: a step needs a name"),
        bad(
            "step name with a dash",
            HEAD + "mainSteps:\n  - name: stop-it # <-\n" + SLEEP,
            "mainSteps[0] (stop-it).name: step name stop-it must be 1-128 of a-z A-Z 0-9 _"),
        bad(
            "duplicate step",
            HEAD + "mainSteps:\n  - name: a\n" + SLEEP + "  - name: a # <-\n" + SLEEP,
            "mainSteps[1] (a).name: duplicate step name a (also mainSteps[0])"),
        bad(
            "misspelled step property",
            HEAD + "mainSteps:\n  - name: a\n" + SLEEP + "    maxAttempt: 3 # <-\n",
            "mainSteps[0] (a).maxAttempt: unknown property maxAttempt (a step takes name,"),
        bad(
            "unknown action",
            HEAD + "mainSteps:\n  - name: a\n    action: aws:restart # <-\n" + "    inputs: {}\n",
            "mainSteps[0] (a).action: unknown action aws:restart"
                + " (ssmflow runs aws:runCommand, aws:sleep,"),
        bad(
            "executeScript",
            HEAD
                + "mainSteps:\n  - name: py\n    action: aws:executeScript"
                + " # <-\n    inputs: {Runtime: python3.8, Handler: h, Script: 'def h(e, c): pass'}"
                + "\n",
            "mainSteps[0] (py).action: aws:executeScript runs Python or PowerShell in"
                + " AWS's own script runtime, which ssmflow cannot host"),
        bad(
            "runCommand without a document",
            HEAD
                + "mainSteps:\n  - name: run\n    action:"
                + " aws:runCommand\n    inputs: # <-\n      InstanceIds: [i-0123456789abcdef0]\n",
            "mainSteps[0] (run).inputs: aws:runCommand needs input DocumentName"),
        bad(
            "InstanceIds and Targets",
            HEAD
                + "mainSteps:\n  - name: run\n    action:"
                + " aws:runCommand\n    inputs: # <-\n      DocumentName: AWS-RunShellScript\n"
                + "      InstanceIds: [i-0123456789abcdef0]\n      Targets: [{Key: tag:Env, Values:"
                + " [prod]}]\n      Parameters: {commands: [date]}\n",
            "mainSteps[0] (run).inputs: aws:runCommand needs InstanceIds or Targets (one of"
                + " them)"),
        bad(
            "a command document ssmflow does not send",
            HEAD
                + "mainSteps:\n  - name: run\n"
                + "    action: aws:runCommand\n    inputs:\n      DocumentName:"
                + " AWS-ConfigureAWSPackage # <-\n      InstanceIds: [i-0123456789abcdef0]\n",
            "mainSteps[0] (run).inputs.DocumentName: DocumentName AWS-ConfigureAWSPackage is not"
                + " a command document ssmflow sends (AWS-RunShellScript, AWS-RunPatchBaseline)"),
        bad(
            "shell script without commands",
            HEAD
                + "mainSteps:\n  - name: run\n    action:"
                + " aws:runCommand\n    inputs:\n      DocumentName: AWS-RunShellScript\n"
                + "      InstanceIds: [i-0123456789abcdef0]\n      Parameters: # <-\n"
                + "        executionTimeout: '60'\n",
            "mainSteps[0] (run).inputs.Parameters: AWS-RunShellScript needs"
                + " Parameters.commands"),
        bad(
            "MaxConcurrency above 100%",
            HEAD
                + "mainSteps:\n  - name: run\n    action:"
                + " aws:runCommand\n    inputs:\n      DocumentName: AWS-RunShellScript\n"
                + "      InstanceIds: [i-0123456789abcdef0]\n      MaxConcurrency: 150% # <-\n"
                + "      Parameters: {commands: [date]}\n",
            "mainSteps[0] (run).inputs.MaxConcurrency: MaxConcurrency percentage must be at"
                + " most 100%, not '150%'"),
        bad(
            "sleep duration in words",
            HEAD
                + "mainSteps:\n  - name: nap\n    action: aws:sleep"
                + "\n    inputs:\n      Duration: 10 minutes # <-\n",
            "mainSteps[0] (nap).inputs.Duration: Duration 10 minutes is not an ISO 8601"
                + " duration such as PT10S or PT2H"),
        bad(
            "nextStep to nowhere",
            HEAD + "mainSteps:\n  - name: a\n" + SLEEP + "    nextStep: b # <-\n",
            "mainSteps[0] (a).nextStep: nextStep names step b, which" + " does not exist"),
        bad(
            "onFailure to nowhere",
            HEAD + "mainSteps:\n  - name: a\n" + SLEEP + "    onFailure: step:cleanup # <-\n",
            "mainSteps[0] (a).onFailure: onFailure names" + " step cleanup, which does not exist"),
        bad(
            "onFailure Retry",
            HEAD + "mainSteps:\n  - name: a\n" + SLEEP + "    onFailure: Retry # <-\n",
            "mainSteps[0] (a).onFailure: onFailure must be"
                + " Abort, Continue or step:NAME, not Retry"),
        bad(
            "choice without NextStep",
            HEAD
                + "mainSteps:\n  - name: pick\n    action:"
                + " aws:branch\n    inputs:\n      Choices:\n        - Variable: '{{ global:DATE }}'"
                + " # <-\n          StringEquals: x\n",
            "mainSteps[0] (pick).inputs.Choices[0].NextStep: a choice needs NextStep, the step"
                + " to go to when it is true"),
        bad(
            "numeric choice on text",
            HEAD
                + "mainSteps:\n  - name: pick\n    action:"
                + " aws:branch\n    inputs:\n      Choices:\n        - NextStep: pick2\n"
                + "          Variable: '{{ global:DATE }}'\n          NumericGreater: many # <-\n"
                + "  - name: pick2\n"
                + SLEEP,
            "mainSteps[0] (pick).inputs.Choices[0].NumericGreater: NumericGreater is the text"
                + " \"many\", not a number"),
        bad(
            "unknown parameter",
            HEAD
                + "mainSteps:\n  - name: nap\n    action: aws:sleep\n"
                + "    inputs:\n      Duration: '{{ Nap }}' # <-\n",
            "mainSteps[0] (nap).inputs.Duration: unknown parameter Nap (the document declares"
                + " none)"),
        bad(
            "unknown step output",
            HEAD
                + "mainSteps:\n  - name: a\n"
                + SLEEP
                + "  - name: b\n"
                + "    action: aws:sleep\n    inputs:\n      Duration: '{{ a.Output }}' # <-\n",
            "mainSteps[1] (b).inputs.Duration: step a has no output Output (aws:sleep has"
                + " none)"),
        bad(
            "a list written inside text",
            HEAD
                + "parameters:\n  InstanceIds:\n    type:"
                + " StringList\nmainSteps:\n  - name: run\n    action: aws:runCommand\n    inputs:\n"
                + "      DocumentName: AWS-RunShellScript\n      InstanceIds: '{{ InstanceIds }}'\n"
                + "      Parameters:\n        commands:\n          - echo {{ InstanceIds }} # <-\n",
            "mainSteps[0] (run).inputs.Parameters.commands[0]: {{ InstanceIds }} is a StringList:"
                + " only a String, Integer or Boolean can be written inside text"),
        bad(
            "account id",
            HEAD
                + "mainSteps:\n  - name: tag\n    action: aws:createTags\n"
                + "    inputs:\n      ResourceIds: [i-0123456789abcdef0]\n      Tags:\n"
                + "        - Key: Account\n          Value: '{{ global:ACCOUNT_ID }}' # <-\n",
            "mainSteps[0] (tag).inputs.Tags[0].Value: global:ACCOUNT_ID is not available in"
                + " ssmflow"),
        bad(
            "an operation outside the allow list",
            HEAD
                + "mainSteps:\n  - name: kill\n"
                + "    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n"
                + "      Api: TerminateInstances # <-\n      InstanceIds: [i-0123456789abcdef0]\n",
            "mainSteps[0] (kill).inputs.Api: Api TerminateInstances is not an allowed ec2"
                + " operation"),
        bad(
            "an input the operation does not take",
            HEAD
                + "mainSteps:\n  - name: look\n"
                + "    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n"
                + "      Api: DescribeInstances\n      InstanceId: i-0123456789abcdef0 # <-\n",
            "mainSteps[0] (look).inputs.InstanceId: DescribeInstances has no input InstanceId"
                + " (did you mean InstanceIds?)"),
        bad(
            "a selector that is not JSONPath",
            HEAD
                + "mainSteps:\n  - name: look\n"
                + "    action: aws:executeAwsApi\n    inputs: {Service: ssm, Api:"
                + " DescribeInstanceInformation}\n    outputs:\n      - Name: id\n"
                + "        Selector: InstanceInformationList[0] # <-\n        Type: String\n",
            "mainSteps[0] (look).outputs[0].Selector: a JSONPath starts with $"),
        bad(
            "an output type",
            HEAD
                + "mainSteps:\n  - name: look\n    action:"
                + " aws:executeAwsApi\n    inputs: {Service: ssm, Api: DescribeInstanceInformation}"
                + "\n    outputs:\n      - Name: n\n        Selector: $.NextToken\n"
                + "        Type: Number # <-\n",
            "mainSteps[0] (look).outputs[0].Type: Type must be"
                + " one of String, StringList, Integer, Boolean, MapList, StringMap"),
        bad(
            "a parameter type",
            HEAD
                + "parameters:\n  Count:\n    type: Number # <-\n"
                + "mainSteps:\n  - name: a\n"
                + SLEEP,
            "parameters.Count.type: type Number is not a" + " parameter type"),
        bad(
            "a default outside allowedValues",
            HEAD
                + "parameters:\n  Mode:\n    type: String\n"
                + "    allowedValues: [safe, fast]\n    default: reckless # <-\nmainSteps:\n"
                + "  - name: a\n"
                + SLEEP,
            "parameters.Mode.default: default of Mode: parameter"
                + " Mode: 'reckless' is not one of its allowedValues [\"safe\",\"fast\"]"),
        bad(
            "a broken allowedPattern",
            HEAD
                + "parameters:\n  Name:\n    type: String\n"
                + "    allowedPattern: '[a-z' # <-\nmainSteps:\n  - name: a\n"
                + SLEEP,
            "parameters.Name.allowedPattern: allowedPattern is not a regular expression"),
        bad(
            "an infinite loop",
            HEAD
                + "mainSteps:\n  - name: a # <-\n"
                + SLEEP
                + "  - name: b\n"
                + SLEEP
                + "    nextStep: a\n",
            "mainSteps[0] (a): infinite loop: a -> b -> a (add a branch or isEnd)"),
        bad(
            "terminating instances",
            HEAD
                + "mainSteps:\n  - name: bye\n    action:"
                + " aws:changeInstanceState\n    inputs:\n      InstanceIds: [i-0123456789abcdef0]\n"
                + "      DesiredState: terminated # <-\n",
            "mainSteps[0] (bye).inputs.DesiredState:" + " ssmflow does not terminate instances"),
        bad(
            "more approvals than approvers",
            HEAD
                + "mainSteps:\n  - name: ok\n    action:"
                + " aws:approve\n    inputs:\n      Approvers: [alice]\n"
                + "      MinRequiredApprovals: 2 # <-\n",
            "mainSteps[0] (ok).inputs"
                + ".MinRequiredApprovals: MinRequiredApprovals 2 exceeds the 1 approvers"),
        bad(
            "a nested runbook that is not there",
            HEAD
                + "mainSteps:\n  - name: sub\n"
                + "    action: aws:executeAutomation\n    inputs:\n"
                + "      DocumentName: restart-db # <-\n",
            "mainSteps[0] (sub).inputs.DocumentName:"
                + " no runbook restart-db next to this document"),
        bad(
            "an unknown dependency",
            "steps:\n  - name: a\n" + SLEEP + "    dependsOn: [b] #" + " <-\n",
            "steps[0] (a).dependsOn[0]: unknown dependency b (no step has that" + " name)"),
        bad(
            "a dependency cycle",
            "steps:\n  - name: a\n"
                + SLEEP
                + "    dependsOn: [c] # <-\n"
                + "  - name: b\n"
                + SLEEP
                + "    dependsOn: [a]\n  - name: c\n"
                + SLEEP
                + "    dependsOn: [b]\n",
            "steps[0] (a).dependsOn: dependency cycle: a -> c -> b" + " -> a"),
        bad(
            "a duplicate orchestration step",
            "steps:\n  - name: a\n" + SLEEP + "  - name: a # <-\n" + SLEEP,
            "steps[1] (a).name: duplicate step name a (also" + " steps[0])"),
        bad(
            "a branch in an orchestration",
            "steps:\n  - name: a\n    action: aws:branch # <-\n"
                + "    inputs: {Choices: [{NextStep: a, Variable: '{{ global:DATE }}', StringEquals:"
                + " x}]}\n",
            "steps[0] (a).action: aws:branch has no meaning in an orchestration"),
        bad(
            "an orchestration timeout in words",
            "steps:\n  - name: a\n" + SLEEP + "    timeout: ten minutes # <-\n",
            "steps[0] (a).timeout: timeout must be seconds,"
                + " 90s, 10m, 2h or an ISO 8601 duration"),
        bad(
            "an output of a step that is not a dependency",
            "steps:\n  - name: read\n"
                + "    action: aws:executeAwsApi\n    inputs: {Service: ssm, Api: GetParameter,"
                + " Name: /x}\n    outputs: [{Name: v, Selector: $.Parameter.Value, Type: String}]\n"
                + "  - name: use\n    action: aws:sleep\n    inputs:\n"
                + "      Duration: '{{ read.v }}' # <-\n",
            "steps[1] (use).inputs.Duration: {{ read.v"
                + " }}: step read is not a dependency of use"));
  }

  private static Arguments bad(String what, String yaml, String expected) {
    return Arguments.of(what, yaml, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void isRefusedAtItsLine(String what, String yaml, String expected) throws IOException {
    Path file = dir.resolve("doc.yaml");
    Files.writeString(file, yaml);
    int line = 1 + (int) yaml.lines().takeWhile(l -> !l.contains("# <-")).count();
    Run r = Run.of("runbook", "validate", file.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().toList()).as(what).hasSize(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("ssmflow: " + file + ":" + line + ": " + expected);
  }

  /** One in-process CLI run. */
  record Run(int exit, String out, String err) {
    static Run of(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          SsmflowCli.run(
              args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), false);
      return new Run(exit, out.toString(), err.toString());
    }

    List<String> errLines() {
      return err.lines().toList();
    }
  }
}
