package io.ssmflow.simulator.ec2;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tags of the EC2 resources the fleet model does not hold tags for (volumes, snapshots,
 * replace-root-volume tasks). Each resource's map is replaced as a whole, so readers always see a
 * consistent copy without locking.
 */
final class TagStore {
  private final Map<String, SortedMap<String, String>> byResource = new ConcurrentHashMap<>();

  Map<String, String> get(String resourceId) {
    SortedMap<String, String> tags = byResource.get(resourceId);
    return tags == null ? Map.of() : tags;
  }

  void putAll(String resourceId, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    byResource.compute(
        resourceId,
        (id, old) -> {
          TreeMap<String, String> next = old == null ? new TreeMap<>() : new TreeMap<>(old);
          next.putAll(tags);
          return Collections.unmodifiableSortedMap(next);
        });
  }

  /** Removes {@code key}, only when its value is {@code value} if that is not null. */
  void remove(String resourceId, String key, String value) {
    byResource.computeIfPresent(
        resourceId,
        (id, old) -> {
          if (!old.containsKey(key) || (value != null && !value.equals(old.get(key)))) {
            return old;
          }
          TreeMap<String, String> next = new TreeMap<>(old);
          next.remove(key);
          return next.isEmpty() ? null : Collections.unmodifiableSortedMap(next);
        });
  }

  void removeAll(String resourceId) {
    byResource.remove(resourceId);
  }

  void clear() {
    byResource.clear();
  }
}
