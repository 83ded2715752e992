package io.ssmflow.activities.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.workflows.runbook.doc.AwsApis;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every allow-listed operation is a real SDK operation, with the inputs the API documents. */
class AwsApiCatalogTest {
  private final AwsApiCatalog catalog = new AwsApiCatalog();

  @Test
  void everyAllowedOperationIsInTheSdk() {
    for (String service : List.of("ssm", "ec2", "sns", "cloudwatch")) {
      for (String api : AwsApis.operations(service)) {
        assertThat(catalog.inputs(service, api)).as(service + " " + api).isNotNull();
      }
    }
  }

  @Test
  void inputsAreTheApisMemberNames() {
    assertThat(catalog.inputs("ec2", "DescribeInstances"))
        .contains("InstanceIds", "Filters", "MaxResults", "NextToken");
    assertThat(catalog.inputs("ssm", "SendCommand"))
        .contains(
            "DocumentName",
            "InstanceIds",
            "Targets",
            "Parameters",
            "MaxConcurrency",
            "MaxErrors",
            "Comment");
    assertThat(catalog.inputs("monitoring", "PutMetricData")).contains("Namespace", "MetricData");
    assertThat(catalog.inputs("ec2", "TerminateInstances")).as("not allowed").isNull();
    assertThat(catalog.inputs("s3", "GetObject")).as("not a service ssmflow calls").isNull();
  }
}
