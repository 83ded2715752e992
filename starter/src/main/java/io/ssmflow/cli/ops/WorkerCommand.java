package io.ssmflow.cli.ops;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.command.push.PushSettings;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Durations;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.HelpOptions;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.TemporalOptions;
import io.ssmflow.worker.SsmflowWorker;
import io.ssmflow.worker.WorkerConfig;
import io.ssmflow.worker.codec.CodecKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow worker}: hosts the workflows and activities on the task queue until SIGTERM or
 * Ctrl-C, then shuts down gracefully. AWS settings come from the environment (AWS_REGION,
 * AWS_PROFILE, AWS_ENDPOINT_URL, keys) or the SDK's default chain.
 */
@Command(name = "worker", description = "Run a worker (until SIGTERM / Ctrl-C).")
public final class WorkerCommand implements Callable<Integer> {
  static final Duration MAX_SHUTDOWN_GRACE = Duration.ofHours(1);
  static final Duration HEALTH_PERIOD = Duration.ofSeconds(10);

  @ParentCommand SsmflowCli cli;
  @Mixin HelpOptions help;
  @Mixin TemporalOptions temporal;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description =
          "How long running activities get to finish on shutdown (at most 1h;"
              + " default: ${DEFAULT-VALUE}).")
  String shutdownGrace;

  @Option(
      names = "--health-file",
      paramLabel = "FILE",
      description =
          "Keep the epoch second of the last passed health check (polling, Temporal"
              + " reachable) in FILE, every 10 s; removed when it fails (for container health"
              + " checks).")
  Path healthFile;

  @Override
  public Integer call() throws InterruptedException {
    WorkerConfig config = temporal.temporal(cli.env());
    Duration grace;
    AwsSettings aws;
    PushSettings push;
    try {
      grace = Durations.parse("shutdown-grace", shutdownGrace, Duration.ZERO, MAX_SHUTDOWN_GRACE);
      aws = AwsSettings.fromEnvironment(cli.env());
      push = PushSettings.fromEnvironment(cli.env());
      if (config.codecKeyFile() != null) {
        CodecKeys.load(config.codecKeyFile()); // a bad key file is one line before connecting
      }
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    if (healthFile != null) {
      Path dir = healthFile.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw CliError.badInput("health-file " + healthFile + ": its directory is not writable");
      }
    }
    TemporalConnection.probe(config.temporalAddress());
    SsmflowWorker worker = create(config, aws, push);
    if (healthFile != null) {
      HealthFile.start(healthFile, worker::healthy, HEALTH_PERIOD, Clock.systemUTC());
    }
    cli.out()
        .println(
            "ssmflow worker on task queue "
                + config.taskQueue()
                + " at "
                + config.temporalAddress()
                + " (namespace "
                + config.namespace()
                + "); Ctrl-C stops it");
    cli.out().flush();
    worker.runUntilStopped(grace);
    return 0;
  }

  /**
   * Builds a worker with completion push as {@code push} says, turning an unreachable Temporal or a
   * push endpoint that cannot listen or subscribe into one line (exit code 2).
   */
  public static SsmflowWorker create(WorkerConfig config, AwsSettings aws, PushSettings push) {
    try {
      return SsmflowWorker.create(config, aws, push);
    } catch (ProvisionException | CreationException e) {
      String reason = Errors.rootMessage(e);
      throw CliError.badInput(
          Errors.grpcCode(e) == null
              ? "cannot start the worker: " + reason
              : "cannot start the worker: cannot reach Temporal at "
                  + config.temporalAddress()
                  + " ("
                  + reason
                  + ")");
    }
  }
}
