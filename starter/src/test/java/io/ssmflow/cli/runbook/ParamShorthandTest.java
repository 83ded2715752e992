package io.ssmflow.cli.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.workflows.runbook.doc.ParamType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --param values as users paste them from aws ssm start-automation-execution. */
class ParamShorthandTest {
  @Test
  void stringListsInJsonShorthandOrCommas() {
    assertThat(ParamShorthand.value("I", "[\"i-1\",\"i-2\"]", ParamType.STRING_LIST))
        .isEqualTo(List.of("i-1", "i-2"));
    assertThat(ParamShorthand.value("I", "[i-1, i-2]", ParamType.STRING_LIST))
        .isEqualTo(List.of("i-1", "i-2"));
    assertThat(ParamShorthand.value("I", "i-1,i-2", ParamType.STRING_LIST))
        .isEqualTo(List.of("i-1", "i-2"));
    assertThat(ParamShorthand.value("I", "i-1", ParamType.STRING_LIST)).isEqualTo(List.of("i-1"));
  }

  @Test
  void scalarsKeepTheirTextWithoutSurroundingQuotes() {
    assertThat(ParamShorthand.value("S", "nginx", ParamType.STRING)).isEqualTo("nginx");
    assertThat(ParamShorthand.value("S", "\"a, b\"", ParamType.STRING)).isEqualTo("a, b");
    assertThat(ParamShorthand.value("N", "5", ParamType.INTEGER)).isEqualTo("5");
  }

  @Test
  void mapsTakeJson() {
    assertThat(ParamShorthand.value("M", "{\"k\":\"v\"}", ParamType.STRING_MAP))
        .isEqualTo(Map.of("k", "v"));
    assertThat(
            ParamShorthand.value("L", "[{\"Key\":\"Env\",\"Value\":\"prod\"}]", ParamType.MAP_LIST))
        .isEqualTo(List.of(Map.of("Key", "Env", "Value", "prod")));
    assertThatThrownBy(() -> ParamShorthand.value("M", "k=v", ParamType.STRING_MAP))
        .hasMessage("--param M (StringMap) takes JSON, e.g. {\"key\":\"value\"}");
  }
}
