package io.ssmflow.simulator.ssm.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Ids;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.Knobs;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.fleet.Instance;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.sandbox.Isolation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SSM Run Command and the agents of the simulated instances: SendCommand, ListCommands,
 * ListCommandInvocations, GetCommandInvocation, CancelCommand, DescribeInstanceInformation and the
 * patch compliance reads (DescribeInstancePatches, DescribeInstancePatchStates), with SSM's rate
 * control (MaxConcurrency, MaxErrors), timeouts, statuses and output limits.
 */
public final class RunCommand implements AutoCloseable {
  static final Pattern COMMAND_ID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Set<String> COMMAND_STATUS_FILTERS =
      Set.of(
          "Pending",
          "InProgress",
          "Success",
          "Cancelled",
          "Failed",
          "TimedOut",
          "AccessDenied",
          "DeliveryTimedOut",
          "ExecutionTimedOut",
          "Incomplete",
          "NoInstancesInTag",
          "LimitExceeded");
  private static final Set<String> INVOCATION_STATUS_FILTERS =
      Set.of(
          "Pending",
          "InProgress",
          "Delayed",
          "Success",
          "Cancelled",
          "Failed",
          "TimedOut",
          "AccessDenied",
          "DeliveryTimedOut",
          "ExecutionTimedOut",
          "Undeliverable",
          "InvalidPlatform",
          "Terminated");
  private static final int DEFAULT_WORKERS = Integer.getInteger("ssmflow.sim.shellWorkers", 16);

  private final Fleet fleet;
  private final Knobs knobs;
  private final RunCommandSettings settings = new RunCommandSettings();
  private final CommandStore store = new CommandStore();
  private final HeldAnswers heldAnswers = new HeldAnswers();
  private final Dispatcher dispatcher;
  private final InstanceInformation instanceInformation;
  private final InstancePatches instancePatches;
  private final ShellRunner shell;
  private final StatusNotifier notifier;

  /**
   * @param isolation the sandbox of shell-mode commands (may be unavailable)
   * @param unsafeHostExec whether shell-mode commands may run on the host without a sandbox
   * @param sns where SendCommand's NotificationConfig publishes status changes
   */
  public RunCommand(
      Fleet fleet,
      Knobs knobs,
      AdminRoutes admin,
      Isolation isolation,
      boolean unsafeHostExec,
      StatusPublisher sns) {
    this.fleet = fleet;
    this.knobs = knobs;
    this.shell = new ShellRunner(isolation, unsafeHostExec);
    this.notifier = new StatusNotifier(sns);
    this.dispatcher =
        new Dispatcher(fleet, knobs, settings, store, shell, notifier, DEFAULT_WORKERS);
    this.instanceInformation = new InstanceInformation(fleet);
    this.instancePatches = new InstancePatches(fleet);
    new CommandAdmin(fleet, store, dispatcher, settings, shell, admin);
    fleet.onReset(this::clear);
    new RunTotalsAdmin(fleet, dispatcher.runTotals(), heldAnswers, knobs, admin);
  }

  /** Starts the per-instance run totals, held-answer and notification totals from zero. */
  public void resetTotals() {
    dispatcher.runTotals().reset();
    heldAnswers.resetTotals();
    notifier.resetCounts();
  }

  /**
   * The status-change notifications of SendCommand's NotificationConfig since the start or the last
   * stats reset: {@code {"published": n, "failed": n, "dropped": n, "queued": n}}.
   */
  public ObjectNode notificationStats() {
    return notifier.stats();
  }

  public Map<String, JsonOperation> operations() {
    return Map.of(
        "SendCommand",
        this::sendCommand,
        "ListCommands",
        this::listCommands,
        "ListCommandInvocations",
        this::listCommandInvocations,
        "GetCommandInvocation",
        this::getCommandInvocation,
        "CancelCommand",
        this::cancelCommand,
        "DescribeInstanceInformation",
        (in, ctx) -> instanceInformation.describe(in),
        "DescribeInstancePatches",
        (in, ctx) -> instancePatches.describeInstancePatches(in),
        "DescribeInstancePatchStates",
        (in, ctx) -> instancePatches.describeInstancePatchStates(in));
  }

