package io.ssmflow.simulator.cloudwatch;

import java.util.List;

/** What identifies a metric: region, namespace, name and its (sorted) dimensions. */
record MetricId(String region, String namespace, String name, List<Dimension> dimensions)
    implements Comparable<MetricId> {

  MetricId {
    dimensions = dimensions.stream().sorted().toList();
  }

  @Override
  public int compareTo(MetricId o) {
    int c = namespace.compareTo(o.namespace);
    if (c == 0) {
      c = name.compareTo(o.name);
    }
    if (c == 0) {
      c = dimensions.toString().compareTo(o.dimensions.toString());
    }
    return c != 0 ? c : region.compareTo(o.region);
  }
}
