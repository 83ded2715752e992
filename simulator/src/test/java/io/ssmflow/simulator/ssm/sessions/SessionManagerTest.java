package io.ssmflow.simulator.ssm.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.TestSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeSessionsResponse;
import software.amazon.awssdk.services.ssm.model.DoesNotExistException;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.Session;
import software.amazon.awssdk.services.ssm.model.SessionFilter;
import software.amazon.awssdk.services.ssm.model.SessionFilterKey;
import software.amazon.awssdk.services.ssm.model.SessionState;
import software.amazon.awssdk.services.ssm.model.SessionStatus;
import software.amazon.awssdk.services.ssm.model.ValidationException;

class SessionManagerTest {
  private static final String FLEET =
      """
      instances:
        - count: 2
          namePrefix: web
          mode: simulated
      """;
  private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
  private static final String BOB = "arn:aws:iam::123456789012:user/bob";

  private static TestSimulator sim;
  private static SsmClient ssm;
  private static String web1;
  private static String web2;

  @BeforeAll
  static void start() {
    sim = TestSimulator.start(FLEET);
    ssm = sim.ssm();
    web1 = sim.simulator().fleet().instanceByIdOrName("web-1").orElseThrow().id();
    web2 = sim.simulator().fleet().instanceByIdOrName("web-2").orElseThrow().id();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void freshFleet() {
    // Reset forgets sessions and instances; the same fleet file gives back the same ids.
    sim.admin("POST", "/_sim/reset");
    sim.admin("POST", "/_sim/fleet", FLEET);
  }

  private static String open(String target, String owner, int startedMinutesAgo) {
    JsonNode r =
        sim.admin(
            "POST",
            "/_sim/sessions",
            "{\"target\":\""
                + target
                + "\",\"owner\":\""
                + owner
                + "\",\"startedMinutesAgo\":"
                + startedMinutesAgo
                + "}");
    return r.get("sessionId").asText();
  }

  private static List<Session> describe(SessionState state, SessionFilter... filters) {
    return ssm
        .describeSessionsPaginator(
            b -> b.state(state).filters(filters.length == 0 ? null : List.of(filters)))
        .stream()
        .flatMap(r -> r.sessions().stream())
        .toList();
  }

  private static SessionFilter filter(SessionFilterKey key, String value) {
    return SessionFilter.builder().key(key).value(value).build();
  }

  @Test
  void openedSessionsAreActiveNewestFirst() {
    String old = open(web1, ALICE, 600);
    String recent = open("web-2", BOB, 5);
    List<Session> active = describe(SessionState.ACTIVE);
    assertThat(active).extracting(Session::sessionId).containsExactly(recent, old);
    Session s = active.get(1);
    assertThat(s.sessionId()).startsWith("alice-").hasSize("alice-".length() + 17);
    assertThat(s.target()).isEqualTo(web1);
    assertThat(s.owner()).isEqualTo(ALICE);
    assertThat(s.status()).isEqualTo(SessionStatus.CONNECTED);
    assertThat(s.documentName()).isEqualTo("SSM-SessionManagerRunShell");
    assertThat(s.startDate())
        .isBetween(
            Instant.now().minus(Duration.ofMinutes(601)),
            Instant.now().minus(Duration.ofMinutes(599)));
    assertThat(s.endDate()).isNull();
    assertThat(describe(SessionState.HISTORY)).isEmpty();
  }

  @Test
  void terminateMovesASessionToHistoryAndIsIdempotent() {
    String id = open(web1, ALICE, 30);
    assertThat(ssm.terminateSession(b -> b.sessionId(id)).sessionId()).isEqualTo(id);
    assertThat(describe(SessionState.ACTIVE)).isEmpty();
    Session ended = describe(SessionState.HISTORY).get(0);
    assertThat(ended.status()).isEqualTo(SessionStatus.TERMINATED);
    assertThat(ended.endDate()).isAfterOrEqualTo(ended.startDate());
    Instant firstEnd = ended.endDate();
    assertThat(ssm.terminateSession(b -> b.sessionId(id)).sessionId()).isEqualTo(id);
    assertThat(describe(SessionState.HISTORY).get(0).endDate()).isEqualTo(firstEnd);
  }

  @Test
  void terminatingAnUnknownSessionIsDoesNotExist() {
    assertThatThrownBy(() -> ssm.terminateSession(b -> b.sessionId("alice-0123456789abcdef0")))
        .isInstanceOf(DoesNotExistException.class);
  }

  @Test
  void filtersByTargetOwnerStatusAndId() {
    String a1 = open(web1, ALICE, 10);
    String b1 = open(web2, BOB, 20);
    String a2 = open(web2, ALICE, 30);
    ssm.terminateSession(b -> b.sessionId(a2));
    assertThat(describe(SessionState.ACTIVE, filter(SessionFilterKey.TARGET, web2)))
        .extracting(Session::sessionId)
        .containsExactly(b1);
    assertThat(describe(SessionState.ACTIVE, filter(SessionFilterKey.OWNER, ALICE)))
        .extracting(Session::sessionId)
        .containsExactly(a1);
    assertThat(
            describe(
                SessionState.HISTORY,
                filter(SessionFilterKey.OWNER, ALICE),
                filter(SessionFilterKey.STATUS, "Terminated")))
        .extracting(Session::sessionId)
        .containsExactly(a2);
    assertThat(describe(SessionState.ACTIVE, filter(SessionFilterKey.SESSION_ID, b1)))
        .extracting(Session::sessionId)
        .containsExactly(b1);
  }

  @Test
  void filtersByStartTime() {
    String old = open(web1, ALICE, 600);
    String recent = open(web1, ALICE, 5);
    String cut = Instant.now().minus(Duration.ofHours(1)).toString();
    assertThat(describe(SessionState.ACTIVE, filter(SessionFilterKey.INVOKED_AFTER, cut)))
        .extracting(Session::sessionId)
        .containsExactly(recent);
    assertThat(describe(SessionState.ACTIVE, filter(SessionFilterKey.INVOKED_BEFORE, cut)))
        .extracting(Session::sessionId)
        .containsExactly(old);
    assertThatThrownBy(
            () ->
                describe(SessionState.ACTIVE, filter(SessionFilterKey.INVOKED_AFTER, "yesterday")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void historySessionsCanBeSeededThroughTheAdminApi() {
    JsonNode r =
        sim.admin(
            "POST",
            "/_sim/sessions",
            "{\"target\":\"web-1\",\"owner\":\""
                + BOB
                + "\",\"startedMinutesAgo\":120,\"endedMinutesAgo\":60,\"status\":\"Failed\","
                + "\"reason\":\"break-glass\"}");
    Session s = describe(SessionState.HISTORY).get(0);
    assertThat(s.sessionId()).isEqualTo(r.get("sessionId").asText());
    assertThat(s.status()).isEqualTo(SessionStatus.FAILED);
    assertThat(s.reason()).isEqualTo("break-glass");
    assertThat(Duration.between(s.startDate(), s.endDate())).isEqualTo(Duration.ofHours(1));
    assertThat(sim.admin("GET", "/_sim/sessions").get("count").asInt()).isEqualTo(1);
  }

  @Test
  void pagesWithMaxResults() {
    for (int i = 0; i < 7; i++) {
      open(web1, ALICE, i);
    }
    DescribeSessionsResponse first =
        ssm.describeSessions(b -> b.state(SessionState.ACTIVE).maxResults(3));
    assertThat(first.sessions()).hasSize(3);
    assertThat(first.nextToken()).isNotNull();
    List<String> all =
        ssm.describeSessionsPaginator(b -> b.state(SessionState.ACTIVE).maxResults(3)).stream()
            .flatMap(r -> r.sessions().stream())
            .map(Session::sessionId)
            .toList();
    assertThat(all).hasSize(7).doesNotHaveDuplicates();
    assertThatThrownBy(
            () ->
                ssm.describeSessions(
                    b -> b.state(SessionState.HISTORY).nextToken(first.nextToken())))
        .isInstanceOf(InvalidNextTokenException.class);
    assertThatThrownBy(
            () -> ssm.describeSessions(b -> b.state(SessionState.ACTIVE).maxResults(201)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void stateIsRequiredAndFilterKeysAreChecked() {
    assertThatThrownBy(() -> ssm.describeSessions(b -> {}))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("'state'");
    assertThatThrownBy(() -> ssm.describeSessions(b -> b.state("Open")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () ->
                ssm.describeSessions(
                    b ->
                        b.state(SessionState.ACTIVE)
                            .filters(SessionFilter.builder().key("Colour").value("red").build())))
        .isInstanceOf(InvalidFilterKeyException.class);
  }

  @Test
  void adminRejectsUnknownTargets() {
    assertThatThrownBy(() -> sim.admin("POST", "/_sim/sessions", "{\"target\":\"db-9\"}"))
        .isInstanceOf(TestSimulator.AdminError.class)
        .satisfies(e -> assertThat(((TestSimulator.AdminError) e).status).isEqualTo(404));
    assertThatThrownBy(() -> sim.admin("POST", "/_sim/sessions", "{}"))
        .isInstanceOf(TestSimulator.AdminError.class)
        .satisfies(e -> assertThat(((TestSimulator.AdminError) e).status).isEqualTo(400));
  }
}