  /** Forgets every command and stops their work (fleet reset). */
  private void clear() {
    dispatcher.discard(store.clear());
    settings.reset();
    resetTotals();
  }

  @Override
  public void close() {
    dispatcher.discard(store.clear());
    dispatcher.close();
    notifier.close();
  }

  // ---- SendCommand ---------------------------------------------------------------------------

  private JsonNode sendCommand(ObjectNode in, RequestContext ctx) {
    SendCommandInput request = SendCommandInput.parse(in);
    NotificationConfig notify = request.notifications();
    if (notify != null && !notifier.topicExists(notify.topicArn())) {
      throw new AwsException(
          "InvalidNotificationConfig",
          "NotificationArn "
              + notify.topicArn()
              + " is not the ARN of an existing Amazon SNS topic.");
    }
    List<Instance> targets = TargetResolver.resolve(fleet, request);
    long now = System.currentTimeMillis();
    Command c =
        new Command(
            store.nextSeq(),
            Ids.uuid(),
            request,
            ctx.region(),
            Instant.ofEpochMilli(now),
            now + knobs.invocationVisibilityDelay().toMillis(),
            now + knobs.listVisibilityDelay().toMillis(),
            targets);
    ObjectNode answer;
    synchronized (c) {
      answer = c.toJson(true);
    }
    store.add(c);
    dispatcher.start(c);
    java.time.Duration hold = knobs.sendCommandResponseDelay();
    if (!hold.isZero()) {
      heldAnswers.hold(c, hold, ctx.remote() == null ? null : ctx.remote().toString());
    }
    return Json.object().set("Command", answer);
  }

  // ---- ListCommands --------------------------------------------------------------------------

  private JsonNode listCommands(ObjectNode in, RequestContext ctx) {
    int max = maxResults(in);
    List<Filter> filters = filters(in, false);
    String commandId = Json.optionalText(in, "CommandId");
    String instanceId = instanceId(in);
    Collection<Command> source;
    String token = Json.optionalText(in, "NextToken");
    long from = token == null ? Long.MAX_VALUE : PageToken.decode("lc", token, 1)[0];
    long now = System.currentTimeMillis();
    if (commandId != null) {
      Command c = command(commandId);
      if (!c.listed(now)) {
        // Not in the list view yet: answered as for any command SSM does not know.
        throw invalidCommandId(commandId);
      }
      source = c.seq <= from ? List.of(c) : List.of();
    } else {
      source = store.newestFirst(from);
    }
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("Commands");
    int n = 0;
    for (Command c : source) {
      if (!c.listed(now) || instanceId != null && c.invocation(instanceId) == null) {
        continue;
      }
      synchronized (c) {
        if (!filters.stream().allMatch(f -> f.matches(c))) {
          continue;
        }
        if (n == max) {
          out.put("NextToken", PageToken.encode("lc", c.seq));
          break;
        }
        list.add(c.toJson(false));
        n++;
      }
    }
    return out;
  }

  // ---- ListCommandInvocations ----------------------------------------------------------------

  private JsonNode listCommandInvocations(ObjectNode in, RequestContext ctx) {
    int max = maxResults(in);
    List<Filter> filters = filters(in, true);
    String commandId = Json.optionalText(in, "CommandId");
    String instanceId = instanceId(in);
    boolean details = Json.bool(in, "Details", false);
    String token = Json.optionalText(in, "NextToken");
    long[] cursor =
        token == null ? new long[] {Long.MAX_VALUE, 0} : PageToken.decode("lci", token, 2);
    Collection<Command> source;
    if (commandId != null) {
      Command c = command(commandId);
      source = c.seq <= cursor[0] ? List.of(c) : List.of();
    } else {
      source = store.newestFirst(cursor[0]);
    }
    long now = System.currentTimeMillis();
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("CommandInvocations");
    int n = 0;
    outer:
    for (Command c : source) {
      if (!c.visible(now) || !c.listed(now)) {
        continue;
      }
      int startIndex = c.seq == cursor[0] ? (int) cursor[1] : 0;
      synchronized (c) {
        if (!filters.stream().allMatch(f -> f.matchesCommandPart(c))) {
          continue;
        }
        for (int k = startIndex; k < c.invocations.length; k++) {
          Invocation inv = c.invocations[k];
          if (instanceId != null && !inv.instance.id().equals(instanceId)) {
            continue;
          }
          if (!filters.stream().allMatch(f -> f.matches(inv))) {
            continue;
          }
          if (n == max) {
            out.put("NextToken", PageToken.encode("lci", c.seq, k));
            break outer;
          }
          list.add(CommandViews.invocation(inv, details));
          n++;
        }
      }
    }
    return out;
  }

