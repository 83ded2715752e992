package io.ssmflow.simulator.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ssmflow.simulator.TestSimulator;
import io.ssmflow.simulator.fleet.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Helpers for the EC2 tests: instance lookup, knobs, polling, error checks, sandbox reads. */
final class Ec2TestSupport {
  /** Waiters that poll every 50 ms instead of every 15 s. */
  static final Consumer<WaiterOverrideConfiguration.Builder> FAST_WAITER =
      b ->
          b.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(50)))
              .maxAttempts(100);

  private Ec2TestSupport() {}

  static Instance instance(TestSimulator sim, String name) {
    return sim.simulator().fleet().instanceByIdOrName(name).orElseThrow();
  }

  static void knobs(TestSimulator sim, String json) {
    sim.admin("POST", "/_sim/ec2/knobs", json);
  }

  /** Polls every 20 ms until the condition holds, failing after {@code timeout}. */
  static void eventually(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  /** Runs the call and checks it fails with this EC2 error code; answers the exception. */
  static Ec2Exception ec2Error(String code, ThrowingCallable call) {
    Ec2Exception e = catchThrowableOfType(Ec2Exception.class, call);
    assertThat(e).as("expected EC2 error " + code).isNotNull();
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    return e;
  }

  /** Every regular file under {@code root} (relative path to content). */
  static Map<String, String> files(Path root) {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          out.put(root.relativize(p).toString(), Files.readString(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
