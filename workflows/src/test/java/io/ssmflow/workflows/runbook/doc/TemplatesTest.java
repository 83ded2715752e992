package io.ssmflow.workflows.runbook.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  private final Map<String, Object> values =
      Map.of(
          "InstanceIds",
          List.of("i-1", "i-2"),
          "ServiceName",
          "nginx",
          "Count",
          3,
          "check.Output",
          "active\n");
  private final Templates.Resolver resolver =
      name -> {
        if (!values.containsKey(name)) {
          throw new IllegalArgumentException("unknown " + name);
        }
        return values.get(name);
      };

  @Test
  void aValueThatIsOneVariableKeepsItsType() {
    assertThat(Templates.render("{{ InstanceIds }}", resolver)).isEqualTo(List.of("i-1", "i-2"));
    assertThat(Templates.render("{{Count}}", resolver)).isEqualTo(3);
  }

  @Test
  void aListVariableInsideAListIsSplicedIn() {
    assertThat(Templates.render(List.of("{{ InstanceIds }}", "i-3"), resolver))
        .isEqualTo(List.of("i-1", "i-2", "i-3"));
  }

  @Test
  void variablesAmongTextAreWrittenAsText() {
    assertThat(
            Templates.render(
                Map.of(
                    "commands", List.of("systemctl restart {{ ServiceName }} # {{Count}} times")),
                resolver))
        .isEqualTo(Map.of("commands", List.of("systemctl restart nginx # 3 times")));
  }

  @Test
  void aListCannotBeWrittenInsideText() {
    assertThatThrownBy(() -> Templates.render("ids: {{ InstanceIds }}", resolver))
        .hasMessageContaining("{{ InstanceIds }} is a list")
        .hasMessageContaining("only a String, Integer or Boolean");
  }

  @Test
  void referencesAreFoundAnywhere() {
    assertThat(
            Templates.references(
                Map.of(
                    "a",
                    List.of("{{x}} and {{ y.z }}"),
                    "b",
                    Map.of("c", "{{ global:DATE_TIME }}"))))
        .containsExactlyInAnyOrder("x", "y.z", "global:DATE_TIME");
  }
}
