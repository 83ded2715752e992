package io.ssmflow.activities.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the process reaches AWS (or the simulator, LocalStack, moto), read once from the environment.
 *
 * @param region the region, or null to let the SDK's default chain decide
 * @param profile a named profile from ~/.aws, or null
 * @param endpoint the override for every service ({@code AWS_ENDPOINT_URL}), or null
 * @param serviceEndpoints per-service overrides keyed by {@link Service}, taking precedence over
 *     {@code endpoint}
 * @param staticCredentials access key, secret and optional session token from the environment, or
 *     null
 * @param apiCallTimeout the bound of one API call including its retries
 * @param apiCallAttemptTimeout the bound of one HTTP attempt
 */
public record AwsSettings(
    String region,
    String profile,
    URI endpoint,
    Map<Service, URI> serviceEndpoints,
    StaticKeys staticCredentials,
    Duration apiCallTimeout,
    Duration apiCallAttemptTimeout) {

  /** Region used when an endpoint override is given but no region: the simulator ignores it. */
  public static final String DEFAULT_REGION_FOR_ENDPOINT = "us-east-1";

  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

  /** The services ssmflow talks to, with the suffix of their endpoint variable. */
  public enum Service {
    SSM("SSM"),
    EC2("EC2"),
    SNS("SNS"),
    CLOUDWATCH("CLOUDWATCH");

    private final String envSuffix;

    Service(String envSuffix) {
      this.envSuffix = envSuffix;
    }

    /** The variable the SDK and the AWS CLI read, e.g. {@code AWS_ENDPOINT_URL_SSM}. */
    public String endpointVariable() {
      return "AWS_ENDPOINT_URL_" + envSuffix;
    }
  }

  /** Credentials given as environment variables; {@code toString} never shows the secret. */
  public record StaticKeys(String accessKeyId, String secretAccessKey, String sessionToken) {
    @Override
    public String toString() {
      return "StaticKeys[accessKeyId="
          + accessKeyId
          + ", secretAccessKey=***"
          + (sessionToken == null ? "" : ", sessionToken=***")
          + "]";
    }
  }

  public AwsSettings {
    serviceEndpoints = serviceEndpoints == null ? Map.of() : Map.copyOf(serviceEndpoints);
    apiCallTimeout = apiCallTimeout == null ? DEFAULT_API_CALL_TIMEOUT : apiCallTimeout;
    apiCallAttemptTimeout =
        apiCallAttemptTimeout == null ? DEFAULT_API_CALL_ATTEMPT_TIMEOUT : apiCallAttemptTimeout;
    if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
      throw new IllegalArgumentException(
          "apiCallAttemptTimeout "
              + apiCallAttemptTimeout
              + " exceeds apiCallTimeout "
              + apiCallTimeout);
    }
  }

  /**
   * Reads AWS_REGION (or AWS_DEFAULT_REGION), AWS_PROFILE, AWS_ENDPOINT_URL,
   * AWS_ENDPOINT_URL_{SSM,EC2,SNS,CLOUDWATCH}, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
   * AWS_SESSION_TOKEN. When an endpoint override is set and no region, the region is us-east-1.
   *
   * @throws IllegalArgumentException on an endpoint that is not an absolute http(s) URL
   */
  public static AwsSettings fromEnvironment(Map<String, String> env) {
    URI endpoint = endpoint(env, "AWS_ENDPOINT_URL");
    Map<Service, URI> perService = new java.util.EnumMap<>(Service.class);
    for (Service s : Service.values()) {
      URI uri = endpoint(env, s.endpointVariable());
      if (uri != null) {
        perService.put(s, uri);
      }
    }
    String region =
        value(env, "AWS_REGION")
            .or(() -> value(env, "AWS_DEFAULT_REGION"))
            .orElse(endpoint != null || !perService.isEmpty() ? DEFAULT_REGION_FOR_ENDPOINT : null);
    StaticKeys keys = null;
    Optional<String> accessKey = value(env, "AWS_ACCESS_KEY_ID");
    Optional<String> secret = value(env, "AWS_SECRET_ACCESS_KEY");
    if (accessKey.isPresent() && secret.isPresent()) {
      keys =
          new StaticKeys(
              accessKey.get(), secret.get(), value(env, "AWS_SESSION_TOKEN").orElse(null));
    }
    return new AwsSettings(
        region, value(env, "AWS_PROFILE").orElse(null), endpoint, perService, keys, null, null);
  }

  /** The endpoint override for one service, if any. */
  public Optional<URI> endpointFor(Service service) {
    return Optional.ofNullable(serviceEndpoints.getOrDefault(service, endpoint));
  }

  /** Whether any service talks to something other than real AWS. */
  public boolean hasEndpointOverride() {
    return endpoint != null || !serviceEndpoints.isEmpty();
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static URI endpoint(Map<String, String> env, String name) {
    String v = value(env, name).orElse(null);
    if (v == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a URL: " + v);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an http(s) URL, not " + v);
    }
    return uri;
  }
}
