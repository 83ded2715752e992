package io.ssmflow.simulator.ssm.command;

import java.time.Duration;

/**
 * Run Command's own tunables, changeable through {@code POST /_sim/commands/settings}. {@code
 * timeoutScale} compresses delivery timeouts (TimeoutSeconds and command expiry) so a rehearsal or
 * a test does not wait the 30 s minimum; the API still reports the requested values.
 */
final class RunCommandSettings {
  static final double DEFAULT_TIMEOUT_SCALE = 1.0;
  static final int DEFAULT_MAX_COMMANDS = 10_000;
  static final int DEFAULT_MAX_INVOCATIONS = 250_000;
  static final Duration DEFAULT_REBOOT = Duration.ofMillis(300);

  volatile double timeoutScale = DEFAULT_TIMEOUT_SCALE;

  /** Completed commands beyond this many are forgotten, oldest first. */
  volatile int maxCommands = DEFAULT_MAX_COMMANDS;

  /** Completed commands are forgotten while the retained invocations exceed this. */
  volatile int maxInvocations = DEFAULT_MAX_INVOCATIONS;

  /** How long a patch reboot keeps the instance ConnectionLost. */
  volatile Duration rebootDuration = DEFAULT_REBOOT;

  long scaledMillis(long millis) {
    return Math.max(1, Math.round(millis * timeoutScale));
  }

  void reset() {
    timeoutScale = DEFAULT_TIMEOUT_SCALE;
    maxCommands = DEFAULT_MAX_COMMANDS;
    maxInvocations = DEFAULT_MAX_INVOCATIONS;
    rebootDuration = DEFAULT_REBOOT;
  }
}
