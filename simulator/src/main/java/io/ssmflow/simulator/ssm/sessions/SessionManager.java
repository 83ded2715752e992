package io.ssmflow.simulator.ssm.sessions;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminException;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.ssm.params.PageTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Session Manager sessions, so that audits of who holds shells on the fleet can be rehearsed.
 * Sessions are opened through the admin API ({@code POST /_sim/sessions}: there is no StartSession,
 * the simulator has no data channel); DescribeSessions lists them by state with the service's
 * filters and paging, and TerminateSession ends them.
 */
public final class SessionManager {
  static final String DEFAULT_OWNER =
      "arn:aws:iam::" + RequestContext.ACCOUNT_ID + ":user/simulator";
  static final String DEFAULT_DOCUMENT = "SSM-SessionManagerRunShell";
  private static final int DEFAULT_MAX_RESULTS = 20;
  private static final List<String> FILTER_KEYS =
      List.of(
          "InvokedAfter", "InvokedBefore", "Target", "Owner", "Status", "SessionId", "AccessType");

  /** Newest first, as the console lists them; the id breaks ties so paging is stable. */
  private static final Comparator<Session> ORDER =
      Comparator.comparing(Session::startDate, Comparator.reverseOrder())
          .thenComparing(Session::id);

  private final Fleet fleet;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public SessionManager(Fleet fleet, AdminRoutes admin) {
    this.fleet = requireNonNull(fleet, "fleet is null");
    requireNonNull(admin, "admin is null");
    fleet.onReset(sessions::clear);
    admin.add("POST", "/_sim/sessions", this::adminCreate);
    admin.add("GET", "/_sim/sessions", this::adminList);
  }

  public Map<String, JsonOperation> operations() {
    return Map.of(
        "DescribeSessions", this::describeSessions,
        "TerminateSession", this::terminateSession);
  }

  // ---- SSM operations ----------------------------------------------------------------------

  private JsonNode describeSessions(ObjectNode in, RequestContext ctx) {
    String state = Json.requiredText(in, "State");
    if (!state.equals("Active") && !state.equals("History")) {
      throw AwsException.validation(
          "1 validation error detected: Value '"
              + state
              + "' at"
              + " 'state' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [Active, History]");
    }
    Integer requested = Json.optionalInt(in, "MaxResults");
    if (requested != null && (requested < 1 || requested > 200)) {
      throw AwsException.validation(
          "1 validation error detected: Value '"
              + requested
              + "' at"
              + " 'maxResults' failed to satisfy constraint: Member must have value "
              + (requested < 1 ? "greater than or equal to 1" : "less than or equal to 200"));
    }
    int max = requested == null ? DEFAULT_MAX_RESULTS : requested;
    Predicate<Session> filter = filters(Json.objectList(in, "Filters"));
    String scope = "DescribeSessions|" + state;
    Cursor after = Cursor.parse(PageTokens.decode(Json.optionalText(in, "NextToken"), scope));
    boolean active = state.equals("Active");

    List<Session> matching = new ArrayList<>();
    for (Session s : sessions.values()) {
      if (s.active() == active && filter.test(s) && (after == null || after.before(s))) {
        matching.add(s);
      }
    }
    matching.sort(ORDER);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Sessions");
    matching.stream().limit(max).forEach(s -> list.add(sessionJson(s)));
    if (matching.size() > max) {
      Session last = matching.get(max - 1);
      out.put(
          "NextToken", PageTokens.encode(scope, new Cursor(last.startDate(), last.id()).format()));
    }
    return out;
  }

