package io.ssmflow.simulator.ssm.params;

import io.ssmflow.simulator.core.AwsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

  /**
   * Makes room for one more version: past {@link #MAX_VERSIONS} the oldest goes, unless a label
   * holds it.
   */
  void makeRoom() {
    if (versions.size() < MAX_VERSIONS) {
      return;
    }
    ParameterVersion oldest = oldest();
    if (!oldest.labels.isEmpty()) {
      throw new AwsException(
          "ParameterMaxVersionLimitExceeded",
          "You attempted to create a"
              + " new version of "
              + name
              + " by calling the PutParameter API with the"
              + " overwrite flag. Version "
              + oldest.version
              + ", the oldest version, can't be"
              + " deleted because it has a label associated with it. Move the label to another"
              + " version of the parameter, and try again.");
    }
    versions.remove(0);
  }

  /**
   * Attaches {@code labels} to {@code target} (at most 10 a version). A label names one version of
   * a parameter: attaching it here moves it from any other.
   */
  void attach(ParameterVersion target, Collection<String> labels) {
    LinkedHashSet<String> after = new LinkedHashSet<>(target.labels);
    after.addAll(labels);
    if (after.size() > 10) {
      throw new AwsException(
          "ParameterVersionLabelLimitExceeded",
          "A parameter version can"
              + " have maximum 10 labels. Move one or more labels to another version and try"
              + " again.");
    }
    for (ParameterVersion v : versions) {
      if (v != target) {
        v.labels.removeAll(labels);
      }
    }
    target.labels.addAll(labels);
  }

  Optional<ParameterVersion> labelled(String label) {
    for (ParameterVersion v : versions) {
      if (v.labels.contains(label)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /** The latest version that carries any of {@code labels}, or null. */
  ParameterVersion latestWithAnyOf(List<String> labels) {
    for (int i = versions.size() - 1; i >= 0; i--) {
      ParameterVersion v = versions.get(i);
      if (labels.stream().anyMatch(v.labels::contains)) {
        return v;
      }
    }
    return null;
  }
}
