package io.ssmflow.workflows.fleetrun;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The launch window of a flow's fleet runs, held in the flow's workflow: MaxConcurrency (the
 * window's slots), the MaxErrors count over all slices, the launch cutoff, pause and stop live
 * here, in one place. Instances are executed by {@link FleetRunWorkflow} slices. The window grants
 * its slots to the slices in launch order; a slice keeps a slot while it has instances to launch
 * (an instance that ends frees the slot for the slice's next one at once) and gives it back when it
 * has none, and the window grants it to the next slice. Slices report finished instances and
 * errors; the window holds them on pause and stops them on stop, on MaxErrors and at the cutoff.
 * Slices are signalled by workflow id only, so a slice that continued as new still hears them.
 *
 * <p>Create one per flow workflow (it registers the report listener) and call {@link #run} for each
 * pass (canary, rollout, rollback...). Pause, resume and stop may be called from signal handlers.
 * When the flow is cancelled, {@link #run} throws the cancellation; call {@link #drain} from a
 * detached scope to let the slices' in-flight instances finish.
 */
public final class FleetRun implements FleetRunParent {
  private static final Logger log = Workflow.getLogger(FleetRun.class);

  private Pass current;
  private boolean paused;
  private String requestedStop;
  private boolean wake;

  public FleetRun() {
    Workflow.registerListener((FleetRunParent) this);
  }

  /** The result of one pass. */
  public record Result(Map<String, InstanceResult> instances, int errors, String stopReason) {}

  /** Runs one pass to its end (or throws the flow's cancellation). */
  public Result run(FleetRunSpec spec) {
    return run(spec, null);
  }

  /**
   * Runs one pass over the spec's instances and those the feed adds while it runs (targets still
   * being resolved): slices start on what has arrived, {@link FleetRunSpec#sliceSize} instances at
   * a time, or fewer when the window has slots that no slice can use. The pass ends once the feed
   * is complete and every slice has ended; a feed that fails stops launching.
   */
  public Result run(FleetRunSpec spec, InstanceFeed feed) {
    current = new Pass(spec, feed);
    requestedStop = null;
    current.loop();
    return current.result();
  }

  /** After a cancel: stops launching, lets the current pass's in-flight instances finish. */
  public Result drain(String reason) {
    if (current == null) {
      return new Result(Map.of(), 0, reason);
    }
    if (current.stopReason == null) {
      current.stopReason = reason;
    }
    current.loop();
    return current.result();
  }

  public void pause() {
    paused = true;
    wake = true;
  }

  public void resume() {
    paused = false;
    wake = true;
  }

  public boolean paused() {
    return paused;
  }

  /** Stops launching in the current pass (in-flight instances finish). */
  public void stop(String reason) {
    requestedStop = reason == null || reason.isBlank() ? "stopped" : reason;
    wake = true;
  }

  /** The current pass's counts, or null before the first pass. */
  public RunCounts counts() {
    return current == null ? null : current.counts();
  }

  /** The current pass's finished instances so far (instance id order of launch). */
  public Map<String, InstanceResult> finished() {
    return current == null ? Map.of() : current.finals;
  }

  /** The slice that owns an instance of the current pass, or null. */
  public String sliceOf(String instanceId) {
    return current == null ? null : current.sliceOf(instanceId);
  }

  /** Whether this instance of the current pass started (as its slice last reported) or is final. */
  public boolean launched(String instanceId) {
    if (current == null) {
      return false;
    }
    Integer i = current.index.get(instanceId);
    if (i == null) {
      return false;
    }
    SliceRun s = current.sliceAt(i);
    return s != null && i - s.from < s.launched || current.finals.containsKey(instanceId);
  }

  @Override
  public void report(SliceReport report) {
    if (current != null) {
      current.onReport(report);
    }
  }

  /** One slice of the current pass. */
  private static final class SliceRun {
    final String id;
    final int from;
    final int to;

    /** Slots granted, ever (exact: only the window grants). */
    int granted;

    /** As last reported: slots given back, instances final, launched, errors. */
    int released;

    int finishedTotal;
    int launched;
    int errors;
    boolean started;
    boolean holdSent;
    boolean finishSent;
    boolean done;
    Promise<SliceReport> result;

    SliceRun(String id, int from, int to) {
      this.id = id;
      this.from = from;
      this.to = to;
    }

    /** Slots of the window it holds (never fewer than it really does: reports lag). */
    int held() {
      return done ? 0 : granted - released;
    }

    /**
     * Launched, not final. A slice that may launch keeps every slot it holds full until it runs out
     * of instances, so that is known between its reports; a held or stopped one, as last reported.
     */
    int inFlight(boolean paused) {
      if (done) {
        return 0;
      }
      int reported = Math.max(0, launched - finishedTotal);
      if (paused || holdSent || finishSent) {
        return reported;
      }
      return Math.max(reported, Math.min(held(), (to - from) - finishedTotal));
    }

    /** Instances that none of the slots it holds will take, as last reported. */
    int need() {
      return done ? 0 : Math.max(0, (to - from) - held() - finishedTotal);
    }
  }

  private final class Pass {
    final FleetRunSpec spec;
    final List<SliceRun> slices = new ArrayList<>();
    final Map<String, SliceRun> byId = new LinkedHashMap<>();
    final Map<String, InstanceResult> finals = new LinkedHashMap<>();
    final Map<String, Integer> index = new java.util.HashMap<>();

    /** The pass's instances in launch order: the spec's, then what the feed added. */
    final List<String> ids = new ArrayList<>();

    /** Null when the spec has every instance. */
    final InstanceFeed feed;

    /** How many of {@link #ids} belong to a slice (the first ones). */
    int sliced;

    /** How many of the feed's ids the pass has taken. */
    int fed;

    /** The feed is complete and every instance it gave is in {@link #ids}. */
    boolean feedEnded;

    String stopReason;

    Pass(FleetRunSpec spec, InstanceFeed feed) {
      this.spec = spec;
      this.feed = feed;
      spec.instanceIds().forEach(this::add);
      fed = spec.instanceIds().size();
      if (feed != null) {
        takeFeed();
        return;
      }
      // Every instance known: slices of even size.
      int n = ids.size();
      int count = (n + spec.sliceSize() - 1) / spec.sliceSize();
      for (int i = 0; i < count; i++) {
        addSlice((int) ((long) n * (i + 1) / count));
      }
    }

    private void add(String id) {
      if (index.putIfAbsent(id, ids.size()) == null) {
        ids.add(id);
      }
    }

    /** Instances {@link #sliced} to {@code to} become the next slice. */
    private void addSlice(int to) {
      int k = slices.size() + 1;
      SliceRun s =
          new SliceRun(
              Workflow.getInfo().getWorkflowId() + "/" + spec.childPrefix() + "-" + k, sliced, to);
      slices.add(s);
      byId.put(s.id, s);
      sliced = to;
    }

    /** Takes what the feed added; full slices are cut at once, the rest once the feed ends. */
    void takeFeed() {
      if (feed == null) {
        return;
      }
      List<String> all = feed.ids();
      for (; fed < all.size(); fed++) {
        add(all.get(fed));
      }
      feedEnded = feed.complete();
      while (ids.size() - sliced >= spec.sliceSize()) {
        addSlice(sliced + spec.sliceSize());
      }
      if (feedEnded && ids.size() > sliced) {
        addSlice(ids.size());
      }
    }

    /** Whether the feed has instances or an end that the pass has not taken yet. */
    boolean feedNews() {
      return feed != null && (feed.ids().size() > fed || feed.complete() != feedEnded);
    }

    /**
     * Slots given back that are worth a report at once from a slice told to finish (a slice with
     * nothing left to launch reports what it gave back each turn; one that launches gives none).
     */
    int quantum() {
      return Math.max(1, Math.min(25, spec.concurrency() / 10));
    }

    void loop() {
      while (true) {
        // Cleared before anything that may yield (signals, child starts): a report handled
        // while this turn runs must wake the wait below, not be forgotten.
        wake = false;
        if (CancellationScope.current().isCancelRequested()) {
          // A report handled in the same workflow task as the cancel request wakes the wait
          // below without throwing: nothing may be granted after the cancel (the caller drains).
          throw new CanceledFailure("fleet run cancelled");
        }
        takeFeed();
        checkStop();
        if (stopReason == null && !paused) {
          grant();
        }
        for (SliceRun s : slices) {
          if (s.started && !s.done && !s.finishSent && stopReason != null) {
            s.finishSent = true;
            signal(s, stub -> stub.finish());
          } else if (s.started && !s.done && !s.finishSent && s.holdSent != paused) {
            boolean hold = paused;
            s.holdSent = hold;
            signal(s, stub -> stub.hold(hold));
          }
        }
        boolean over =
            (stopReason != null || slices.stream().allMatch(s -> s.started))
                && (feed == null || feedEnded);
        if (over && slices.stream().noneMatch(s -> s.started && !s.done)) {
          if (FleetRunSpec.CUTOFF.equals(stopReason) && finals.size() == index.size()) {
            stopReason = null; // every instance had started when the cutoff came
          }
          return;
        }
        long cutoff = spec.launchCutoffMillis();
        long now = Workflow.currentTimeMillis();
        if (stopReason == null && cutoff > 0 && cutoff > now && unlaunched()) {
          Workflow.await(Duration.ofMillis(cutoff - now), this::news);
        } else {
          Workflow.await(this::news);
        }
        for (SliceRun s : slices) {
          if (s.started && !s.done && s.result.isCompleted()) {
            collect(s);
          }
        }
      }
    }

    boolean news() {
      return wake
          || feedNews()
          || slices.stream().anyMatch(s -> s.started && !s.done && s.result.isCompleted());
    }

    void checkStop() {
      if (stopReason != null) {
        return;
      }
      if (requestedStop != null) {
        stopReason = requestedStop;
      } else if (feed != null && feed.failure() != null) {
        stopReason = feed.failure();
        log.warn("{}: no new instance starts", stopReason);
      } else if (errors() > spec.errorThreshold()) {
        stopReason = "MaxErrors exceeded";
        log.info(
            "{} errors exceed MaxErrors {}: no new instance starts",
            errors(),
            spec.errorThreshold());
      } else if (spec.launchCutoffMillis() > 0
          && Workflow.currentTimeMillis() >= spec.launchCutoffMillis()
          && unlaunched()) {
        stopReason = FleetRunSpec.CUTOFF;
        log.info("launch cutoff reached: no new instance starts");
      }
    }

    /** Whether some instance may not have started yet (as the slices last reported). */
    boolean unlaunched() {
      return sliced < ids.size()
          || feed != null && !feedEnded
          || slices.stream().anyMatch(s -> !s.done && s.launched < s.to - s.from);
    }

    /** Grants the window's free slots to the slices that need them, in launch order. */
    void grant() {
      int held = 0;
      int wanted = 0;
      for (SliceRun s : slices) {
        held += s.held();
        wanted += s.need();
      }
      int free = spec.concurrency() - held;
      if (free > wanted && sliced < ids.size()) {
        // Slots no slice can use while the feed is still filling the next one: start it now.
        addSlice(Math.min(ids.size(), sliced + spec.sliceSize()));
        wanted += slices.get(slices.size() - 1).need();
      }
      if (free <= 0 || wanted <= 0) {
        return;
      }
      // No waiting for a handful: slots come back in one report per turn of a slice that has
      // nothing left to launch, so a grant per report is bounded by turns, not by instances.
      for (SliceRun s : slices) {
        int k = Math.min(free, s.need());
        if (k <= 0) {
          continue;
        }
        free -= k;
        if (!s.started) {
          start(s, k);
        } else {
          s.granted += k;
          Grant g = new Grant(k, errors() - s.errors);
          signal(s, stub -> stub.grant(g));
        }
        if (free == 0) {
          return;
        }
      }
    }

    /** The restore points of these instances that the spec carries (only theirs). */
    private Map<String, List<String>> restorePoints(List<String> ids) {
      if (spec.restorePoints().isEmpty()) {
        return null;
      }
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String id : ids) {
        List<String> snapshots = spec.restorePoints().get(id);
        if (snapshots != null && !snapshots.isEmpty()) {
          out.put(id, snapshots);
        }
      }
      return out;
    }

    void start(SliceRun s, int granted) {
      s.started = true;
      s.granted = granted;
      // Errors matter unless the threshold is beyond every instance the pass may have.
      boolean errorsMatter =
          feed != null && !feedEnded
              ? spec.errorThreshold() < Integer.MAX_VALUE
              : spec.errorThreshold() < ids.size();
      SliceRequest request =
          new SliceRequest(
              spec.plan(),
              List.copyOf(ids.subList(s.from, s.to)),
              granted,
              Workflow.getInfo().getWorkflowId(),
              spec.errorThreshold(),
              errors(),
              spec.launchCutoffMillis(),
              errorsMatter,
              quantum(),
              spec.reportIntervalMillis(),
              spec.historyBudget(),
              null,
              restorePoints(ids.subList(s.from, s.to)));
      SearchAttributes attributes = Workflow.getTypedSearchAttributes();
      String summary =
          spec.summary()
              + (spec.summary().isEmpty() ? "" : ": ")
              + "slice "
              + (slices.indexOf(s) + 1)
              + (feed == null || feedEnded ? "/" + slices.size() : "")
              + ", "
              + (s.to - s.from)
              + " instances";
      List<FleetRunWorkflow> stub = new ArrayList<>(1);
      // Detached: cancelling the flow must not cancel its slices mid-command; the flow stops
      // them itself (finish) and waits for their in-flight instances.
      Workflow.newDetachedCancellationScope(
              () -> {
                ChildWorkflowOptions.Builder options =
                    ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(s.id)
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
                        .setStaticSummary(summary);
                if (attributes.size() > 0) {
                  options.setTypedSearchAttributes(attributes);
                }
                stub.add(Workflow.newChildWorkflowStub(FleetRunWorkflow.class, options.build()));
                s.result = Async.function(stub.get(0)::run, request);
              })
          .run();
      Workflow.getWorkflowExecution(stub.get(0)).get();
    }

    void signal(SliceRun s, java.util.function.Consumer<FleetRunWorkflow> call) {
      try {
        call.accept(Workflow.newExternalWorkflowStub(FleetRunWorkflow.class, s.id));
      } catch (SignalExternalWorkflowException | ApplicationFailure e) {
        // The slice is gone (terminated by hand): its end is collected with its result.
        log.warn("slice {} did not take a signal: {}", s.id, e.getMessage());
      }
    }

    void onReport(SliceReport r) {
      SliceRun s = byId.get(r.sliceId());
      if (s == null || s.done) {
        return;
      }
      take(s, r);
      wake = true;
    }

    void take(SliceRun s, SliceReport r) {
      s.finishedTotal = Math.max(s.finishedTotal, r.finishedTotal());
      s.errors = Math.max(s.errors, r.errors());
      s.launched = Math.max(s.launched, r.launched());
      s.released = Math.max(s.released, r.released());
      for (InstanceResult i : r.finished()) {
        finals.put(i.instanceId(), i);
      }
    }

    void collect(SliceRun s) {
      try {
        take(s, s.result.get());
      } catch (ChildWorkflowFailure e) {
        // The slice's reports already gave the instances that finished. It never launches more
        // than its launch slack past what it last reported: the instances up to there may have
        // started, and their state is unknown: they failed (and count); the rest did not start.
        log.error("slice {} failed: {}", s.id, Failures.message(e));
        int lost = 0;
        int slack = FleetRunWorkflowImpl.launchSlack(s.held(), s.to - s.from);
        int mayHaveStarted = Math.min(s.to, s.from + s.launched + slack);
        for (int i = s.from; i < mayHaveStarted; i++) {
          String id = ids.get(i);
          if (!finals.containsKey(id)) {
            lost++;
            finals.put(
                id,
                new InstanceResult(
                    id,
                    RunState.FAILED,
                    null,
                    "slice " + s.id + " failed: " + Failures.message(e) + "; state unknown",
                    true,
                    List.of(),
                    List.of()));
          }
        }
        s.errors += lost;
        for (int i = mayHaveStarted; i < s.to; i++) {
          String id = ids.get(i);
          if (!finals.containsKey(id)) {
            finals.put(id, InstanceResult.skipped(id, "not started: slice " + s.id + " failed"));
          }
        }
      } catch (TemporalFailure e) {
        throw e;
      }
      s.done = true;
    }

    /** The slice of the instance at {@code index}, or null while none has it yet. */
    SliceRun sliceAt(int index) {
      for (SliceRun s : slices) {
        if (index >= s.from && index < s.to) {
          return s;
        }
      }
      return null;
    }

    String sliceOf(String instanceId) {
      Integer i = index.get(instanceId);
      SliceRun s = i == null ? null : sliceAt(i);
      return s == null ? null : s.id;
    }

    /** Launched, not final. */
    int inFlight() {
      int n = 0;
      for (SliceRun s : slices) {
        n += s.inFlight(paused || stopReason != null);
      }
      return n;
    }

    int errors() {
      int n = 0;
      for (SliceRun s : slices) {
        n += s.errors;
      }
      return n;
    }

    RunCounts counts() {
      return RunCounts.of(ids.size(), finals.values(), inFlight(), errors(), stopReason);
    }

    Result result() {
      Map<String, InstanceResult> all = new LinkedHashMap<>();
      String why =
          FleetRunSpec.CUTOFF.equals(stopReason)
              ? FleetRunSpec.CUTOFF
              : "not started: " + stopReason;
      for (String id : ids) {
        InstanceResult r = finals.get(id);
        all.put(id, r != null ? r : InstanceResult.skipped(id, why));
      }
      return new Result(all, errors(), stopReason);
    }
  }
}
