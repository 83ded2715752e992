package io.ssmflow.cli.deploy;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.fleet.FleetActivitiesImpl;
import io.ssmflow.activities.params.ParameterActivitiesImpl;
import io.ssmflow.cli.AwsAccess;
import io.ssmflow.cli.CliError;
import io.ssmflow.workflows.alarm.AlarmReading;
import io.ssmflow.workflows.alarm.AlarmState;
import io.ssmflow.workflows.deploy.DeploymentRequest;
import io.ssmflow.workflows.deploy.DeploymentSpec;
import io.ssmflow.workflows.deploy.DeploymentStep;
import io.ssmflow.workflows.deploy.SpecTemplates;
import io.ssmflow.workflows.deploy.TemplateValues;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleet.SkippedInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code deploy --plan}: what the deployment would do, starting nothing (Ansible's check mode,
 * Terraform's plan): the resolved targets, the skipped instances and why, each wave and its
 * instances, every step's commands as they will be sent, the alarms and their states now.
 *
 * @param app the application
 * @param version the version to deploy
 * @param environment the environment
 * @param targets the target spec, described
 * @param previousVersion the version recorded now (null: none)
 * @param eligible the instances that would run
 * @param skipped the instances that would not, with reasons
 * @param maxConcurrency instances in flight at most
 * @param maxErrors errors tolerated over all waves
 * @param waves each wave's instances, in order
 * @param bakeSeconds the bake after each wave (0: none)
 * @param approveAfterWave the wave the approval gate follows (-1: no gate; 0: before wave 1)
 * @param steps the deploy steps, then the health check, as sent
 * @param rollback the rollback step as sent (null: none)
 * @param alarms the gating alarms now
 * @param missingAlarms alarm names that do not exist
 */
public record DeployPlan(
    String app,
    String version,
    String environment,
    String targets,
    String previousVersion,
    List<String> eligible,
    List<SkippedInstance> skipped,
    int maxConcurrency,
    int maxErrors,
    List<List<String>> waves,
    long bakeSeconds,
    int approveAfterWave,
    List<DeploymentStep> steps,
    DeploymentStep rollback,
    List<AlarmState> alarms,
    List<String> missingAlarms) {

  /** Reads AWS (targets, the current version, the alarms) and renders the request's plan. */
  public static DeployPlan of(DeploymentRequest r, Map<String, String> env) {
    String what = "plan the deployment";
    AwsAccess.probe(what, env, AwsSettings.Service.SSM);
    ResolvedTargets targets;
    String previous;
    try (AwsClients aws = AwsAccess.clients(env)) {
      targets =
          FleetActivitiesImpl.outsideActivities(aws.ec2(), aws.ssm()).resolveTargets(r.targets());
      previous =
          new ParameterActivitiesImpl(aws.ssm())
              .getString("/" + r.app() + "/" + r.environment() + "/current-version");
    } catch (SdkException e) {
      throw AwsAccess.error(what, e, env, AwsSettings.Service.SSM);
    }
    DeploymentSpec rendered;
    try {
      rendered =
          SpecTemplates.render(
              r.spec(), new TemplateValues(r.app(), r.version(), r.environment(), previous));
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    List<DeploymentStep> steps = new ArrayList<>(rendered.steps());
    steps.add(rendered.healthCheck());
    int total = targets.eligible().size();
    List<List<String>> waves = r.wavePlan().split(targets.eligible());
    int gate =
        !r.approvalRequired()
            ? -1
            : r.approveAfterWave() > 0
                ? r.approveAfterWave()
                : (r.waves() == null && r.canaryCount() > 0) || waves.size() > 1 ? 1 : 0;
    AlarmReading alarms =
        r.alarms() == null
            ? new AlarmReading(List.of(), List.of(), 0)
            : AlarmPreflight.read(r.alarms(), env);
    return new DeployPlan(
        r.app(),
        r.version(),
        r.environment(),
        r.targets().describe(),
        previous,
        targets.eligible(),
        targets.skipped(),
        total == 0 ? 0 : r.maxConcurrency().concurrencyFor(total),
        r.maxErrors().errorThresholdFor(total),
        waves,
        r.bakeTime().toSeconds(),
        gate,
        steps,
        rendered.rollback(),
        alarms.alarms(),
        alarms.missing());
  }

  /** The plan for a terminal. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("plan: deploy ")
        .append(app)
        .append(' ')
        .append(version)
        .append(" to ")
        .append(environment)
        .append(" (nothing started)\n");
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
    b.append("version  ")
        .append(previousVersion == null ? "none" : previousVersion)
        .append(" -> ")
        .append(version)
        .append('\n');
    b.append("window   MaxConcurrency ")
        .append(maxConcurrency)
        .append(", MaxErrors ")
        .append(maxErrors)
        .append(" over all waves\n");
    if (approveAfterWave == 0) {
      b.append("approval before wave 1\n");
    }
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
      if (approveAfterWave == i + 1) {
        b.append("  approval\n");
      }
    }
    b.append("steps (AWS-RunShellScript, as sent)\n");
    for (DeploymentStep s : steps) {
      step(b, s);
    }
    if (rollback != null) {
      b.append("rollback of a failed instance\n");
      step(b, rollback);
    }
    if (!alarms.isEmpty() || !missingAlarms.isEmpty()) {
      b.append("alarms\n");
      for (AlarmState a : alarms) {
        b.append("  ").append(a.name()).append(' ').append(a.state()).append('\n');
      }
      for (String name : missingAlarms) {
        b.append("  ").append(name).append(" MISSING\n");
      }
    }
    return b.toString();
  }

  private static void step(StringBuilder b, DeploymentStep s) {
    b.append("  ")
        .append(s.name())
        .append(" (timeout ")
        .append(s.timeoutSeconds())
        .append(" s, ")
        .append(s.attempts())
        .append(s.attempts() == 1 ? " attempt" : " attempts")
        .append(")\n");
    for (String line : s.commands()) {
      b.append("    ").append(line).append('\n');
    }
  }
}
