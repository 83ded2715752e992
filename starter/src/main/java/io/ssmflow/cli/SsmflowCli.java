package io.ssmflow.cli;

import io.ssmflow.cli.audit.AuditCommand;
import io.ssmflow.cli.codec.CodecServerCommand;
import io.ssmflow.cli.deploy.DeployCommand;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.cli.dev.DemoCommand;
import io.ssmflow.cli.dev.DevCommand;
import io.ssmflow.cli.dev.SimCommand;
import io.ssmflow.cli.ops.ApproveCommand;
import io.ssmflow.cli.ops.CancelCommand;
import io.ssmflow.cli.ops.ListCommand;
import io.ssmflow.cli.ops.PauseResumeCommands;
import io.ssmflow.cli.ops.RejectCommand;
import io.ssmflow.cli.ops.StatusCommand;
import io.ssmflow.cli.ops.WorkerCommand;
import io.ssmflow.cli.params.ParamsCommand;
import io.ssmflow.cli.patch.PatchCommand;
import io.ssmflow.cli.runbook.RunbookCommand;
import io.ssmflow.cli.schedule.ScheduleCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ssmflow} command line. Exit codes: 0 success, 1 a workflow ended unsuccessfully, 2 bad
 * input or an unreachable service (one line on stderr; a stack trace only with --verbose).
 */
@Command(
    name = "ssmflow",
    mixinStandardHelpOptions = true,
    version = "ssmflow 0.1.0",
    description = "Durable AWS Systems Manager fleet operations as Temporal workflows.")
public final class SsmflowCli implements Callable<Integer> {
  private static final Set<String> SERVICES =
      Set.of("dev", "demo", "worker", "sim", "codec-server");

  /** The commands, in the order help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          DevCommand.class,
          DemoCommand.class,
          WorkerCommand.class,
          SimCommand.class,
          DeployCommand.class,
          PatchCommand.class,
          StatusCommand.class,
          ListCommand.class,
          ApproveCommand.class,
          RejectCommand.class,
          CancelCommand.class,
          AuditCommand.class,
          ParamsCommand.class,
          ScheduleCommand.class,
          CodecServerCommand.class,
          PauseResumeCommands.Pause.class,
          PauseResumeCommands.Resume.class,
          HelpCommand.class,
          RunbookCommand.class);

  private final CliContext context;

  SsmflowCli(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, System.getenv(), out, err, System.console() != null);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line; never exits the JVM (tests call this). */
  public static int run(
      String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean terminal) {
    return run(args, env, out, err, terminal, DeploymentWatcher.POLL_INTERVAL);
  }

  static int run(
      String[] args,
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      boolean terminal,
      Duration pollInterval) {
    List<String> argv = Arrays.asList(args);
    boolean verbose = argv.contains("--verbose");
    if (!argv.isEmpty() && SERVICES.contains(argv.get(0))) {
      Logging.service(verbose);
    } else {
      Logging.client(verbose);
    }
    CommandLine cmd = commandLine(new CliContext(env, out, err, pollInterval, terminal), args);
    cmd.setOut(out);
    cmd.setErr(err);
    CliError unknown = UnknownCommands.find(cmd, args);
    if (unknown != null) {
      err.println("ssmflow: " + unknown.getMessage());
      err.flush();
      return unknown.exitCode();
    }
    cmd.setParameterExceptionHandler(
        (e, a) -> {
          err.println(
              "ssmflow: "
                  + e.getMessage()
                  + " (see "
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help)");
          if (verbose) {
            e.printStackTrace(err);
          }
          return CliError.BAD_INPUT;
        });
    cmd.setExecutionExceptionHandler((e, c, parsed) -> failed(e, err, verbose));
    return cmd.execute(args);
  }

  /**
   * The root command line for {@code args}: with only the command their first word names, or with
   * every command when it names none (no command, help, a typo to suggest a name for). Building a
   * command's model reflects over all its options and subcommands; building every command's took
   * about 0.3 s of each cold start, whatever the command run.
   */
  static CommandLine commandLine(CliContext context, String[] args) {
    CommandLine root = new CommandLine(new SsmflowCli(context));
    Class<?> named = named(firstWord(args));
    if (named != null && named != HelpCommand.class) {
      root.addSubcommand(named);
    } else {
      COMMANDS.forEach(root::addSubcommand);
    }
    return root;
  }

  /** The first word that is not an option (the root's options take no value), or null. */
  private static String firstWord(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return null;
      }
      if (!arg.startsWith("-")) {
        return arg;
      }
    }
    return null;
  }

  /** The command whose name or alias is {@code word}, or null. */
  private static Class<?> named(String word) {
    if (word == null) {
      return null;
    }
    for (Class<?> c : COMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Runs one command's logic with its own flags (no root command line, no subcommand word) in
   * {@code context}: how the demo runs deploy, patch, params push, audit and runbook run. Errors
   * end as on the command line: one line on the context's err and the exit code.
   */
  public static int runCommand(CliContext context, CliCommand command, List<String> flags) {
    boolean verbose = flags.contains("--verbose");
    // As on the command line, a client command's stderr is its one error line.
    Logging.client(verbose);
    CommandLine cmd = new CommandLine(command);
    try {
      cmd.parseArgs(flags.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      context
          .err()
          .println(
              "ssmflow: "
                  + e.getMessage()
                  + " (see ssmflow "
                  + cmd.getCommandSpec().qualifiedName()
                  + " --help)");
      context.err().flush();
      return CliError.BAD_INPUT;
    }
    try {
      return command.run(context);
    } catch (Exception e) {
      return failed(e, context.err(), verbose);
    }
  }

  /** The exit code of a command that threw {@code e}, whose one line goes to {@code err}. */
  private static int failed(Exception e, PrintWriter err, boolean verbose) {
    int code = CliError.BAD_INPUT;
    String message;
    if (e instanceof CliError cli) {
      code = cli.exitCode();
      message = cli.getMessage();
    } else if (Errors.codecFailure(e) != null) {
      message = Errors.codecFailure(e).getMessage();
    } else if (Errors.grpcCode(e) == io.grpc.Status.Code.UNAVAILABLE
        || Errors.grpcCode(e) == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
      message = "Temporal did not answer: " + Errors.rootMessage(e);
    } else {
      message = Errors.rootMessage(e);
    }
    err.println("ssmflow: " + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    context.out().print(spec.commandLine().getUsageMessage());
    return CliError.BAD_INPUT;
  }

  /** What the subcommands need from this process: environment, output, poll interval. */
  public CliContext context() {
    return context;
  }

  public Map<String, String> env() {
    return context.env();
  }

  public PrintWriter out() {
    return context.out();
  }

  /** Where loud warnings go (a failed restore), besides the one-line errors. */
  public PrintWriter err() {
    return context.err();
  }

  public Duration pollInterval() {
    return context.pollInterval();
  }

  /** Whether to draw a live progress bar: a terminal and text output. */
  public boolean tty(CommonOptions common) {
    return context.tty(common);
  }
}
