package io.ssmflow.workflows.runbook.doc;

import java.util.Set;

/**
 * What the AWS SDK knows about an operation, for validating aws:executeAwsApi inputs before a run
 * starts (the CLI passes one built from the SDK's models; the workflow validates without).
 */
public interface ApiCatalog {
  /**
   * The input member names of an allowed operation, or null when unknown.
   *
   * @param service canonical ({@code ssm}, {@code ec2}, {@code sns}, {@code cloudwatch})
   * @param api e.g. {@code DescribeInstances}
   */
  Set<String> inputs(String service, String api);
}
