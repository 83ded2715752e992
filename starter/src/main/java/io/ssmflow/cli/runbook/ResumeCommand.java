package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.ops.Decision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow runbook resume ID}: SSM's Resume signal for an aws:pause step. */
@Command(name = "resume", description = "Resume a runbook paused at an aws:pause step.")
public final class ResumeCommand implements Callable<Integer> {
  @ParentCommand RunbookCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "ID", description = "The run's workflow id.")
  String workflowId;

  @Option(names = "--reason", description = "Why (kept in history).")
  String reason;

  @Override
  public Integer call() {
    return Decision.send(parent.cli(), common, workflowId, reason, "resume");
  }
}
