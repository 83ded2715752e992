package io.ssmflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Log levels per kind of command: client commands keep stderr for their one error line; the
 * long-running ones (dev, demo, worker) log ssmflow's INFO lines.
 */
final class Logging {
  private Logging() {}

  static void client(boolean verbose) {
    set(verbose ? Level.WARN : Level.OFF, verbose ? Level.INFO : Level.OFF);
  }

  static void service(boolean verbose) {
    set(verbose ? Level.INFO : Level.WARN, verbose ? Level.DEBUG : Level.INFO);
  }

  private static void set(Level root, Level ssmflow) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(root);
    context.getLogger("io.ssmflow").setLevel(ssmflow);
  }
}
