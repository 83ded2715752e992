package io.ssmflow.cli.patch;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.fleet.FleetActivitiesImpl;
import io.ssmflow.cli.AwsAccess;
import io.ssmflow.cli.deploy.AlarmPreflight;
import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import io.ssmflow.workflows.patch.PatchOperation;
import io.ssmflow.workflows.patch.PatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code patch --plan}: what the run would do, starting nothing: the resolved targets, the skipped
 * instances and why, the window, each step per instance as it will be sent, and the alarms with
 * their states now (docs/waves.md).
 *
 * @param operation Install or Scan
 * @param targets the target spec, described
 * @param eligible the instances that would run
 * @param skipped the instances that would not, with reasons
 * @param maxConcurrency instances in flight at most
 * @param maxErrors errors tolerated
 * @param waves each wave's instances, in order (one wave without a plan)
 * @param bakeSeconds the bake after each wave (0: none)
 * @param steps each step, in order, as sent (one line each)
 * @param onFailure what undoes a failed instance, in order
 * @param alarms the gating alarms now
 * @param missingAlarms alarm names that do not exist
 */
public record PatchPlan(
    String operation,
    String targets,
    List<String> eligible,
    List<SkippedInstance> skipped,
    int maxConcurrency,
    int maxErrors,
    List<List<String>> waves,
    long bakeSeconds,
    List<String> steps,
    List<String> onFailure,
    List<AlarmState> alarms,
    List<String> missingAlarms) {

  /** Reads AWS (targets, the alarms) and lays out the request's plan. */
  public static PatchPlan of(PatchRequest r, Map<String, String> env) {
    String what = "plan the patch run";
    AwsAccess.probe(what, env, AwsSettings.Service.SSM);
    ResolvedTargets targets;
    try (AwsClients aws = AwsAccess.clients(env)) {
      targets =
          FleetActivitiesImpl.outsideActivities(aws.ec2(), aws.ssm()).resolveTargets(r.targets());
    } catch (SdkException e) {
      throw AwsAccess.error(what, e, env, AwsSettings.Service.SSM);
    }
    int total = targets.eligible().size();
    List<String> steps = new ArrayList<>();
    List<String> undo = new ArrayList<>();
    boolean install = r.operation() == PatchOperation.INSTALL;
    if (install && !r.healthCommands().isEmpty()) {
      steps.add(
          "health-check (AWS-RunShellScript, every instance first): "
              + String.join(" && ", r.healthCommands()));
    }
    if (install) {
      steps.add("snapshot: CreateSnapshot of every volume, right before the instance's install");
    }
    steps.add(
        "AWS-RunPatchBaseline Operation="
            + r.operation().awsName()
            + (install
                ? " RebootOption="
                    + r.rebootOption().awsName()
                    + " SnapshotId=(one baseline id for the run)"
                : ""));
    if (install && !r.validationCommands().isEmpty()) {
      steps.add("validate (AWS-RunShellScript): " + String.join(" && ", r.validationCommands()));
    }
    if (install) {
      undo.add("restore: CreateReplaceRootVolumeTask from the instance's own snapshot");
      if (!r.validationCommands().isEmpty()) {
        undo.add("revalidate (AWS-RunShellScript): " + String.join(" && ", r.validationCommands()));
      }
    }
    AlarmReading alarms =
        r.alarms() == null
            ? new AlarmReading(List.of(), List.of(), 0)
            : AlarmPreflight.read(r.alarms(), env);
    return new PatchPlan(
        r.operation().awsName(),
        r.targets().describe(),
        targets.eligible(),
        targets.skipped(),
        total == 0 ? 0 : r.maxConcurrency().concurrencyFor(total),
        r.maxErrors().errorThresholdFor(total),
        r.waves() == null ? List.of(targets.eligible()) : r.waves().split(targets.eligible()),
        r.bake() == null ? 0 : r.bake().toSeconds(),
        steps,
        undo,
        alarms.alarms(),
        alarms.missing());
  }

  /** The plan for a terminal. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("plan: patch ").append(operation).append(" (nothing started)\n");
    b.append("targets  ")
        .append(targets)
        .append(": ")
        .append(eligible.size())
        .append(" eligible, ")
        .append(skipped.size())
        .append(" skipped\n");
    for (SkippedInstance s : skipped) {
      b.append("  skipped ").append(s.instanceId()).append(' ').append(s.reason()).append('\n');
    }
    b.append("window   MaxConcurrency ")
        .append(maxConcurrency)
        .append(", MaxErrors ")
        .append(maxErrors)
        .append('\n');
    for (int i = 0; i < waves.size(); i++) {
      b.append("wave ")
          .append(i + 1)
          .append(" (")
          .append(waves.get(i).size())
          .append("): ")
          .append(String.join(" ", waves.get(i)))
          .append('\n');
      if (bakeSeconds > 0) {
        b.append("  bake ").append(bakeSeconds).append(" s\n");
      }
    }
    b.append("steps\n");
    steps.forEach(s -> b.append("  ").append(s).append('\n'));
    if (!onFailure.isEmpty()) {
      b.append("a failed instance\n");
      onFailure.forEach(s -> b.append("  ").append(s).append('\n'));
    }
    if (!alarms.isEmpty() || !missingAlarms.isEmpty()) {
      b.append("alarms\n");
      alarms.forEach(
          a -> b.append("  ").append(a.name()).append(' ').append(a.state()).append('\n'));
      missingAlarms.forEach(n -> b.append("  ").append(n).append(" MISSING\n"));
    }
    return b.toString();
  }
}
