package io.ssmflow.cli.dev;

import io.ssmflow.simulator.SimulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ssmflow sim [--host 127.0.0.1] [--port 4566] [--fleet FILE] [--state-dir DIR] [--threads
 * N] [--allowed-hosts NAME,...] [--unsafe-host-exec]}: the standalone simulator, with exactly the
 * simulator jar's flags (they are passed to it unchanged).
 */
@Command(
    name = "sim",
    description =
        "Run the fleet simulator alone: [--host 127.0.0.1]"
            + " [--port 4566] [--fleet FILE] [--state-dir DIR] [--threads N] [--allowed-hosts NAME,...]"
            + " [--unsafe-host-exec].")
public final class SimCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    SimulatorMain.main(args.toArray(new String[0]));
    return 0;
  }
}
