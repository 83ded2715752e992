package io.ssmflow.activities.runbook;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.runbook.doc.AwsApis;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Calls an allow-listed operation by service and name on the process's shared clients: the request
 * is built from the inputs through the SDK's model metadata, the response answered as maps and
 * lists keyed by the API's member names.
 */
final class AwsApiInvoker {
  private final AwsApiCatalog catalog = new AwsApiCatalog();
  private final Map<String, Object> clients;

  AwsApiInvoker(SsmClient ssm, Ec2Client ec2, SnsClient sns, CloudWatchClient cloudWatch) {
    this.clients =
        Map.of(
            "ssm",
            requireNonNull(ssm, "ssm is null"),
            "ec2",
            requireNonNull(ec2, "ec2 is null"),
            "sns",
            requireNonNull(sns, "sns is null"),
            "cloudwatch",
            requireNonNull(cloudWatch, "cloudWatch is null"));
  }

  /**
   * The response of {@code service}/{@code api} called with {@code inputs}.
   *
   * @throws IllegalArgumentException when the operation is not allowed or an input is wrong
   * @throws software.amazon.awssdk.core.exception.SdkException as the SDK throws it
   */
  Map<String, Object> call(String service, String api, Map<String, Object> inputs) {
    Method method = catalog.method(service, api);
    Object builder = AwsApiCatalog.requestBuilder(method);
    SdkValues.fill(builder, inputs, "");
    Object request = ((SdkBuilder<?, ?>) builder).build();
    try {
      Object response = method.invoke(clients.get(AwsApis.service(service)), request);
      return SdkValues.toMap((SdkPojo) response);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(api + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + api, e);
    }
  }
}
