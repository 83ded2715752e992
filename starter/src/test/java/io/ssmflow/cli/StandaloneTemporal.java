package io.ssmflow.cli;

import io.ssmflow.cli.dev.EmbeddedTemporal;
import java.util.concurrent.CountDownLatch;

/**
 * Test-only main: the embedded Temporal test server alone, in its own JVM, on a loopback port
 * ({@code args[0]}, default 0: a free one). Prints {@code temporal ready 127.0.0.1:PORT} once it
 * serves, then runs until killed. {@link WorkerCrashTest} starts it as a separate process.
 */
public final class StandaloneTemporal {
  private StandaloneTemporal() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EmbeddedTemporal temporal = EmbeddedTemporal.start(port, "default");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  temporal.close();
                  stop.countDown();
                },
                "temporal-shutdown"));
    System.out.println("temporal ready " + temporal.address());
    System.out.flush();
    stop.await();
  }
}
