package io.ssmflow.cli.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook run} and {@code validate} refuse bad flags, parameters and documents before
 * contacting anything: exit 2, one line. Also the AWS documentation's examples as files.
 */
class RunbookInputTest {
  static final Path AWS_DOCS = Path.of("../workflows/src/test/resources/runbook/aws-docs");

  @TempDir Path dir;
  Path restart;

  @BeforeEach
  void copy() throws IOException {
    restart = dir.resolve("restart-shop.yaml");
    try (var in = getClass().getResourceAsStream("/runbooks/restart-shop.yaml")) {
      Files.write(restart, in.readAllBytes());
    }
  }

  private static void refused(BadRunbookTest.Run r, String line) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("ssmflow: " + line);
  }

  private BadRunbookTest.Run run(String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("runbook", "run", restart.toString()));
    args.addAll(List.of(flags));
    return BadRunbookTest.Run.of(args.toArray(String[]::new));
  }

  @Test
  void parametersAreCheckedBeforeAnythingStarts() {
    refused(run(), "parameter InstanceIds (StringList) is required: The instances");
    refused(
        run("--param", "Colour=red"),
        "--param Colour: restart-shop declares no parameter"
            + " Colour (it declares InstanceIds, ServiceName, Drain)");
    refused(
        run("--instance-ids", "i-0123456789abcdef0", "--param", "ServiceName=shop; reboot"),
        "parameter ServiceName: 'shop; reboot' does not match its" + " allowedPattern");
    refused(
        run("--param", "InstanceIds=[]"),
        "parameter InstanceIds needs at least 1 item," + " not 0");
    refused(run("--param", "Drain"), "--param takes NAME=VALUE, not 'Drain'");
    refused(
        run(
            "--param",
            "Drain=PT1S",
            "--param",
            "Drain=PT2S",
            "--instance-ids",
            "i-0123456789abcdef0"),
        "--param Drain is given twice");
    refused(
        run("--instance-ids", "i-0123456789abcdef0", "--max-errors", "abc"),
        "max-errors must be a whole number or a percentage");
    refused(
        run("--targets", "tag:Role=web", "--param", "InstanceIds=i-0123456789abcdef0"),
        "give InstanceIds with --param or with --targets / --instance-ids, not both");
    refused(run("--targets", "Role=web"), "--targets takes tag:KEY=VALUE");
    refused(
        run("--instance-ids", "i-0123456789abcdef0", "--wait", "--param", "Drain=5s"),
        "parameter Drain:" + " '5s' does not match its allowedPattern ^PT[0-9]{1,3}S$");
  }

  @Test
  void theTargetsFlagsNeedAnInstanceIdsParameter() throws IOException {
    Path doc = dir.resolve("nap.yaml");
    Files.writeString(
        doc,
        "schemaVersion: '0.3'\nmainSteps:\n  - name: nap\n"
            + "    action: aws:sleep\n    inputs: {Duration: PT1S}\n");
    refused(
        BadRunbookTest.Run.of(
            "runbook", "run", doc.toString(), "--instance-ids", "i-0123456789abcdef0"),
        "--targets and --instance-ids fill the parameter InstanceIds"
            + " (StringList), which nap does not declare");
    refused(
        BadRunbookTest.Run.of("runbook", "run", dir.resolve("none.yaml").toString()),
        dir.resolve("none.yaml") + ": no such file");
    refused(BadRunbookTest.Run.of("runbook", "validate", dir.toString()), dir + ": cannot read");
  }

  @Test
  void aFileThatIsNotYamlNamesTheLine() throws IOException {
    Path doc = dir.resolve("broken.yaml");
    Files.writeString(doc, "schemaVersion: '0.3'\nmainSteps:\n  - name: [unclosed\n");
    BadRunbookTest.Run r = BadRunbookTest.Run.of("runbook", "validate", doc.toString());
    refused(r, doc + ": not YAML at line ");
    assertThat(r.err()).matches("(?s)ssmflow: .*broken.yaml: not YAML at line [34]: .+\\n");
  }

  @Test
  void theAwsExamplesThatRunAreValid() {
    for (String f :
        List.of(
            "branch-os-from-output.yaml",
            "branch-os-from-parameter.yaml",
            "approve-run-demo.yaml",
            "approve-run-demo.json")) {
      BadRunbookTest.Run r =
          BadRunbookTest.Run.of("runbook", "validate", AWS_DOCS.resolve(f).toString());
      assertThat(r.exit()).as(f + ": " + r.err()).isZero();
      assertThat(r.out()).contains(": valid Automation document");
    }
    BadRunbookTest.Run branch =
        BadRunbookTest.Run.of(
            "runbook", "validate", AWS_DOCS.resolve("branch-os-from-output.yaml").toString());
    assertThat(branch.out())
        .contains(
            "warning: "
                + AWS_DOCS.resolve("branch-os-from-output.yaml")
                + ":46: mainSteps[3] (runPowerShellCommand).inputs"
                + ".DocumentName: AWS-RunPowerShellScript runs on Windows instances only");
  }

  @Test
  void theSdkModelsFindTheBugInAwssPatchInStagesExample() throws IOException {
    for (String f : List.of("patch-instance-in-stages.json", "patch-instance-in-stages.yaml")) {
      Path file = AWS_DOCS.resolve(f);
      List<String> lines = Files.readAllLines(file);
      int step = 0;
      while (!(lines.get(step).contains("name")
          && lines.get(step).contains("verifyInstanceStopped"))) {
        step++;
      }
      int line = step;
      while (!lines.get(line).contains("nextStep")) {
        line++;
      }
      line++;
      refused(
          BadRunbookTest.Run.of("runbook", "validate", file.toString()),
          file
              + ":"
              + line
              + ": mainSteps[4] (verifyInstanceStopped).inputs.nextStep: DescribeInstances has no"
              + " input nextStep");
    }
  }

  @Test
  void theAwsExampleWithAScriptIsRefused() {
    Path file = AWS_DOCS.resolve("restore-root-volume-with-script.yaml");
    refused(
        BadRunbookTest.Run.of("runbook", "validate", file.toString()),
        file
            + ":51:"
            + " mainSteps[2] (getSnapshotsByStartTime).action: aws:executeScript runs Python or"
            + " PowerShell");
  }

  @Test
  void validateSummarisesAValidRunbook() {
    BadRunbookTest.Run r = BadRunbookTest.Run.of("runbook", "validate", restart.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            restart
                + ": valid Automation document restart-shop, 4 steps"
                + " (stopService, drain, startService, checkFiles), 3 parameters\n");
  }
}
