package io.ssmflow.simulator.ssm.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parameter: its kept versions (oldest first, at most {@link #MAX_VERSIONS}) and its tags. Not
 * thread-safe on its own; {@link ParameterStore} guards every access with its lock.
 */
final class StoredParameter {
  static final int MAX_VERSIONS = 100;

  final String name;
  final List<ParameterVersion> versions = new ArrayList<>();
  final Map<String, String> tags = new LinkedHashMap<>();

  StoredParameter(String name) {
    this.name = name;
  }

  ParameterVersion latest() {
    return versions.get(versions.size() - 1);
  }

  ParameterVersion oldest() {
    return versions.get(0);
  }

  Optional<ParameterVersion> version(long number) {
    for (ParameterVersion v : versions) {
      if (v.version == number) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  Optional<ParameterVersion> labelled(String label) {
    for (ParameterVersion v : versions) {
      if (v.labels.contains(label)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
