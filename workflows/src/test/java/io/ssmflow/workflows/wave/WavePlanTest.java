package io.ssmflow.workflows.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WavePlanTest {
  @Test
  void theLastEntryRepeatsUntilEveryInstanceHasAWave() {
    assertThat(WavePlan.parse("1,5,25%,100%").countsFor(100)).containsExactly(1, 5, 25, 69);
    assertThat(WavePlan.parse("1,5").countsFor(17)).containsExactly(1, 5, 5, 5, 1);
    assertThat(WavePlan.parse("2").countsFor(5)).containsExactly(2, 2, 1);
  }

  @Test
  void aPercentageRoundsDownAndIsAtLeastOneInstance() {
    assertThat(WavePlan.parse("10%").countsFor(25))
        .containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1);
    assertThat(WavePlan.parse("1%").countsFor(3)).containsExactly(1, 1, 1);
  }

  @Test
  void aDecreasingListIsAllowed() {
    assertThat(WavePlan.parse("10, 1").countsFor(13)).containsExactly(10, 1, 1, 1);
  }

  @Test
  void fewerInstancesThanTheFirstWaveMakeOneWave() {
    assertThat(WavePlan.parse("5,100%").countsFor(3)).containsExactly(3);
    assertThat(WavePlan.parse("5,100%").countsFor(0)).isEmpty();
  }

  @Test
  void splitCutsTheIdsInOrder() {
    assertThat(WavePlan.parse("1,2").split(List.of("a", "b", "c", "d", "e")))
        .containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
  }

  @Test
  void canaryIsShorthandForAFirstWave() {
    assertThat(WavePlan.canary(2).text()).isEqualTo("2,100%");
    assertThat(WavePlan.canary(2).countsFor(10)).containsExactly(2, 8);
  }

  @Test
  void zeroIsRefused() {
    assertThatThrownBy(() -> WavePlan.parse("0"))
        .hasMessage("waves '0': wave 1 must be at least 1 or 1%, not '0'");
    assertThatThrownBy(() -> WavePlan.parse("1,0%")).hasMessageContaining("wave 2");
  }

  @Test
  void moreThanAHundredPercentIsRefused() {
    assertThatThrownBy(() -> WavePlan.parse("150%"))
        .hasMessage("waves '150%': wave 1 must be at most 100%, not '150%'");
  }

  @Test
  void anEmptyEntryIsRefused() {
    assertThatThrownBy(() -> WavePlan.parse("1,,2")).hasMessage("waves '1,,2': wave 2 is empty");
    assertThatThrownBy(() -> WavePlan.parse("1,")).hasMessage("waves '1,': wave 2 is empty");
    assertThatThrownBy(() -> WavePlan.parse("")).hasMessageContaining("1,5,25%,100%");
  }

  @Test
  void somethingElseIsRefused() {
    assertThatThrownBy(() -> WavePlan.parse("1,-2")).hasMessageContaining("not '-2'");
    assertThatThrownBy(() -> WavePlan.parse("a")).hasMessageContaining("not 'a'");
    assertThatThrownBy(() -> WavePlan.parse("1.5")).hasMessageContaining("not '1.5'");
  }

  @Test
  void theTextFormRoundTrips() {
    assertThat(WavePlan.parse(" 1, 5 ,25%").text()).isEqualTo("1,5,25%");
    assertThat(WavePlan.parse(WavePlan.parse("1,5,25%").text()))
        .isEqualTo(WavePlan.parse("1,5,25%"));
  }
}
