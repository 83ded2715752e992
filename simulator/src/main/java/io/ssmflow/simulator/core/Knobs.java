package io.ssmflow.simulator.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runtime knobs that make the simulator behave like the real service under load: eventual
 * consistency of new commands and invocations, realistic status transitions, slow answers and
 * per-operation TPS limits. Set through {@code POST /_sim/knobs} and the fleet file's {@code
 * knobs:} section, both with the names of {@link #NAMES} ({@code tps.<Operation>} for a TPS limit).
 */
public final class Knobs {
  public static final String INVOCATION_VISIBILITY_DELAY = "invocationVisibilityDelay";
  public static final String LIST_VISIBILITY_DELAY = "listVisibilityDelay";
  public static final String SEND_COMMAND_RESPONSE_DELAY = "sendCommandResponseDelay";
  public static final String PENDING_DURATION = "pendingDuration";
  public static final String TPS_PREFIX = "tps.";

  /** The duration knobs; a TPS limit is {@code tps.<Operation>}. */
  public static final List<String> NAMES =
      List.of(
          INVOCATION_VISIBILITY_DELAY,
          LIST_VISIBILITY_DELAY,
          SEND_COMMAND_RESPONSE_DELAY,
          PENDING_DURATION);

  private static final Duration DEFAULT_PENDING = Duration.ofMillis(50);

  private volatile Duration invocationVisibilityDelay = Duration.ZERO;
  private volatile Duration listVisibilityDelay = Duration.ZERO;
  private volatile Duration sendCommandResponseDelay = Duration.ZERO;
  private volatile Duration pendingDuration = DEFAULT_PENDING;
  private final Map<String, TokenBucket> limits = new ConcurrentHashMap<>();

  /**
   * How long after SendCommand an invocation is unknown to GetCommandInvocation (and absent from
   * ListCommandInvocations).
   */
  public Duration invocationVisibilityDelay() {
    return invocationVisibilityDelay;
  }

  public void invocationVisibilityDelay(Duration delay) {
    this.invocationVisibilityDelay = nonNegative(delay);
  }

  /**
   * How long after SendCommand a command is absent from ListCommands and ListCommandInvocations
   * (the lag of SSM's list views behind its writes).
   */
  public Duration listVisibilityDelay() {
    return listVisibilityDelay;
  }

  public void listVisibilityDelay(Duration delay) {
    this.listVisibilityDelay = nonNegative(delay);
  }

  /**
   * How long SendCommand holds its answer after the command was created and started: the window in
   * which a client that dies has sent a command without learning its id.
   */
  public Duration sendCommandResponseDelay() {
    return sendCommandResponseDelay;
  }

  public void sendCommandResponseDelay(Duration delay) {
    this.sendCommandResponseDelay = nonNegative(delay);
  }

  /** How long an invocation stays Pending before it starts (InProgress). */
  public Duration pendingDuration() {
    return pendingDuration;
  }

  public void pendingDuration(Duration duration) {
    this.pendingDuration = nonNegative(duration);
  }

  /**
   * Sets one knob by name: a duration knob of {@link #NAMES} ({@code 2s}, {@code 250ms}) or {@code
   * tps.<Operation>} (calls per second, 0 removes the limit).
   *
   * @throws IllegalArgumentException naming the knob and what is wrong with the value
   */
  public void set(String name, String value) {
    check(name, value);
    if (name.startsWith(TPS_PREFIX)) {
      tps(name.substring(TPS_PREFIX.length()), Double.parseDouble(value.trim()));
      return;
    }
    Duration d = Durations.parse(value);
    switch (name) {
      case INVOCATION_VISIBILITY_DELAY -> invocationVisibilityDelay(d);
      case LIST_VISIBILITY_DELAY -> listVisibilityDelay(d);
      case SEND_COMMAND_RESPONSE_DELAY -> sendCommandResponseDelay(d);
      case PENDING_DURATION -> pendingDuration(d);
      default -> throw new IllegalStateException(name);
    }
  }

  /** Sets every knob of {@code settings}, after checking them all (none is set on an error). */
  public void setAll(Map<String, String> settings) {
    settings.forEach(Knobs::check);
    settings.forEach(this::set);
  }

  /**
   * Checks a knob setting without applying it.
   *
   * @throws IllegalArgumentException naming the knob and what is wrong with the value
   */
  public static void check(String name, String value) {
    if (name.startsWith(TPS_PREFIX)) {
      if (name.length() == TPS_PREFIX.length()) {
        throw new IllegalArgumentException("knob 'tps.' needs an operation, e.g. tps.SendCommand");
      }
      try {
        double tps = Double.parseDouble(value.trim());
        if (!(tps >= 0) || Double.isInfinite(tps)) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "knob "
                + name
                + " must be a number of calls per"
                + " second (0: no limit), not '"
                + value
                + "'");
      }
      return;
    }
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "unknown knob '" + name + "' (known: " + String.join(", ", NAMES) + ", tps.<Operation>)");
    }
    try {
      Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("knob " + name + ": " + e.getMessage());
    }
  }

  /** Every duration knob's current value in milliseconds, by name. */
  public Map<String, Long> durationsMillis() {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put(INVOCATION_VISIBILITY_DELAY, invocationVisibilityDelay.toMillis());
    out.put(LIST_VISIBILITY_DELAY, listVisibilityDelay.toMillis());
    out.put(SEND_COMMAND_RESPONSE_DELAY, sendCommandResponseDelay.toMillis());
    out.put(PENDING_DURATION, pendingDuration.toMillis());
    return out;
  }

  private static Duration nonNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a knob's duration cannot be negative: " + d);
    }
    return d;
  }

  /** Limits {@code operation} (e.g. {@code SendCommand}) to {@code tps} calls per second. */
  public void tps(String operation, double tps) {
    if (tps <= 0) {
      limits.remove(operation);
    } else {
      limits.put(operation, new TokenBucket(tps));
    }
  }

  public Map<String, Double> tpsLimits() {
    Map<String, Double> out = new java.util.TreeMap<>();
    limits.forEach((op, bucket) -> out.put(op, bucket.rate));
    return out;
  }

  /** True when the call may go ahead; false when it is over the operation's TPS. */
  public boolean tryAcquire(String operation) {
    TokenBucket bucket = limits.get(operation);
    return bucket == null || bucket.tryAcquire();
  }

  public void reset() {
    invocationVisibilityDelay = Duration.ZERO;
    listVisibilityDelay = Duration.ZERO;
    sendCommandResponseDelay = Duration.ZERO;
    pendingDuration = DEFAULT_PENDING;
    limits.clear();
  }

  private static final class TokenBucket {
    private final double rate;
    private double tokens;
    private long last = System.nanoTime();

    TokenBucket(double rate) {
      this.rate = rate;
      this.tokens = Math.max(1, rate);
    }

    synchronized boolean tryAcquire() {
      long now = System.nanoTime();
      tokens = Math.min(Math.max(1, rate), tokens + (now - last) / 1e9 * rate);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }
}
