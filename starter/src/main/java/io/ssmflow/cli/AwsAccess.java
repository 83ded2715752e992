package io.ssmflow.cli;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The AWS clients of the commands that read or write AWS themselves (params plan, history and push,
 * status --instance), and their errors as one line: an endpoint that does not answer gets a hint
 * naming it and the variable it came from.
 */
public final class AwsAccess {
  static final int PROBE_MILLIS = 3_000;

  private AwsAccess() {}

  /** AWS clients from the environment (AWS_ENDPOINT_URL, AWS_REGION, ...). */
  public static AwsClients clients(Map<String, String> env) {
    try {
      return AwsClients.fromEnvironment(env);
    } catch (IllegalArgumentException | SdkException e) {
      throw CliError.badInput("cannot set up the AWS client: " + Errors.rootMessage(e));
    }
  }

  /**
   * Checks that an endpoint override (the simulator, LocalStack) accepts connections, so a stopped
   * simulator is one line at once instead of after the SDK's retries. Real AWS (no override) is not
   * probed.
   *
   * @param what what the command is about to do, e.g. {@code read Parameter Store}
   */
  public static void probe(String what, Map<String, String> env, AwsSettings.Service service) {
    URI endpoint;
    try {
      endpoint = AwsSettings.fromEnvironment(env).endpointFor(service).orElse(null);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput("cannot set up the AWS client: " + e.getMessage());
    }
    if (endpoint == null || endpoint.getHost() == null) {
      return;
    }
    int port =
        endpoint.getPort() > 0
            ? endpoint.getPort()
            : "https".equals(endpoint.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), PROBE_MILLIS);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliError(
          CliError.BAD_INPUT, "cannot " + what + ": " + unreachableHint(env, service), e);
    }
  }

  /**
   * One line for an AWS error (exit 2).
   *
   * @param what what the command tried, e.g. {@code read Parameter Store}
   * @param service the service called, for the endpoint it used
   */
  public static CliError error(
      String what, SdkException e, Map<String, String> env, AwsSettings.Service service) {
    if (unreachable(e)) {
      return new CliError(
          CliError.BAD_INPUT, "cannot " + what + ": " + unreachableHint(env, service), e);
    }
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      AwsErrorDetails details = aws.awsErrorDetails();
      return new CliError(
          CliError.BAD_INPUT,
          "cannot "
              + what
              + ": "
              + details.errorCode()
              + (details.errorMessage() == null ? "" : " (" + details.errorMessage() + ")"),
          e);
    }
    return new CliError(CliError.BAD_INPUT, "cannot " + what + ": " + Errors.rootMessage(e), e);
  }

  /** Whether the request never reached AWS: refused, unresolvable, unroutable, timed out. */
  static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof java.net.http.HttpConnectTimeoutException) {
        return true;
      }
    }
    return e instanceof SdkClientException
        && String.valueOf(e.getMessage()).contains("Unable to execute HTTP request");
  }

  /**
   * {@code cannot reach the AWS endpoint URL (VARIABLE): is `ssmflow dev` or `ssmflow sim`
   * running?}, or for real AWS, the region and what to check.
   */
  static String unreachableHint(Map<String, String> env, AwsSettings.Service service) {
    AwsSettings settings;
    try {
      settings = AwsSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      return "cannot reach AWS (" + e.getMessage() + ")";
    }
    URI endpoint = settings.endpointFor(service).orElse(null);
    if (endpoint != null) {
      String variable =
          settings.serviceEndpoints().containsKey(service)
              ? service.endpointVariable()
              : "AWS_ENDPOINT_URL";
      return "cannot reach the AWS endpoint "
          + endpoint
          + " ("
          + variable
          + "): is `ssmflow"
          + " dev` or `ssmflow sim` running?";
    }
    return "cannot reach AWS"
        + (settings.region() == null ? "" : " in " + settings.region())
        + ": check the network, proxy and AWS_REGION (or set AWS_ENDPOINT_URL to use the"
        + " simulator)";
  }
}
