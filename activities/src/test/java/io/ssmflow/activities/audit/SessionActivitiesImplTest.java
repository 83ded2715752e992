package io.ssmflow.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssmflow.activities.SimulatorFixture;
import io.ssmflow.workflows.audit.SessionActivities;
import io.ssmflow.workflows.audit.SessionInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DescribeSessions / TerminateSession against the simulator's Session Manager. */
class SessionActivitiesImplTest {
  @RegisterExtension
  static final SimulatorFixture<SessionActivities> FIXTURE =
      new SimulatorFixture<>(
          "instances:\n  - name: web-1\n    mode: simulated\n",
          SessionActivities.class,
          sim -> new SessionActivitiesImpl(sim.ssm()));

  @Test
  void listsActiveSessionsAndTerminatesIdempotently() {
    FIXTURE
        .sim()
        .admin(
            "POST",
            "/_sim/sessions",
            "{\"target\": \"web-1\", \"owner\":"
                + " \"arn:aws:iam::123456789012:user/alice\", \"startedMinutesAgo\": 600}");
    FIXTURE
        .sim()
        .admin(
            "POST",
            "/_sim/sessions",
            "{\"target\": \"web-1\", \"owner\":"
                + " \"arn:aws:iam::123456789012:user/bob\", \"startedMinutesAgo\": 5}");
    List<SessionInfo> active = FIXTURE.activities().activeSessions();
    assertThat(active).hasSize(2);
    SessionInfo old =
        active.stream().filter(s -> s.owner().endsWith("alice")).findFirst().orElseThrow();
    assertThat(old.target()).isEqualTo(FIXTURE.id("web-1"));
    assertThat(Duration.between(Instant.ofEpochMilli(old.startedAtMillis()), Instant.now()))
        .isBetween(Duration.ofMinutes(599), Duration.ofMinutes(601));

    assertThat(FIXTURE.activities().terminateSession(old.sessionId())).isEqualTo("terminated");
    assertThat(FIXTURE.activities().terminateSession(old.sessionId())).isEqualTo("terminated");
    assertThat(FIXTURE.activities().terminateSession("alice-0123456789abcdef"))
        .isEqualTo("already ended");
    assertThat(FIXTURE.activities().activeSessions())
        .extracting(SessionInfo::owner)
        .containsExactly("arn:aws:iam::123456789012:user/bob");
  }
}
