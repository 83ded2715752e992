package io.ssmflow.activities.runbook;

import io.ssmflow.workflows.runbook.doc.ApiCatalog;
import io.ssmflow.workflows.runbook.doc.AwsApis;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The allow-listed AWS operations as the SDK models them: the client method of an operation and its
 * request's input member names (for validating documents before a run starts, and for calling the
 * operation).
 */
public final class AwsApiCatalog implements ApiCatalog {
  private static final Map<String, Class<?>> CLIENTS =
      Map.of(
          "ssm",
          SsmClient.class,
          "ec2",
          Ec2Client.class,
          "sns",
          SnsClient.class,
          "cloudwatch",
          CloudWatchClient.class);
  private final Map<String, Method> methods = new ConcurrentHashMap<>();

  /**
   * The client method of an allowed operation, e.g. {@code Ec2Client.describeInstances(
   * DescribeInstancesRequest)}.
   *
   * @throws IllegalArgumentException when the operation is not allowed or not in the SDK
   */
  Method method(String service, String api) {
    String refusal = AwsApis.refusal(service, api);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    String s = AwsApis.service(service);
    return methods.computeIfAbsent(s + "." + api, k -> find(CLIENTS.get(s), api));
  }

  private static Method find(Class<?> client, String api) {
    String name = Character.toLowerCase(api.charAt(0)) + api.substring(1);
    for (Method m : client.getMethods()) {
      if (m.getName().equals(name)
          && m.getParameterCount() == 1
          && SdkRequest.class.isAssignableFrom(m.getParameterTypes()[0])) {
        return m;
      }
    }
    throw new IllegalArgumentException(api + " is not an operation of " + client.getSimpleName());
  }

  /** A new builder of the operation's request. */
  static Object requestBuilder(Method method) {
    try {
      return method.getParameterTypes()[0].getMethod("builder").invoke(null);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("no builder for " + method.getParameterTypes()[0], e);
    }
  }

  @Override
  public Set<String> inputs(String service, String api) {
    try {
      return Set.copyOf(SdkValues.fields((SdkPojo) requestBuilder(method(service, api))).keySet());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
