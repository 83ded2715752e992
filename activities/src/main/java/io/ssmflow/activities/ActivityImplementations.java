package io.ssmflow.activities;

import java.util.List;

/**
 * The activity implementation classes a worker registers; each has one {@code @Inject}
 * constructor, so the worker's injector builds them.
 */
public final class ActivityImplementations {
  private ActivityImplementations() {}

  public static List<Class<?>> classes() {
    return List.of();
  }
}
