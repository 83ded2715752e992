package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.runbook.doc.OutputSpec;
import java.util.List;
import java.util.Map;

/**
 * One allow-listed AWS API call of a runbook step, with what to select from the response.
 *
 * @param service ssm, ec2, sns or cloudwatch
 * @param api the operation, e.g. {@code DescribeInstances}
 * @param inputs the operation's inputs by member name (rendered)
 * @param outputs the step outputs to select (aws:executeAwsApi), may be empty
 * @param propertySelector the property to compare (wait, assert), or null
 * @param desiredValues the values the property may have (wait, assert), or empty
 * @param timeoutSeconds how long a wait may poll
 */
public record AwsApiCall(
    String service,
    String api,
    Map<String, Object> inputs,
    List<OutputSpec> outputs,
    String propertySelector,
    List<String> desiredValues,
    int timeoutSeconds) {
  public AwsApiCall {
    inputs = inputs == null ? Map.of() : inputs;
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    desiredValues = desiredValues == null ? List.of() : List.copyOf(desiredValues);
  }
}
