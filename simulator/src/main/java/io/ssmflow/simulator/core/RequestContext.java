package io.ssmflow.simulator.core;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * What an operation may know about its request besides the input: the region taken from the SigV4
 * credential scope, the account, the operation name and a request id.
 */
public record RequestContext(
    String region,
    String accountId,
    String service,
    String operation,
    String requestId,
    InetSocketAddress remote) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final String ACCOUNT_ID = "123456789012";

  public static RequestContext local(String service, String operation) {
    return new RequestContext(
        DEFAULT_REGION, ACCOUNT_ID, service, operation, UUID.randomUUID().toString(), null);
  }

  public String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
  }
}