  private JsonNode terminateSession(ObjectNode in, RequestContext ctx) {
    String id = Json.requiredText(in, "SessionId");
    if (id.isEmpty() || id.length() > 96) {
      throw AwsException.validation(
          "1 validation error detected: Value '"
              + id
              + "' at"
              + " 'sessionId' failed to satisfy constraint: Member must have length less than or"
              + " equal to 96, Member must have length greater than or equal to 1");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    // Terminating a session that has already ended changes nothing and succeeds again.
    Session after = sessions.computeIfPresent(id, (k, s) -> s.active() ? s.terminated(now) : s);
    if (after == null) {
      throw new AwsException("DoesNotExistException", "Session with id " + id + " does not exist.");
    }
    return Json.object().put("SessionId", id);
  }

  /** The Filters member: every filter must hold (keys may repeat, each one narrows). */
  private static Predicate<Session> filters(List<JsonNode> nodes) {
    if (nodes.size() > 6) {
      throw AwsException.validation(
          "1 validation error detected: Value at 'filters' failed to"
              + " satisfy constraint: Member must have length less than or equal to 6");
    }
    Predicate<Session> all = s -> true;
    for (JsonNode node : nodes) {
      String key = Json.requiredText(node, "key");
      String value = Json.requiredText(node, "value");
      if (!FILTER_KEYS.contains(key)) {
        throw new AwsException(
            "InvalidFilterKey",
            "The specified key isn't valid: " + key + ". Valid keys are " + FILTER_KEYS + ".");
      }
      if (value.isEmpty() || value.length() > 400) {
        throw AwsException.validation(
            "1 validation error detected: Value at 'filters.value'"
                + " failed to satisfy constraint: Member must have length less than or equal to 400,"
                + " Member must have length greater than or equal to 1");
      }
      Predicate<Session> one =
          switch (key) {
            case "InvokedAfter" -> {
              Instant t = timestamp(key, value);
              yield s -> !s.startDate().isBefore(t);
            }
            case "InvokedBefore" -> {
              Instant t = timestamp(key, value);
              yield s -> s.startDate().isBefore(t);
            }
            case "Target" -> s -> s.target().equals(value);
            case "Owner" -> s -> s.owner().equals(value);
            case "Status" -> {
              if (!Session.STATUSES.contains(value)) {
                throw AwsException.validation(
                    "The filter value "
                        + value
                        + " isn't a valid session"
                        + " status. Valid values are "
                        + Session.STATUSES
                        + ".");
              }
              yield s -> s.status().equals(value);
            }
            case "SessionId" -> s -> s.id().equals(value);
            default -> s -> s.accessType().equals(value);
          };
      all = all.and(one);
    }
    return all;
  }

  /** A filter timestamp: 2024-08-29T00:00:00Z, a local date-time taken as UTC, or a date. */
  private static Instant timestamp(String key, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw AwsException.validation(
              "The value "
                  + value
                  + " of filter "
                  + key
                  + " isn't a"
                  + " valid timestamp. Specify a timestamp such as 2024-08-29T00:00:00Z.");
        }
      }
    }
  }

  private static ObjectNode sessionJson(Session s) {
    ObjectNode n =
        Json.object().put("SessionId", s.id()).put("Target", s.target()).put("Status", s.status());
    n.set("StartDate", TimestampNode.of(s.startDate()));
    if (s.endDate() != null) {
      n.set("EndDate", TimestampNode.of(s.endDate()));
    }
    n.put("DocumentName", s.documentName()).put("Owner", s.owner());
    if (s.reason() != null) {
      n.put("Reason", s.reason());
    }
    if (s.details() != null) {
      n.put("Details", s.details());
    }
    n.put("AccessType", s.accessType());
    return n;
  }

  /** The sort key of the last session of a page; the next page starts after it. */
  private record Cursor(Instant startDate, String id) {
    static Cursor parse(String text) {
      if (text == null) {
        return null;
      }
      int bar = text.indexOf('|');
      try {
        return new Cursor(
            Instant.ofEpochMilli(Long.parseLong(text.substring(0, bar))), text.substring(bar + 1));
      } catch (RuntimeException e) {
        throw PageTokens.invalid();
      }
    }

    String format() {
      return startDate.toEpochMilli() + "|" + id;
    }

    /** True when {@code s} sorts after this cursor (older, or as old with a greater id). */
    boolean before(Session s) {
      int byDate = s.startDate().compareTo(startDate);
      return byDate != 0 ? byDate < 0 : s.id().compareTo(id) > 0;
    }
  }

  // ---- admin -------------------------------------------------------------------------------

  /**
   * POST /_sim/sessions {"target": "i-... or name", "owner": "arn:aws:iam::...:user/alice",
   * "startedMinutesAgo": 600, "status": "Connected", "endedMinutesAgo": 0, "reason": ...,
   * "documentName": ..., "details": ..., "accessType": "Standard"}.
   */
  private JsonNode adminCreate(AdminRequest r) {
    JsonNode body = r.json();
    String targetName = Json.optionalText(body, "target");
    if (targetName == null || targetName.isBlank()) {
      throw AdminException.badRequest("body needs \"target\": an instance id or name");
    }
    Instance target =
        fleet
            .instanceByIdOrName(targetName.strip())
            .orElseThrow(() -> AdminException.notFound("no instance " + targetName));
    String owner = Json.text(body, "owner", DEFAULT_OWNER);
    String status = Json.text(body, "status", "Connected");
    if (!Session.STATUSES.contains(status)) {
      throw AdminException.badRequest("status must be one of " + Session.STATUSES);
    }
    String accessType = Json.text(body, "accessType", "Standard");
    if (!accessType.equals("Standard") && !accessType.equals("JustInTime")) {
      throw AdminException.badRequest("accessType must be Standard or JustInTime");
    }
    long startedAgo = minutes(body, "startedMinutesAgo", 0);
    // Millisecond precision, as the wire format and the paging cursor carry.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant start = now.minus(Duration.ofMinutes(startedAgo));
    Instant end = null;
    if (Session.HISTORY.contains(status)) {
      long endedAgo = minutes(body, "endedMinutesAgo", 0);
      if (endedAgo > startedAgo) {
        throw AdminException.badRequest("endedMinutesAgo must not exceed startedMinutesAgo");
      }
      end = now.minus(Duration.ofMinutes(endedAgo));
    } else if (body.hasNonNull("endedMinutesAgo")) {
      throw AdminException.badRequest("endedMinutesAgo only applies to Terminated or Failed");
    }
    Session session =
        new Session(
            newId(owner),
            target.id(),
            owner,
            status,
            start,
            end,
            Json.text(body, "documentName", DEFAULT_DOCUMENT),
            Json.optionalText(body, "reason"),
            Json.optionalText(body, "details"),
            accessType);
    sessions.put(session.id(), session);
    ObjectNode out = Json.object().put("sessionId", session.id());
    out.set("session", sessionJson(session));
    return out;
  }

  /** GET /_sim/sessions: every session, active and history, newest first. */
  private JsonNode adminList(AdminRequest r) {
    List<Session> all = new ArrayList<>(sessions.values());
    all.sort(ORDER);
    ObjectNode out = Json.object().put("count", all.size());
    ArrayNode list = out.putArray("sessions");
    all.forEach(s -> list.add(sessionJson(s)));
    return out;
  }

  private static long minutes(JsonNode body, String member, long fallback) {
    JsonNode node = body.get(member);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber() || node.asLong() < 0) {
      throw AdminException.badRequest(member + " must be a number of minutes >= 0");
    }
    return node.asLong();
  }

  /**
   * A session id as Session Manager makes them: the caller's name (the last part of the owner ARN)
   * and 17 hex digits, e.g. {@code alice-0a1b2c3d4e5f60718}.
   */
  static String newId(String owner) {
    String user = owner.substring(owner.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "-");
    if (user.isEmpty()) {
      user = "session";
    }
    if (user.length() > 78) {
      user = user.substring(0, 78);
    }
    return user + Ids.random("x").substring(1);
  }
}
