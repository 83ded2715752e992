package io.ssmflow.activities.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The idempotency marker in a command's Comment. */
class CommandCommentsTest {
  @Test
  void commentIsMarkerAndLabelWithinOneHundredCharacters() {
    String c = CommandComments.comment("deploy-shop-staging-2.0.0/s3/b12", "x".repeat(300));

    assertThat(c).hasSize(100).startsWith("ssmflow:");
    assertThat(CommandComments.matches(c, "deploy-shop-staging-2.0.0/s3/b12")).isTrue();
    assertThat(CommandComments.matches(c, "deploy-shop-staging-2.0.0/s3/b13")).isFalse();
  }

  @Test
  void markerIsStableAndShortForAnyKey() {
    String key = "k".repeat(1000);
    assertThat(CommandComments.marker(key))
        .isEqualTo(CommandComments.marker(key))
        .hasSize("ssmflow:".length() + 12);
  }

  @Test
  void controlCharactersInLabelsBecomeSpacesAndEmptyLabelsLeaveTheMarker() {
    assertThat(CommandComments.comment("k", "a\nb\tc")).endsWith(" a b c");
    assertThat(CommandComments.comment("k", "  ")).isEqualTo(CommandComments.marker("k"));
    assertThat(CommandComments.matches(CommandComments.marker("k"), "k")).isTrue();
  }

  @Test
  void aMarkerIsNotMatchedByAnotherKeysPrefix() {
    assertThat(CommandComments.matches(CommandComments.marker("k") + "x", "k")).isFalse();
    assertThat(CommandComments.matches(null, "k")).isFalse();
    assertThat(CommandComments.matches("manual run", "k")).isFalse();
  }
}
