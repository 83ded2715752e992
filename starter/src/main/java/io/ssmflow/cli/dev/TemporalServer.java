package io.ssmflow.cli.dev;

import java.util.Optional;

/**
 * The Temporal frontend of {@code ssmflow dev}: the Java test server in this JVM ({@link
 * EmbeddedTemporal}) or a real Temporal dev server in a child process ({@link TemporalProcess}).
 */
public interface TemporalServer extends AutoCloseable {
  /** {@code HOST:PORT}, what {@code TEMPORAL_ADDRESS} should hold. */
  String address();

  /** The frontend port on 127.0.0.1. */
  int port();

  /** The Temporal Web UI's URL, when this server has one. */
  Optional<String> webUi();

  /** One phrase for the startup line, e.g. "the Java test server, in memory". */
  String description();

  /**
   * Whether a worker in another process may use sticky execution: the Java test server never hands
   * a dead worker's sticky workflow tasks back to the shared queue, a real server does.
   */
  boolean stickyExecutionSafe();

  @Override
  void close();
}
