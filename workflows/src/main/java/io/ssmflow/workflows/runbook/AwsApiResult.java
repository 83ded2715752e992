package io.ssmflow.workflows.runbook;

import java.util.Map;

/**
 * What a runbook keeps of an AWS API response: the selected outputs (never the whole response,
 * so payloads stay small) and, for wait and assert, the selected property as text.
 *
 * @param outputs output name to value, already of the output's Type
 * @param property the selected property (wait, assert), or null
 */
public record AwsApiResult(Map<String, Object> outputs, String property) {
  public AwsApiResult {
    outputs = outputs == null ? Map.of() : outputs;
  }
}
