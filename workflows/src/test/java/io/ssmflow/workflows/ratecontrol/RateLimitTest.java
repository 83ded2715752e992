package io.ssmflow.workflows.ratecontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {
  @ParameterizedTest
  @CsvSource({"25%,12,3", "25%,10,3", "1%,10,1", "100%,7,7", "10,3,10", "50%,1,1", "33%,100,33"})
  void concurrencyPercentRoundsUpAndIsAtLeastOne(String text, int targets, int expected) {
    assertThat(RateLimit.maxConcurrency(text).concurrencyFor(targets)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"10%,50,5", "10%,59,5", "0,50,0", "0%,50,0", "1,50,1", "100%,12,12", "25%,3,0"})
  void errorPercentRoundsDown(String text, int targets, int expected) {
    assertThat(RateLimit.maxErrors(text).errorThresholdFor(targets)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"150%", "0%", "0", "-1", "abc", "", "10 %", "1.5"})
  void rejectsBadConcurrency(String text) {
    assertThatThrownBy(() -> RateLimit.maxConcurrency(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("max-concurrency");
  }

  @ParameterizedTest
  @ValueSource(strings = {"150%", "-1", "abc", "x%"})
  void rejectsBadErrors(String text) {
    assertThatThrownBy(() -> RateLimit.maxErrors(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("max-errors");
  }
}
