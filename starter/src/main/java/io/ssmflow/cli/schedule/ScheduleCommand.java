package io.ssmflow.cli.schedule;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.SsmflowCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ssmflow schedule}: maintenance windows as Temporal schedules. Each schedule's action
 * starts a MaintenanceWindowWorkflow on the task queue; the Temporal Web UI's Schedules view shows
 * them. Needs a full Temporal server (the embedded test server has no Schedules API).
 */
@Command(
    name = "schedule",
    description = "Maintenance windows on Temporal schedules (needs a" + " full Temporal server).",
    subcommands = {
      CreateScheduleCommand.class,
      ScheduleListCommand.class,
      DescribeScheduleCommand.class,
      ScheduleControlCommands.Pause.class,
      ScheduleControlCommands.Unpause.class,
      ScheduleControlCommands.Trigger.class,
      UpdateScheduleCommand.class,
      ScheduleControlCommands.Delete.class
    })
public final class ScheduleCommand implements Callable<Integer> {
  /** Where schedule clients come from; tests replace it with a fake. */
  static ScheduleClients clients = ScheduleClients.TEMPORAL;

  @ParentCommand SsmflowCli cli;
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help.")
  boolean help;

  @Override
  public Integer call() {
    cli.out().print(spec.commandLine().getUsageMessage());
    return CliError.BAD_INPUT;
  }

  SsmflowCli cli() {
    return cli;
  }
}
