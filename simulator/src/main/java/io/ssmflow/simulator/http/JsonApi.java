package io.ssmflow.simulator.http;

import java.util.Map;

/**
 * A service spoken in a JSON-shaped protocol.
 *
 * @param signingName the SigV4 service name in the credential scope (ssm, monitoring)
 * @param targetPrefix the {@code X-Amz-Target} prefix (AmazonSSM, GraniteServiceVersion20100801)
 * @param throttleCode the error code answered when an operation is over its TPS knob
 * @param operations operation name to implementation
 * @param queryCompatible the service has the awsQueryCompatible trait (CloudWatch): errors also
 *     carry the Query error code in {@code x-amzn-query-error}
 */
public record JsonApi(
    String signingName,
    String targetPrefix,
    String throttleCode,
    Map<String, JsonOperation> operations,
    boolean queryCompatible) {

  public JsonApi(
      String signingName,
      String targetPrefix,
      String throttleCode,
      Map<String, JsonOperation> operations) {
    this(signingName, targetPrefix, throttleCode, operations, false);
  }
}
