package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.TestSimulator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class GetParameterTest {
  private static TestSimulator sim;
  private static SsmClient ssm;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(null);
    ssm = sim.ssm();
    ssm.putParameter(
        b -> b.name("/get/app/db_password").type(ParameterType.SECURE_STRING).value("hunter2-v1"));
    ssm.putParameter(b -> b.name("/get/app/db_password").value("hunter2-v2").overwrite(true));
    ssm.putParameter(b -> b.name("/get/app/db_password").value("hunter2-v3").overwrite(true));
    ssm.labelParameterVersion(
        b -> b.name("/get/app/db_password").parameterVersion(2L).labels("prod"));
    ssm.putParameter(b -> b.name("/get/app/hosts").type(ParameterType.STRING_LIST).value("a,b,c"));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static Parameter get(String name, boolean decrypt) {
    return ssm.getParameter(b -> b.name(name).withDecryption(decrypt)).parameter();
  }

  @Test
  void answersTheLatestVersion() {
    Parameter p = get("/get/app/db_password", true);
    assertThat(p.name()).isEqualTo("/get/app/db_password");
    assertThat(p.value()).isEqualTo("hunter2-v3");
    assertThat(p.version()).isEqualTo(3L);
    assertThat(p.selector()).isNull();
    assertThat(p.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(get("/get/app/hosts", false).value()).isEqualTo("a,b,c");
  }

  @Test
  void selectsAVersionOrALabel() {
    Parameter v1 = get("/get/app/db_password:1", true);
    assertThat(v1.value()).isEqualTo("hunter2-v1");
    assertThat(v1.version()).isEqualTo(1L);
    assertThat(v1.selector()).isEqualTo(":1");
    assertThat(v1.name()).isEqualTo("/get/app/db_password");
    Parameter prod = get("/get/app/db_password:prod", true);
    assertThat(prod.value()).isEqualTo("hunter2-v2");
    assertThat(prod.selector()).isEqualTo(":prod");
  }

  @Test
  void acceptsTheParameterArn() {
    Parameter p = get("arn:aws:ssm:us-east-1:123456789012:parameter/get/app/hosts", false);
    assertThat(p.name()).isEqualTo("/get/app/hosts");
    assertThat(p.arn()).isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/get/app/hosts");
  }

  @Test
  void secureStringWithoutDecryptionIsAnOpaqueStableBlob() {
    Parameter sealed = get("/get/app/db_password", false);
    assertThat(sealed.value()).startsWith("AQICAH").doesNotContain("hunter2");
    String decoded =
        new String(Base64.getDecoder().decode(sealed.value()), StandardCharsets.ISO_8859_1);
    assertThat(decoded).doesNotContain("hunter2");
    assertThat(get("/get/app/db_password", false).value()).isEqualTo(sealed.value());
    assertThat(get("/get/app/db_password:1", false).value()).isNotEqualTo(sealed.value());
    // WithDecryption is ignored for String and StringList.
    assertThat(get("/get/app/hosts", false).value()).isEqualTo("a,b,c");
  }

  @Test
  void unknownNameIsParameterNotFound() {
    assertThatThrownBy(() -> get("/get/app/missing", false))
        .isInstanceOf(ParameterNotFoundException.class)
        .hasMessageContaining("Parameter /get/app/missing not found.");
  }

  @Test
  void unknownVersionIsParameterVersionNotFound() {
    assertThatThrownBy(() -> get("/get/app/db_password:9", false))
        .isInstanceOf(ParameterVersionNotFoundException.class)
        .hasMessageContaining("could not find version 9 of /get/app/db_password");
  }

  @Test
  void unknownLabelIsParameterNotFound() {
    assertThatThrownBy(() -> get("/get/app/db_password:staging", false))
        .isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void getParametersAnswersFoundAndInvalidNames() {
    GetParametersResponse r =
        ssm.getParameters(
            b ->
                b.names(
                        "/get/app/hosts",
                        "/get/app/db_password:1",
                        "/get/app/nope",
                        "/get/app/db_password:42",
                        "/get/app/hosts")
                    .withDecryption(true));
    assertThat(r.parameters())
        .extracting(Parameter::name, Parameter::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/get/app/hosts", "a,b,c"),
            org.assertj.core.groups.Tuple.tuple("/get/app/db_password", "hunter2-v1"));
    assertThat(r.parameters().get(1).selector()).isEqualTo(":1");
    assertThat(r.invalidParameters()).containsExactly("/get/app/nope", "/get/app/db_password:42");
  }

  @Test
  void getParametersTakesAtMostTenNames() {
    String[] names = new String[11];
    for (int i = 0; i < names.length; i++) {
      names[i] = "/get/many/p" + i;
    }
    assertThatThrownBy(() -> ssm.getParameters(b -> b.names(names)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Member must have length less than or equal to 10");
  }

  @Test
  void getParametersWithoutDecryptionHidesSecureValues() {
    GetParametersResponse r = ssm.getParameters(b -> b.names("/get/app/db_password"));
    assertThat(r.parameters().get(0).value()).doesNotContain("hunter2");
  }
}
