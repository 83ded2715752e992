package io.ssmflow.simulator.cloudwatch;

/** A metric dimension; metrics keep theirs sorted by name so that equality ignores order. */
record Dimension(String name, String value) implements Comparable<Dimension> {
  @Override
  public int compareTo(Dimension o) {
    int c = name.compareTo(o.name);
    return c != 0 ? c : value.compareTo(o.value);
  }
}