  // ---- GetCommandInvocation ------------------------------------------------------------------

  private JsonNode getCommandInvocation(ObjectNode in, RequestContext ctx) {
    String commandId = Json.requiredText(in, "CommandId");
    String instanceId = Json.requiredText(in, "InstanceId");
    if (!COMMAND_ID.matcher(commandId).matches()) {
      throw invalidCommandId(commandId);
    }
    if (!SendCommandInput.INSTANCE_ID.matcher(instanceId).matches()) {
      throw new AwsException("InvalidInstanceId", "Invalid instance id: " + instanceId);
    }
    String pluginName = Json.optionalText(in, "PluginName");
    if (pluginName != null && pluginName.length() < 4) {
      throw SendCommandInput.constraint(
          pluginName, "pluginName", "Member must have length greater than or equal to 4");
    }
    Command c = store.get(commandId);
    long now = System.currentTimeMillis();
    Invocation inv = c == null ? null : c.invocation(instanceId);
    if (inv == null || !c.visible(now)) {
      throw new AwsException(
          "InvocationDoesNotExist",
          "An invocation of command "
              + commandId
              + " on instance "
              + instanceId
              + " does not exist (yet).");
    }
    if (pluginName != null && !c.document.steps().contains(pluginName)) {
      throw new AwsException(
          "InvalidPluginName",
          "The plugin name "
              + pluginName
              + " is not valid for document "
              + c.document.name()
              + " (steps: "
              + String.join(", ", c.document.steps())
              + ").");
    }
    synchronized (c) {
      String step = pluginName != null ? pluginName : CommandViews.defaultStep(inv);
      return CommandViews.getInvocation(inv, step, now);
    }
  }

  // ---- CancelCommand -------------------------------------------------------------------------

  private JsonNode cancelCommand(ObjectNode in, RequestContext ctx) {
    Command c = command(Json.requiredText(in, "CommandId"));
    List<String> ids = Json.textList(in, "InstanceIds");
    if (ids.size() > 50) {
      throw SendCommandInput.constraint(
          ids.toString(), "instanceIds", "Member must have length less than or equal to 50");
    }
    Set<String> selected = null;
    if (!ids.isEmpty()) {
      selected = new LinkedHashSet<>();
      for (String id : ids) {
        if (!SendCommandInput.INSTANCE_ID.matcher(id).matches()) {
          throw new AwsException("InvalidInstanceId", "Invalid instance id: " + id);
        }
        if (!selected.add(id)) {
          throw new AwsException(
              "DuplicateInstanceId",
              "Instance id " + id + " appears more than once in InstanceIds.");
        }
      }
    }
    dispatcher.cancel(c, selected);
    return Json.object();
  }

  // ---- shared input handling ------------------------------------------------------------------

  private Command command(String commandId) {
    if (!COMMAND_ID.matcher(commandId).matches()) {
      throw invalidCommandId(commandId);
    }
    Command c = store.get(commandId);
    if (c == null) {
      throw invalidCommandId(commandId);
    }
    return c;
  }

  private static AwsException invalidCommandId(String commandId) {
    return new AwsException(
        "InvalidCommandId", "The command ID " + commandId + " is not valid or does not exist.");
  }

