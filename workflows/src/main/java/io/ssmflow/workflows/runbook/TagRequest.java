package io.ssmflow.workflows.runbook;

import java.util.List;
import java.util.Map;

/**
 * aws:createTags.
 *
 * @param resourceType EC2, ManagedInstance, MaintenanceWindow or Parameter
 * @param resourceIds the resources (one unless EC2)
 * @param tags key to value, in order
 */
public record TagRequest(String resourceType, List<String> resourceIds, Map<String, String> tags) {
  public TagRequest {
    resourceIds = List.copyOf(resourceIds);
  }
}
