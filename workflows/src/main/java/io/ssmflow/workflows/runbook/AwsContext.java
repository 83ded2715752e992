package io.ssmflow.workflows.runbook;

/**
 * Where the worker calls AWS: {@code global:REGION} and {@code global:AWS_PARTITION}.
 *
 * @param region e.g. us-east-1
 * @param partition aws, aws-cn or aws-us-gov
 */
public record AwsContext(String region, String partition) {}
