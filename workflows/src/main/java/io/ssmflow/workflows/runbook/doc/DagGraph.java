package io.ssmflow.workflows.runbook.doc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An orchestration's dependency graph: cycles (with their path), the transitive dependencies of a
 * step, and the order in which steps may start.
 */
public final class DagGraph {
  private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();

  /** The graph of {@code steps} (in document order). */
  public DagGraph(List<StepSpec> steps) {
    for (StepSpec s : steps) {
      dependsOn.put(s.name(), s.dependsOn());
    }
  }

  /** The steps {@code name} depends on. */
  public List<String> dependencies(String name) {
    return dependsOn.getOrDefault(name, List.of());
  }

  /** The steps that depend on {@code name} directly. */
  public List<String> dependents(String name) {
    List<String> out = new ArrayList<>();
    dependsOn.forEach(
        (step, deps) -> {
          if (deps.contains(name)) {
            out.add(step);
          }
        });
    return out;
  }

  /** Every step {@code name} depends on, directly or not. */
  public Set<String> ancestors(String name) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(dependencies(name));
    while (!todo.isEmpty()) {
      String d = todo.remove(todo.size() - 1);
      if (seen.add(d)) {
        todo.addAll(dependencies(d));
      }
    }
    return seen;
  }

  /**
   * A cycle as a path that starts and ends at the same step ({@code a, b, c, a}: a depends on b, b
   * on c, c on a), or empty when the graph has none. Unknown dependencies are ignored.
   */
  public List<String> cycle() {
    Map<String, Integer> state = new LinkedHashMap<>();
    for (String start : dependsOn.keySet()) {
      List<String> path = new ArrayList<>();
      List<String> found = visit(start, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private List<String> visit(String node, Map<String, Integer> state, List<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    state.put(node, 1);
    path.add(node);
    for (String d : dependencies(node)) {
      if (dependsOn.containsKey(d)) {
        List<String> found = visit(d, state, path);
        if (!found.isEmpty()) {
          return found;
        }
      }
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
    return List.of();
  }
}
