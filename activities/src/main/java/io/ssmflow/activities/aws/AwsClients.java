package io.ssmflow.activities.aws;

import static java.util.Objects.requireNonNull;

import io.ssmflow.activities.aws.AwsSettings.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The process's four AWS clients (SSM, EC2, SNS, CloudWatch), built once and shared: they are
 * thread-safe and each holds a connection pool. Endpoint overrides are passed to the builders
 * explicitly (not left to the SDK's own reading of AWS_ENDPOINT_URL*), so a settings object built
 * from any map, e.g. a test's, is honoured exactly. Retries use the adaptive mode, whose
 * client-side rate limiter backs off on ThrottlingException instead of failing the call.
 */
public final class AwsClients implements AutoCloseable {
  /** Connections per client: many activities poll concurrently on one worker. */
  static final int MAX_CONNECTIONS = 128;

  private final SsmClient ssm;
  private final Ec2Client ec2;
  private final SnsClient sns;
  private final CloudWatchClient cloudWatch;

  private AwsClients(SsmClient ssm, Ec2Client ec2, SnsClient sns, CloudWatchClient cloudWatch) {
    this.ssm = requireNonNull(ssm, "ssm is null");
    this.ec2 = requireNonNull(ec2, "ec2 is null");
    this.sns = requireNonNull(sns, "sns is null");
    this.cloudWatch = requireNonNull(cloudWatch, "cloudWatch is null");
  }

  /** Builds the clients from environment variables (see {@link AwsSettings#fromEnvironment}). */
  public static AwsClients fromEnvironment(Map<String, String> env) {
    return create(AwsSettings.fromEnvironment(env));
  }

  /** Builds the clients from settings. */
  public static AwsClients create(AwsSettings settings) {
    requireNonNull(settings, "settings is null");
    AwsCredentialsProvider credentials = credentials(settings);
    ClientOverrideConfiguration override =
        ClientOverrideConfiguration.builder()
            .apiCallTimeout(settings.apiCallTimeout())
            .apiCallAttemptTimeout(settings.apiCallAttemptTimeout())
            .retryStrategy(RetryMode.ADAPTIVE_V2)
            .build();
    return new AwsClients(
        configure(SsmClient.builder(), settings, Service.SSM, credentials, override).build(),
        configure(Ec2Client.builder(), settings, Service.EC2, credentials, override).build(),
        configure(SnsClient.builder(), settings, Service.SNS, credentials, override).build(),
        configure(CloudWatchClient.builder(), settings, Service.CLOUDWATCH, credentials, override)
            .build());
  }

  /** Wraps clients built elsewhere (tests); {@link #close()} closes them. */
  public static AwsClients of(
      SsmClient ssm, Ec2Client ec2, SnsClient sns, CloudWatchClient cloudWatch) {
    return new AwsClients(ssm, ec2, sns, cloudWatch);
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
   * Makes one small read on EC2 and one on SSM, so that the SDK's first-call costs (its classes,
   * the credentials, the first connections: about 0.8 s for a fresh process) are paid when the
   * worker starts rather than by the first operation, whose first page of targets would wait for
   * them (bench/RESULTS.md). A failing call (no credentials yet, no permission, no network) is only
   * logged: the first operation reports the real error.
   *
   * @return the problems met, one line each (empty when both calls answered)
   */
  public List<String> warmUp() {
    List<String> problems = new ArrayList<>(2);
    try {
      ec2.describeInstances(r -> r.maxResults(5));
    } catch (RuntimeException e) {
      problems.add("ec2:DescribeInstances: " + e.getMessage());
    }
    try {
      ssm.describeInstanceInformation(r -> r.maxResults(5));
    } catch (RuntimeException e) {
      problems.add("ssm:DescribeInstanceInformation: " + e.getMessage());
    }
    return problems;
  }

  @Override
  public void close() {
    ssm.close();
    ec2.close();
    sns.close();
    cloudWatch.close();
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder,
      AwsSettings settings,
      Service service,
      AwsCredentialsProvider credentials,
      ClientOverrideConfiguration override) {
    builder
        .credentialsProvider(credentials)
        .overrideConfiguration(override)
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(MAX_CONNECTIONS));
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    settings.endpointFor(service).ifPresent(builder::endpointOverride);
    return builder;
  }

  /**
   * Keys from the environment, else the named profile, else (against an endpoint override such as
   * the simulator, which accepts any signature) fixed local keys so that no machine setup is
   * needed, else the SDK's default chain.
   */
  static AwsCredentialsProvider credentials(AwsSettings settings) {
    AwsSettings.StaticKeys keys = settings.staticCredentials();
    if (keys != null) {
      return StaticCredentialsProvider.create(
          keys.sessionToken() == null
              ? AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())
              : AwsSessionCredentials.create(
                  keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken()));
    }
    if (settings.profile() != null) {
      return ProfileCredentialsProvider.create(settings.profile());
    }
    if (settings.hasEndpointOverride()) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("ssmflow", "ssmflow"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
