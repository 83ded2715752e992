package io.ssmflow.workflows.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssmflow.workflows.common.TaskQueues;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Session hygiene under time skipping. */
class SessionAuditWorkflowTest {
  private static SessionAuditResult run(AuditFixture f, SessionAuditRequest request) {
    return f.client
        .newWorkflowStub(
            SessionAuditWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(AuditIds.SESSIONS)
                .setTaskQueue(TaskQueues.DEFAULT)
                .build())
        .audit(request);
  }

  private static List<SessionInfo> sessions(long now) {
    return List.of(
        new SessionInfo(
            "alice-1",
            "i-1",
            "arn:aws:iam::1:user/alice",
            "Connected",
            now - Duration.ofHours(10).toMillis()),
        new SessionInfo(
            "bob-1",
            "i-2",
            "arn:aws:iam::1:user/bob",
            "Connected",
            now - Duration.ofHours(1).toMillis()),
        new SessionInfo(
            "carol-1",
            "i-1",
            "arn:aws:iam::1:user/carol",
            "Disconnected",
            now - Duration.ofHours(30).toMillis()));
  }

  @Test
  void listsStaleSessionsOldestFirstWithoutTerminating() {
    try (AuditFixture f = new AuditFixture(0, id -> FakeAudits.Outcome.found())) {
      when(f.sessions.activeSessions()).thenReturn(sessions(f.env.currentTimeMillis()));
      SessionAuditResult r =
          run(f, new SessionAuditRequest(Duration.ofHours(8), false, "ops", null));
      assertThat(r.activeCount()).isEqualTo(3);
      assertThat(r.stale())
          .extracting(SessionInfo::sessionId)
          .containsExactly("carol-1", "alice-1");
      assertThat(r.terminated()).isEmpty();
      verify(f.sessions, never()).terminateSession(anyString());
    }
  }

  @Test
  void terminatesStaleSessionsAndRecordsWhoAndWhen() {
    try (AuditFixture f = new AuditFixture(0, id -> FakeAudits.Outcome.found())) {
      long now = f.env.currentTimeMillis();
      when(f.sessions.activeSessions()).thenReturn(sessions(now));
      when(f.sessions.terminateSession("carol-1")).thenReturn("terminated");
      when(f.sessions.terminateSession("alice-1")).thenReturn("already ended");
      SessionAuditResult r =
          run(f, new SessionAuditRequest(Duration.ofHours(8), true, "jdoe", AuditFixture.TOPIC));
      assertThat(r.terminated())
          .extracting(
              TerminatedSession::sessionId,
              TerminatedSession::terminatedBy,
              TerminatedSession::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("carol-1", "jdoe", "terminated"),
              org.assertj.core.groups.Tuple.tuple("alice-1", "jdoe", "already ended"));
      assertThat(r.terminated()).allMatch(t -> t.terminatedAtMillis() >= now);
      verify(f.sessions, never()).terminateSession("bob-1");
      verify(f.notify)
          .publish(
              org.mockito.ArgumentMatchers.eq(AuditFixture.TOPIC),
              org.mockito.ArgumentMatchers.eq("ssmflow session audit: 2 stale, 2 terminated"),
              anyString());
    }
  }
}