  private static String instanceId(ObjectNode in) {
    String id = Json.optionalText(in, "InstanceId");
    if (id != null && !SendCommandInput.INSTANCE_ID.matcher(id).matches()) {
      throw new AwsException("InvalidInstanceId", "Invalid instance id: " + id);
    }
    return id;
  }

  private static int maxResults(ObjectNode in) {
    Integer max = Json.optionalInt(in, "MaxResults");
    if (max != null && (max < 1 || max > 50)) {
      throw SendCommandInput.constraint(
          max.toString(),
          "maxResults",
          max < 1
              ? "Member must have value greater than or equal to 1"
              : "Member must have value less than or equal to 50");
    }
    return max == null ? 50 : max;
  }

  /** A ListCommands / ListCommandInvocations filter. */
  private record Filter(String key, String value, Instant at) {
    boolean matchesCommandPart(Command c) {
      return switch (key) {
        case "InvokedAfter" -> !c.requested.isBefore(at);
        case "InvokedBefore" -> c.requested.isBefore(at);
        case "DocumentName" -> c.document.name().equals(value);
        default -> true;
      };
    }

    boolean matches(Command c) {
      return switch (key) {
        case "Status" -> statusMatches(c.status, c.statusDetails);
        case "ExecutionStage" -> value.equals("Complete") == (c.completed == c.targetCount());
        default -> matchesCommandPart(c);
      };
    }

    boolean matches(Invocation inv) {
      return !key.equals("Status") || statusMatches(inv.status(), inv.statusDetails());
    }

    /** Status filter values are status details, except TimedOut (delivery and execution). */
    private boolean statusMatches(String status, String details) {
      return value.equals("TimedOut") ? status.equals("TimedOut") : details.equals(value);
    }
  }

  private static List<Filter> filters(ObjectNode in, boolean invocations) {
    JsonNode node = in.get("Filters");
    List<JsonNode> raw = Json.objectList(in, "Filters");
    if (node != null && !node.isNull() && raw.isEmpty()) {
      throw SendCommandInput.constraint(
          "[]", "filters", "Member must have length greater than or equal to 1");
    }
    if (raw.size() > 5) {
      throw SendCommandInput.constraint(
          "[" + raw.size() + " filters]",
          "filters",
          "Member must have length less than or equal to 5");
    }
    List<Filter> out = new ArrayList<>();
    for (JsonNode f : raw) {
      String key = Json.optionalText(f, "key");
      String value = Json.optionalText(f, "value");
      if (key == null || value == null || value.isEmpty() || value.length() > 128) {
        throw AwsException.validation(
            "1 validation error detected: each filter needs a key"
                + " and a value of 1 to 128 characters");
      }
      Instant at = null;
      switch (key) {
        case "InvokedAfter", "InvokedBefore" -> at = timestamp(key, value);
        case "Status" -> {
          Set<String> allowed = invocations ? INVOCATION_STATUS_FILTERS : COMMAND_STATUS_FILTERS;
          if (!allowed.contains(value)) {
            throw AwsException.validation(
                "'"
                    + value
                    + "' is not a valid Status filter value;"
                    + " valid values: "
                    + new java.util.TreeSet<>(allowed));
          }
        }
        case "ExecutionStage" -> {
          if (invocations) {
            throw new AwsException(
                "InvalidFilterKey",
                "The ExecutionStage filter can't be used with ListCommandInvocations.");
          }
          if (!value.equals("Executing") && !value.equals("Complete")) {
            throw AwsException.validation(
                "ExecutionStage must be Executing or Complete, not '" + value + "'");
          }
        }
        case "DocumentName" -> {}
        default ->
            throw new AwsException(
                "InvalidFilterKey",
                "The filter key "
                    + key
                    + " is not valid. Valid keys: InvokedAfter, InvokedBefore, Status, DocumentName"
                    + (invocations ? "" : ", ExecutionStage"));
      }
      out.add(new Filter(key, value, at));
    }
    return out;
  }

  private static Instant timestamp(String key, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw AwsException.validation(
              "The "
                  + key
                  + " filter value '"
                  + value
                  + "' is not a timestamp such as 2024-07-07T00:00:00Z");
        }
      }
    }
  }
}
