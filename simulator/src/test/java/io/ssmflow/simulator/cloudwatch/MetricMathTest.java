package io.ssmflow.simulator.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssmflow.simulator.core.AwsException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The metric math subset, on fixed series. */
class MetricMathTest {
  private static TreeMap<Long, Double> series(double... pairs) {
    TreeMap<Long, Double> s = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      s.put((long) pairs[i], pairs[i + 1]);
    }
    return s;
  }

  private static final Map<String, TreeMap<Long, Double>> DATA =
      Map.of(
          "a", series(0, 1, 60, 4, 120, 9),
          "b", series(0, 2, 60, 0, 180, 5));

  private static final MetricMath.Context CTX =
      new MetricMath.Context() {
        @Override
        public MetricMath.Value resolve(String id) {
          TreeMap<Long, Double> s = DATA.get(id);
          return s == null ? null : new MetricMath.Series(s);
        }

        @Override
        public List<MetricMath.Series> metrics(String labelFilter) {
          return List.of(
              new MetricMath.Series(DATA.get("a")), new MetricMath.Series(DATA.get("b")));
        }

        @Override
        public List<Long> grid() {
          return List.of(0L, 60L, 120L, 180L);
        }
      };

  private static Map<Long, Double> eval(String expression) {
    return MetricMath.evaluate("e", expression, CTX);
  }

  @Test
  void arithmeticPairsByTimestamp() {
    assertThat(eval("a + b")).containsExactly(Map.entry(0L, 3.0), Map.entry(60L, 4.0));
    // Division by zero leaves the point out.
    assertThat(eval("a / b")).containsExactly(Map.entry(0L, 0.5));
    assertThat(eval("-(a - 2) * 2"))
        .containsExactly(Map.entry(0L, 2.0), Map.entry(60L, -4.0), Map.entry(120L, -14.0));
    assertThat(eval("1.5e1")).containsOnlyKeys(0L, 60L, 120L, 180L).containsValue(15.0);
  }

  @Test
  void functions() {
    assertThat(eval("SUM([a, b])"))
        .containsExactly(
            Map.entry(0L, 3.0), Map.entry(60L, 4.0), Map.entry(120L, 9.0), Map.entry(180L, 5.0));
    assertThat(eval("AVG(METRICS())")).containsEntry(0L, 1.5).containsEntry(180L, 5.0);
    assertThat(eval("MAX([a, b])")).containsEntry(60L, 4.0);
    assertThat(eval("MIN(a)")).containsEntry(0L, 1.0).hasSize(4);
    assertThat(eval("ABS(b - a)")).containsEntry(0L, 1.0).containsEntry(60L, 4.0);
    assertThat(eval("DIFF(a)")).containsExactly(Map.entry(60L, 3.0), Map.entry(120L, 5.0));
    assertThat(eval("FILL(b, 0)")).containsEntry(120L, 0.0).hasSize(4);
  }

  @Test
  void errorsNameWhatIsSupported() {
    assertThatThrownBy(() -> eval("RATE(a)"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("Unsupported function RATE")
        .hasMessageContaining("ABS, SUM");
    assertThatThrownBy(() -> eval("a +"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("Unexpected end");
    assertThatThrownBy(() -> eval("zz * 2"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("Unrecognized query id or function 'zz'");
    assertThatThrownBy(() -> eval("METRICS()"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("returns 2 time series");
    assertThatThrownBy(() -> eval("(a"))
        .isInstanceOf(AwsException.class)
        .hasMessageContaining("Expected ')'");
  }
}
