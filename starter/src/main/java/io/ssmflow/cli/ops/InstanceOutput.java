package io.ssmflow.cli.ops;

import com.google.protobuf.Timestamp;
import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.cli.AwsAccess;
import io.ssmflow.cli.CliError;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * {@code status ID --instance I}: the full output (what GetCommandInvocation returns: 24,000
 * characters of stdout, 8,000 of stderr) of every ssmflow command that instance received while the
 * workflow ran, read straight from SSM. Workflow results quote only the tail of a failed command's
 * output (history stays small); this shows the rest. Commands are found by instance and time
 * (ListCommands), marked as ssmflow's by their {@code ssmflow:} comment; each shows its label, so
 * another ssmflow run on the same instance at the same time is told apart.
 */
final class InstanceOutput {
  static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

  /** Clock skew between Temporal and SSM. */
  static final Duration SLACK = Duration.ofMinutes(1);

  /** ListCommands pages read at most (50 commands each). */
  static final int MAX_PAGES = 40;

  private static final String MARK = "ssmflow:";

  /** One command on the instance: what ran, how it ended, its output per step. */
  record Entry(
      String commandId,
      String label,
      String document,
      String requested,
      String status,
      List<Step> steps) {}

  /** A step (plugin) of a command: status, exit code, stdout, stderr. */
  record Step(String name, String status, int exitCode, String stdout, String stderr) {}

  private InstanceOutput() {}

  static void checkInstanceId(String instanceId) {
    if (!INSTANCE_ID.matcher(instanceId).matches()) {
      throw CliError.badInput(
          "--instance must be an instance id such as i-0123456789abcdef0,"
              + " not '"
              + instanceId
              + "'");
    }
  }

  /** The commands of the instance while the workflow ran, oldest first. */
  static List<Entry> read(Map<String, String> env, WorkflowExecutionInfo info, String instanceId) {
    Instant from = instant(info.getStartTime()).minus(SLACK);
    Instant to = info.hasCloseTime() ? instant(info.getCloseTime()).plus(SLACK) : Instant.MAX;
    String what = "read the commands of " + instanceId;
    AwsAccess.probe(what, env, AwsSettings.Service.SSM);
    try (AwsClients aws = AwsAccess.clients(env)) {
      SsmClient ssm = aws.ssm();
      List<Command> commands = new ArrayList<>();
      String token = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        String next = token;
        var response =
            ssm.listCommands(b -> b.instanceId(instanceId).maxResults(50).nextToken(next));
        for (Command c : response.commands()) {
          Instant at = c.requestedDateTime();
          if (at != null
              && !at.isBefore(from)
              && !at.isAfter(to)
              && c.comment() != null
              && c.comment().startsWith(MARK)) {
            commands.add(c);
          }
        }
        token = response.nextToken();
        if (token == null) {
          break;
        }
      }
      commands.sort(Comparator.comparing(Command::requestedDateTime));
      List<Entry> entries = new ArrayList<>();
      for (Command c : commands) {
        entries.add(entry(ssm, c, instanceId));
      }
      return entries;
    } catch (SdkException e) {
      throw AwsAccess.error(what, e, env, AwsSettings.Service.SSM);
    }
  }

  private static Entry entry(SsmClient ssm, Command c, String instanceId) {
    List<CommandInvocation> invocations =
        ssm.listCommandInvocations(
                b -> b.commandId(c.commandId()).instanceId(instanceId).details(true))
            .commandInvocations();
    List<Step> steps = new ArrayList<>();
    String status = c.statusAsString();
    if (!invocations.isEmpty()) {
      CommandInvocation inv = invocations.get(0);
      status = inv.statusAsString();
      for (CommandPlugin p : inv.commandPlugins()) {
        if ("Skipped".equals(p.statusDetails())) {
          continue;
        }
        steps.add(step(ssm, c.commandId(), instanceId, p));
      }
    }
    String label = c.comment().substring(MARK.length()).replaceFirst("^[0-9a-f]+\\s*", "");
    return new Entry(
        c.commandId(),
        label,
        c.documentName(),
        String.valueOf(c.requestedDateTime()),
        status,
        steps);
  }

  /** The step's full output; the plugin's combined 2,500 characters if SSM will not say more. */
  private static Step step(SsmClient ssm, String commandId, String instanceId, CommandPlugin p) {
    try {
      GetCommandInvocationResponse r =
          ssm.getCommandInvocation(
              b -> b.commandId(commandId).instanceId(instanceId).pluginName(p.name()));
      return new Step(
          p.name(),
          r.statusAsString(),
          r.responseCode() == null ? -1 : r.responseCode(),
          nonNull(r.standardOutputContent()),
          nonNull(r.standardErrorContent()));
    } catch (SsmException e) {
      return new Step(
          p.name(),
          p.statusAsString(),
          p.responseCode() == null ? -1 : p.responseCode(),
          nonNull(p.output()),
          "");
    }
  }

  /** The entries as text: one header per command, then each step's stdout and stderr whole. */
  static String text(String workflowId, String instanceId, List<Entry> entries) {
    StringBuilder b = new StringBuilder();
    if (entries.isEmpty()) {
      return workflowId + ": no ssmflow command ran on " + instanceId + " while it ran\n";
    }
    b.append(workflowId)
        .append(": ")
        .append(entries.size())
        .append(" command")
        .append(entries.size() == 1 ? "" : "s")
        .append(" on ")
        .append(instanceId)
        .append('\n');
    for (Entry e : entries) {
      b.append("\n== ")
          .append(e.requested())
          .append("  ")
          .append(e.label().isEmpty() ? e.document() : e.label())
          .append("  (")
          .append(e.commandId())
          .append(", ")
          .append(e.status())
          .append(")\n");
      for (Step s : e.steps()) {
        b.append("-- ")
            .append(s.name())
            .append(": ")
            .append(s.status())
            .append(s.exitCode() >= 0 ? ", exit " + s.exitCode() : "")
            .append('\n');
        section(b, "stdout", s.stdout());
        section(b, "stderr", s.stderr());
      }
    }
    return b.toString();
  }

  static Map<String, Object> json(String workflowId, String instanceId, List<Entry> entries) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("workflowId", workflowId);
    doc.put("instanceId", instanceId);
    doc.put("commands", entries);
    return doc;
  }

  private static void section(StringBuilder b, String name, String text) {
    if (text.isEmpty()) {
      return;
    }
    b.append("--- ").append(name).append(" ---\n").append(text);
    if (!text.endsWith("\n")) {
      b.append('\n');
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
