package io.ssmflow.workflows.runbook.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.workflows.runbook.RunbookFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSONPath examples of the AWS documentation (automation-action-outputs-inputs). */
class JsonPathTest {
  private final Object response = RunbookFiles.tree("describe-instances-response.json");

  private Object select(String path) {
    return JsonPath.parse(path).select(response);
  }

  @Test
  void aStringAtADefinitePath() {
    assertThat(select("$.Reservations[0].Instances[0].ImageId")).isEqualTo("ami-12345678");
  }

  @Test
  void aBooleanAndAnInteger() {
    assertThat(
            select(
                "$.Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs"
                    + ".DeleteOnTermination"))
        .isEqualTo(true);
    assertThat(select("$.Reservations[0].Instances[0].State.Code")).isEqualTo(16);
  }

  @Test
  void deepScansCollectEveryMatchInDocumentOrder() {
    assertThat(select("$.Reservations..BlockDeviceMappings..VolumeId"))
        .isEqualTo(List.of("vol-000000000000", "vol-111111111111"));
    assertThat(select("$.Reservations..Instances..State"))
        .isEqualTo(
            List.of(Map.of("Code", 16, "Name", "running"), Map.of("Code", 80, "Name", "stopped")));
  }

  @Test
  void aMapSelectedWhole() {
    Object m = select("$.Reservations[0].Instances[0].BlockDeviceMappings[0]");
    assertThat(Values.coerce(m, ParamType.STRING_MAP))
        .isInstanceOfSatisfying(
            Map.class, map -> assertThat(map.get("DeviceName")).isEqualTo("/dev/xvda"));
  }

  @Test
  void wildcardsNegativeIndexesAndQuotedNames() {
    assertThat(select("$.Reservations[*].ReservationId"))
        .isEqualTo(List.of("r-abcd12345678910", "r-12345678910abcd"));
    assertThat(select("$.Reservations[-1]['ReservationId']")).isEqualTo("r-12345678910abcd");
    assertThat(select("$.NextToken")).isEqualTo("abcdefg");
  }

  @Test
  void aMissingMemberSelectsNothing() {
    assertThat(select("$.Reservations[5].Instances")).isNull();
    assertThat(select("$.Nope")).isNull();
  }

  @Test
  void malformedPathsNameTheCharacter() {
    assertThatThrownBy(() -> JsonPath.parse("Reservations[0]"))
        .hasMessageContaining("starts with $");
    assertThatThrownBy(() -> JsonPath.parse("$.Reservations[zero]"))
        .hasMessageContaining("at character 16");
    assertThatThrownBy(() -> JsonPath.parse("$.Reservations[0")).hasMessageContaining("closing ]");
  }
}
