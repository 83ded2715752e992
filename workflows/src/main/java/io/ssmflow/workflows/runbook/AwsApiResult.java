package io.ssmflow.workflows.runbook;

import java.util.Map;

/**
 * What a runbook keeps of an AWS API response: the selected outputs (never the whole response, so
 * payloads stay small) and, for wait and assert, the selected property.
 *
 * @param outputs output name to value, already of the output's Type
 * @param property the selected property as text (wait, assert; a Boolean as True or False, as SSM
 *     writes it), or null when the selector found nothing
 * @param matched whether the property has one of the desired values (wait, assert)
 */
public record AwsApiResult(Map<String, Object> outputs, String property, boolean matched) {
  public AwsApiResult {
    outputs = outputs == null ? Map.of() : outputs;
  }
}
