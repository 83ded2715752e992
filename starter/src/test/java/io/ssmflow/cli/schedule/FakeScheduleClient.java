package io.ssmflow.cli.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleListInfo;
import io.temporal.client.schedules.ScheduleListSchedule;
import io.temporal.client.schedules.ScheduleListState;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.workflow.Functions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An in-memory {@link ScheduleClient} behaving as the SDK's does against a server: the action's
 * arguments go through the default data converter (as they would over the wire), a duplicate create
 * throws {@link ScheduleAlreadyRunningException}, an unknown schedule answers NOT_FOUND, trigger
 * records a run at the request time. Records every call.
 */
final class FakeScheduleClient implements ScheduleClient {
  static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  static final class Stored {
    Schedule schedule;
    final List<ScheduleActionResult> recent = new ArrayList<>();
    final Instant created = Instant.now();
  }

  final Map<String, Stored> schedules = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();

  @Override
  public synchronized ScheduleHandle createSchedule(
      String id, Schedule schedule, ScheduleOptions options) {
    calls.add("create " + id);
    if (schedules.containsKey(id)) {
      throw new ScheduleAlreadyRunningException(new StatusRuntimeException(Status.ALREADY_EXISTS));
    }
    Stored s = new Stored();
    s.schedule = overTheWire(schedule);
    schedules.put(id, s);
    return getHandle(id);
  }

  @Override
  public ScheduleHandle getHandle(String id) {
    return new Handle(id);
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules() {
    return listSchedules(null, null);
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(Integer pageSize) {
    return listSchedules(null, pageSize);
  }

  @Override
  public synchronized Stream<ScheduleListDescription> listSchedules(
      String query, Integer pageSize) {
    calls.add("list");
    List<ScheduleListDescription> out = new ArrayList<>();
    schedules.forEach(
        (id, s) ->
            out.add(
                new ScheduleListDescription(
                    id,
                    new ScheduleListSchedule(
                        new ScheduleListActionStartWorkflow(
                            ((ScheduleActionStartWorkflow) s.schedule.getAction())
                                .getWorkflowType()),
                        s.schedule.getSpec(),
                        new ScheduleListState(
                            s.schedule.getState().getNote(), s.schedule.getState().isPaused())),
                    new ScheduleListInfo(s.recent, List.of()),
                    Map.of(),
                    CONVERTER,
                    Map.of())));
    return out.stream();
  }

  synchronized Stored stored(String id) {
    Stored s = schedules.get(id);
    if (s == null) {
      throw new StatusRuntimeException(Status.NOT_FOUND.withDescription("schedule not found"));
    }
    return s;
  }

  /** The action's arguments as a server returns them: payloads, decoded on demand. */
  private static Schedule overTheWire(Schedule schedule) {
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    Object request = action.getArguments().get(0, Object.class);
    ScheduleActionStartWorkflow wire =
        ScheduleActionStartWorkflow.newBuilder(action)
            .setRawArguments(new EncodedValues(CONVERTER.toPayloads(request), CONVERTER))
            .build();
    return Schedule.newBuilder(schedule).setAction(wire).build();
  }

  private final class Handle implements ScheduleHandle {
    private final String id;

    Handle(String id) {
      this.id = id;
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public void backfill(List<ScheduleBackfill> backfills) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void delete() {
      synchronized (FakeScheduleClient.this) {
        calls.add("delete " + id);
        stored(id);
        schedules.remove(id);
      }
    }

    @Override
    public ScheduleDescription describe() {
      synchronized (FakeScheduleClient.this) {
        calls.add("describe " + id);
        Stored s = stored(id);
        return new ScheduleDescription(
            id,
            new ScheduleInfo(
                s.recent.size(),
                0,
                0,
                List.of(),
                List.copyOf(s.recent),
                List.of(),
                s.created,
                null),
            s.schedule,
            Map.of(),
            SearchAttributes.EMPTY,
            Map.of(),
            CONVERTER);
      }
    }

    @Override
    public void pause(String note) {
      setPaused(true, note);
    }

    @Override
    public void pause() {
      pause("");
    }

    @Override
    public void unpause(String note) {
      setPaused(false, note);
    }

    @Override
    public void unpause() {
      unpause("");
    }

    private void setPaused(boolean paused, String note) {
      synchronized (FakeScheduleClient.this) {
        calls.add((paused ? "pause " : "unpause ") + id + ": " + note);
        Stored s = stored(id);
        s.schedule =
            Schedule.newBuilder(s.schedule)
                .setState(
                    ScheduleState.newBuilder(s.schedule.getState())
                        .setPaused(paused)
                        .setNote(note)
                        .build())
                .build();
      }
    }

    @Override
    public void trigger(ScheduleOverlapPolicy overlapPolicy) {
      synchronized (FakeScheduleClient.this) {
        calls.add("trigger " + id);
        Stored s = stored(id);
        Instant now = Instant.now();
        String workflowId =
            ((ScheduleActionStartWorkflow) s.schedule.getAction()).getOptions().getWorkflowId()
                + "-"
                + now;
        s.recent.add(
            new ScheduleActionResult(
                now,
                now,
                new ScheduleActionExecutionStartWorkflow(workflowId, "run-" + s.recent.size())));
      }
    }

    @Override
    public void trigger() {
      trigger(null);
    }

    @Override
    public void update(Functions.Func1<ScheduleUpdateInput, ScheduleUpdate> updater) {
      ScheduleDescription current = describe();
      ScheduleUpdate update = updater.apply(new ScheduleUpdateInput(current));
      synchronized (FakeScheduleClient.this) {
        calls.add("update " + id);
        stored(id).schedule = overTheWire(update.getSchedule());
      }
    }
  }
}
