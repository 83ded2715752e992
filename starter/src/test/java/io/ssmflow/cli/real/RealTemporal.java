package io.ssmflow.cli.real;

import static org.junit.jupiter.api.Assertions.fail;

import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.dev.DevStack;
import io.ssmflow.cli.dev.TemporalLauncher;
import io.ssmflow.worker.codec.PayloadEncryption;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Temporal server for starter tests: tools/temporal-dev's launcher. Tests that need it are
 * skipped when it is not built, unless {@code SSMFLOW_REQUIRE_TEMPORAL=1} (CI sets it, after
 * building it), which turns a missing launcher into a failure.
 */
final class RealTemporal {
  static final boolean REQUIRED = "1".equals(System.getenv("SSMFLOW_REQUIRE_TEMPORAL"));

  private RealTemporal() {}

  /** The launcher, or the calling test is skipped (see above). */
  static TemporalLauncher launcherOrSkip() {
    Optional<Path> launcher = TemporalLauncher.findLauncher();
    if (launcher.isEmpty()) {
      String why = TemporalLauncher.LAUNCHER_PATH + " is not built (tools/temporal-dev/build.sh)";
      if (REQUIRED) {
        fail(why + ", and SSMFLOW_REQUIRE_TEMPORAL=1 requires the real-server tests");
      }
      Assumptions.abort(why + ": real-server test skipped");
    }
    return TemporalLauncher.launcher(launcher.get());
  }

  /** A dev stack on the launcher: in memory, no Web UI (tests that need one say so). */
  static DevStack.Options options(String fleet, Path state, String taskQueue) {
    return options(
        fleet, state, taskQueue, new DevStack.RealTemporal(launcherOrSkip(), null, 0, null));
  }

  static DevStack.Options options(
      String fleet, Path state, String taskQueue, DevStack.RealTemporal real) {
    return new DevStack.Options(0, 0, null, fleet, state, "default", taskQueue)
        .withRealTemporal(real);
  }

  /** A client of the stack's Temporal that reads its encrypted payloads. */
  static Clients clients(DevStack stack) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporal().address()).build(),
            Duration.ofSeconds(10));
    var converter = PayloadEncryption.dataConverter(stack.workerConfig().codecKeyFile());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(stack.workerConfig().namespace())
                .setDataConverter(converter)
                .build());
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            stubs,
            ScheduleClientOptions.newBuilder()
                .setNamespace(stack.workerConfig().namespace())
                .setDataConverter(converter)
                .build());
    return new Clients(stubs, client, schedules);
  }

  record Clients(WorkflowServiceStubs stubs, WorkflowClient workflows, ScheduleClient schedules)
      implements AutoCloseable {
    @Override
    public void close() {
      stubs.shutdownNow();
    }
  }

  /** One in-process run of the CLI. */
  record Cli(int exit, String out, String err) {
    static Cli run(Map<String, String> env, String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          SsmflowCli.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), false);
      return new Cli(exit, out.toString(), err.toString());
    }

    static Cli run(Map<String, String> env, List<String> args) {
      return run(env, args.toArray(new String[0]));
    }

    /** Asserts exit code 0 and returns the run. */
    Cli ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
      }
      return this;
    }
  }
}
