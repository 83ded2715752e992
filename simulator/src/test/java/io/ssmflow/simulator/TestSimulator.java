package io.ssmflow.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A simulator on a free loopback port with real AWS SDK v2 clients pointed at it, the way every
 * consumer talks to it. Use in try-with-resources or from @BeforeAll/@AfterAll.
 */
public final class TestSimulator implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Simulator simulator;
  private final SsmClient ssm;
  private final Ec2Client ec2;
  private final SnsClient sns;
  private final CloudWatchClient cloudWatch;

  private TestSimulator(Simulator simulator) {
    this.simulator = simulator;
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    var override =
        ClientOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(30))
            .retryStrategy(RetryMode.STANDARD)
            .build();
    URI endpoint = simulator.endpoint();
    this.ssm =
        SsmClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .overrideConfiguration(override)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    this.ec2 =
        Ec2Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .overrideConfiguration(override)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    this.sns =
        SnsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .overrideConfiguration(override)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    this.cloudWatch =
        CloudWatchClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(creds)
            .overrideConfiguration(override)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
  }

  /** Starts a simulator with the given fleet YAML (may be null for an empty fleet). */
  public static TestSimulator start(String fleetYaml) {
    try {
      return new TestSimulator(
          Simulator.start(
              SimulatorConfig.ephemeral(fleetYaml)
                  .withUnsafeHostExec(TestSandbox.unsafeHostExecNeeded())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Simulator simulator() {
    return simulator;
  }

  public URI endpoint() {
    return simulator.endpoint();
  }

  public SsmClient ssm() {
    return ssm;
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public SnsClient sns() {
    return sns;
  }

  public CloudWatchClient cloudWatch() {
    return cloudWatch;
  }

  /**
   * Calls the admin API (with {@code Content-Type: application/json}, which admin POSTs need);
   * answers the JSON body, or throws with the status and body.
   */
  public JsonNode admin(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new AdminError(r.statusCode(), r.body());
      }
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public JsonNode admin(String method, String path) {
    return admin(method, path, null);
  }

  /** A non-2xx admin answer. */
  public static final class AdminError extends RuntimeException {
    public final int status;

    AdminError(int status, String body) {
      super(status + " " + body);
      this.status = status;
    }
  }

  @Override
  public void close() {
    ssm.close();
    ec2.close();
    sns.close();
    cloudWatch.close();
    simulator.close();
  }
}
