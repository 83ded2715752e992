package io.ssmflow.worker;

import java.util.List;

/**
 * The activity implementation instances a worker registers, one per class of {@code
 * ActivityImplementations.classes()}, built by the injector.
 *
 * @param instances the instances, in registration order
 */
public record ActivityInstances(List<Object> instances) {
  public ActivityInstances {
    instances = List.copyOf(instances);
  }
}
