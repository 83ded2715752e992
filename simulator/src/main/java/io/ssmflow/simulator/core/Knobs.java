package io.ssmflow.simulator.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runtime knobs that make the simulator behave like the real service under load: eventual
 * consistency of new invocations, realistic status transitions, and per-operation TPS limits.
 */
public final class Knobs {
  private volatile Duration invocationVisibilityDelay = Duration.ZERO;
  private volatile Duration pendingDuration = Duration.ofMillis(50);
  private final Map<String, TokenBucket> limits = new ConcurrentHashMap<>();

  /** How long after SendCommand an invocation is unknown to GetCommandInvocation. */
  public Duration invocationVisibilityDelay() {
    return invocationVisibilityDelay;
  }

  public void invocationVisibilityDelay(Duration delay) {
    this.invocationVisibilityDelay = delay;
  }

  /** How long an invocation stays Pending before it starts (InProgress). */
  public Duration pendingDuration() {
    return pendingDuration;
  }

  public void pendingDuration(Duration duration) {
    this.pendingDuration = duration;
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
    pendingDuration = Duration.ofMillis(50);
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
