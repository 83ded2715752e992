package io.ssmflow.simulator.fleet;

/** A fleet file that cannot be used: names the source, the line and what is wrong. */
public final class FleetFileException extends RuntimeException {
  public FleetFileException(String source, int line, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem);
  }
}
