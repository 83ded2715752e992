package io.ssmflow.simulator.ssm.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssmflow.simulator.TestSimulator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.ParameterPatternMismatchException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class SecretsNotLoggedTest {
  private static final String SECRET = "Sup3r-Secret-Value-7731";

  @Test
  void noLogLineCarriesAParameterValue() {
    Logger simulatorLogs = (Logger) LoggerFactory.getLogger("io.ssmflow.simulator");
    Level before = simulatorLogs.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    simulatorLogs.addAppender(captured);
    simulatorLogs.setLevel(Level.TRACE);
    try (TestSimulator sim = TestSimulator.start(null)) {
      var ssm = sim.ssm();
      ssm.putParameter(
          b -> b.name("/logs/db_password").type(ParameterType.SECURE_STRING).value(SECRET));
      ssm.putParameter(b -> b.name("/logs/db_password").value(SECRET + "-2").overwrite(true));
      ssm.getParameter(b -> b.name("/logs/db_password").withDecryption(true));
      ssm.getParameterHistory(b -> b.name("/logs/db_password").withDecryption(true));
      ssm.getParametersByPath(b -> b.path("/logs").withDecryption(true));
      assertThatThrownBy(
              () ->
                  ssm.putParameter(
                      b ->
                          b.name("/logs/pin")
                              .type(ParameterType.SECURE_STRING)
                              .value(SECRET)
                              .allowedPattern("\\d{4}")))
          .isInstanceOf(ParameterPatternMismatchException.class)
          .hasMessageNotContaining(SECRET);
      ssm.deleteParameter(b -> b.name("/logs/db_password"));
    } finally {
      simulatorLogs.detachAppender(captured);
      simulatorLogs.setLevel(before);
    }
    // The store does log at debug level, so the check below looks at real output.
    assertThat(captured.list)
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("/logs/db_password"));
    assertThat(captured.list)
        .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("Sup3r-Secret"));
  }
}
