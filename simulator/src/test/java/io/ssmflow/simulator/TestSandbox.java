package io.ssmflow.simulator;

import io.ssmflow.simulator.sandbox.Isolation;
import org.junit.jupiter.api.Assumptions;

/**
 * How tests treat shell-mode isolation. Where bubblewrap can isolate commands, tests run them
 * isolated like users do. Where it cannot (a laptop without bwrap), tests that need shell-mode
 * instances pass {@code --unsafe-host-exec} explicitly, as a user would have to, and tests about
 * the sandbox itself are skipped. {@code SSMFLOW_REQUIRE_SANDBOX=1} (CI sets it) turns a missing
 * sandbox into a failure instead.
 */
public final class TestSandbox {
  public static final boolean REQUIRED = "1".equals(System.getenv("SSMFLOW_REQUIRE_SANDBOX"));

  private TestSandbox() {}

  /** True when commands run isolated here. */
  public static boolean isolated() {
    return Isolation.detect(null).available();
  }

  /** The value to give {@code unsafeHostExec}: true only where bubblewrap cannot isolate. */
  public static boolean unsafeHostExecNeeded() {
    Isolation isolation = Isolation.detect(null);
    if (isolation.available()) {
      return false;
    }
    if (REQUIRED) {
      throw new IllegalStateException(
          "SSMFLOW_REQUIRE_SANDBOX=1, but " + isolation.unavailableReason());
    }
    return true;
  }

  /** Skips the calling test unless commands run isolated (a failure when required). */
  public static void assumeIsolated() {
    Isolation isolation = Isolation.detect(null);
    if (!isolation.available() && REQUIRED) {
      throw new AssertionError("SSMFLOW_REQUIRE_SANDBOX=1, but " + isolation.unavailableReason());
    }
    Assumptions.assumeTrue(
        isolation.available(), () -> "no sandbox: " + isolation.unavailableReason());
  }
}
