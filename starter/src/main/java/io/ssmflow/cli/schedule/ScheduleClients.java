package io.ssmflow.cli.schedule;

import io.grpc.Status;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.Errors;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.worker.WorkerConfig;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.function.Supplier;

/**
 * Opens a {@link ScheduleClient} for one command (a seam: tests put a fake behind it) and turns the
 * Schedules API's failures into the CLI's one line.
 */
interface ScheduleClients {
  /** A client and what to close after the command. */
  interface Session extends AutoCloseable {
    ScheduleClient client();

    @Override
    void close();
  }

  String NO_SCHEDULES_API =
      "this Temporal server has no Schedules API (the Java test server"
          + " does not implement it): run `ssmflow dev` with a real Temporal dev server (the"
          + " `temporal` CLI on PATH or tools/temporal-dev/build.sh), or point TEMPORAL_ADDRESS at a"
          + " Temporal cluster (e.g. `docker-compose up -d`)";

  Session open(WorkerConfig config);

  /** The real one: a connection to the configured Temporal frontend. */
  ScheduleClients TEMPORAL =
      config -> {
        TemporalConnection connection = TemporalConnection.open(config);
        // The workflow client's data converter: a payload codec set up there (encryption) applies
        // to the schedule's action arguments too.
        ScheduleClient client =
            ScheduleClient.newInstance(
                connection.stubs(),
                ScheduleClientOptions.newBuilder()
                    .setNamespace(config.namespace())
                    .setDataConverter(connection.client().getOptions().getDataConverter())
                    .build());
        return new Session() {
          @Override
          public ScheduleClient client() {
            return client;
          }

          @Override
          public void close() {
            connection.close();
          }
        };
      };

  /**
   * Runs one Schedules API call; UNIMPLEMENTED (a server without schedules), NOT_FOUND and
   * ALREADY_EXISTS become one line with exit code 2.
   */
  static <T> T call(String scheduleName, Supplier<T> call) {
    try {
      return call.get();
    } catch (ScheduleAlreadyRunningException e) {
      throw CliError.badInput(
          "a schedule named "
              + scheduleName
              + " already exists: change it"
              + " with `ssmflow schedule update` or remove it with `ssmflow schedule delete`");
    } catch (RuntimeException e) {
      if (e instanceof CliError) {
        throw e;
      }
      Status.Code code = Errors.grpcCode(e);
      if (code == Status.Code.UNIMPLEMENTED) {
        throw new CliError(CliError.BAD_INPUT, NO_SCHEDULES_API, e);
      }
      if (code == Status.Code.NOT_FOUND && scheduleName != null) {
        throw new CliError(
            CliError.BAD_INPUT,
            "no schedule named " + scheduleName + " (see `ssmflow schedule list`)",
            e);
      }
      if (code == Status.Code.ALREADY_EXISTS && scheduleName != null) {
        throw new CliError(
            CliError.BAD_INPUT, "a schedule named " + scheduleName + " already exists", e);
      }
      throw e;
    }
  }

  static void run(String scheduleName, Runnable call) {
    call(
        scheduleName,
        () -> {
          call.run();
          return null;
        });
  }
}
