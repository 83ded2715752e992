package io.ssmflow.cli.schedule;

import io.ssmflow.cli.audit.AuditCommand;
import io.ssmflow.cli.deploy.DeployCommand;
import io.ssmflow.cli.patch.PatchCommand;
import io.ssmflow.cli.runbook.RunbookRunCommand;
import io.ssmflow.workflows.window.WindowTask;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the operation after {@code --} into a window task with the operation's own picocli command,
 * validating every flag and starting nothing. Several operations are separated by further {@code
 * --}; they run one after the other (priority = position), as SSM runs tasks of increasing
 * priority.
 *
 * <p>Hook for more operations: a {@code parseRequest(List)} on the operation's command (see {@link
 * DeployCommand#parseRequest(List)}, built on {@code OperationRequests}), a field in {@code
 * WindowTask}, and a case below.
 */
final class ScheduledOperations {
  static final List<String> SCHEDULABLE = List.of("deploy", "patch", "audit", "runbook run");
  static final List<String> NOT_YET = List.of("params");

  private ScheduledOperations() {}

  /** The tasks of {@code args}: {@code OP FLAGS... [-- OP FLAGS...]...}. */
  static List<WindowTask> parse(List<String> args) {
    if (args == null || args.isEmpty()) {
      throw new IllegalArgumentException(
          "give the operation to run after --, e.g. -- deploy"
              + " --app shop --version 2.0.0 --env production");
    }
    List<List<String>> operations = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : args) {
      if ("--".equals(a)) {
        operations.add(current);
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    operations.add(current);
    List<WindowTask> tasks = new ArrayList<>();
    for (int i = 0; i < operations.size(); i++) {
      tasks.add(task(i, operations.get(i)));
    }
    return tasks;
  }

  /** {@code runbook run FILE FLAGS...}: the file is read now and travels in the schedule. */
  private static io.ssmflow.workflows.runbook.RunbookRequest runbook(List<String> flags) {
    if (flags.isEmpty() || !flags.get(0).equals("run")) {
      throw new IllegalArgumentException(
          "runbook: only `runbook run FILE ...` can be" + " scheduled");
    }
    return RunbookRunCommand.parseRequest(flags.subList(1, flags.size()));
  }

  private static WindowTask task(int index, List<String> op) {
    if (op.isEmpty()) {
      throw new IllegalArgumentException("an empty operation after --");
    }
    String name = op.get(0);
    List<String> flags = op.subList(1, op.size());
    String taskName = (index + 1) + "-" + name;
    return switch (name) {
      case "deploy" -> WindowTask.deploy(taskName, index, DeployCommand.parseRequest(flags));
      case "patch" -> WindowTask.patch(taskName, index, PatchCommand.parseRequest(flags));
      case "audit" -> WindowTask.audit(taskName, index, AuditCommand.parseRequest(flags));
      case "runbook" -> WindowTask.runbook(taskName, index, runbook(flags));
      default ->
          throw new IllegalArgumentException(
              NOT_YET.contains(name)
                  ? "'"
                      + name
                      + "' cannot be scheduled by this build yet (schedulable: "
                      + String.join(", ", SCHEDULABLE)
                      + ")"
                  : "'"
                      + name
                      + "' is not an ssmflow operation that can be scheduled (schedulable: "
                      + String.join(", ", SCHEDULABLE)
                      + ")");
    };
  }
}
