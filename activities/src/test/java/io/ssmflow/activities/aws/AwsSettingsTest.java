package io.ssmflow.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.activities.aws.AwsSettings.Service;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading AWS settings from environment variables. */
class AwsSettingsTest {
  @Test
  void nothingSetLeavesEverythingToTheSdk() {
    AwsSettings s = AwsSettings.fromEnvironment(Map.of());

    assertThat(s.region()).isNull();
    assertThat(s.profile()).isNull();
    assertThat(s.hasEndpointOverride()).isFalse();
    assertThat(s.endpointFor(Service.SSM)).isEmpty();
    assertThat(s.staticCredentials()).isNull();
    assertThat(s.apiCallTimeout()).isEqualTo(AwsSettings.DEFAULT_API_CALL_TIMEOUT);
    assertThat(s.apiCallAttemptTimeout()).isEqualTo(AwsSettings.DEFAULT_API_CALL_ATTEMPT_TIMEOUT);
  }

  @Test
  void anEndpointOverrideWithoutRegionUsesUsEast1() {
    AwsSettings s =
        AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));

    assertThat(s.region()).isEqualTo("us-east-1");
    for (Service service : Service.values()) {
      assertThat(s.endpointFor(service)).contains(URI.create("http://127.0.0.1:4566"));
    }
  }

  @Test
  void serviceEndpointsWinOverTheGeneralOneAndRegionIsKept() {
    AwsSettings s =
        AwsSettings.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:4599",
                "AWS_REGION", "eu-west-1",
                "AWS_PROFILE", "ops"));

    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.profile()).isEqualTo("ops");
    assertThat(s.endpointFor(Service.CLOUDWATCH)).contains(URI.create("http://127.0.0.1:4599"));
    assertThat(s.endpointFor(Service.EC2)).contains(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void badEndpointsAreOneClearError() {
    assertThatThrownBy(
            () -> AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_SSM", "localhost:4566")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AWS_ENDPOINT_URL_SSM must be an http(s) URL, not localhost:4566");
  }

  @Test
  void secretsNeverShowInToString() {
    AwsSettings s =
        AwsSettings.fromEnvironment(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                "very-secret",
                "AWS_SESSION_TOKEN",
                "token-secret"));

    assertThat(s.staticCredentials().secretAccessKey()).isEqualTo("very-secret");
    assertThat(s.toString())
        .contains("AKIAEXAMPLE")
        .doesNotContain("very-secret")
        .doesNotContain("token-secret");
  }
}
