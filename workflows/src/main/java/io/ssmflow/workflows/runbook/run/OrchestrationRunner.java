package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.doc.DagGraph;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.ssmflow.workflows.runbook.doc.StepSpec;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * An orchestration: every step whose dependencies succeeded starts at once (independent steps run
 * in parallel); after a failure nothing new starts, the running steps finish, and the rollbacks of
 * the completed steps run in reverse dependency order (a step is undone only after every completed
 * step that depends on it; independent rollbacks in parallel). A cancel does the same after the
 * running steps stop.
 */
final class OrchestrationRunner {
  private static final Logger log = Workflow.getLogger(OrchestrationRunner.class);

  /** Where a step is. */
  enum Node {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    SKIPPED,
    ROLLED_BACK,
    ROLLBACK_FAILED
  }

  private final RunbookDocument doc;
  private final StepRunner steps;
  private final ExecutionState state;
  private final DagGraph graph;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<Promise<Void>> running = new ArrayList<>();
  private int changes;
  private AutomationStatus firstFailure;

  OrchestrationRunner(RunbookDocument doc, StepRunner steps, ExecutionState state) {
    this.doc = doc;
    this.steps = steps;
    this.state = state;
    this.graph = new DagGraph(doc.steps());
  }

  /** Runs the graph; {@code done} are steps that succeeded before a redrive. */
  void run(Set<String> done) {
    state.status = AutomationStatus.IN_PROGRESS;
    for (StepSpec s : doc.steps()) {
      nodes.put(s.name(), done.contains(s.name()) ? Node.SUCCEEDED : Node.PENDING);
    }
    try {
      forward();
    } catch (CanceledFailure e) {
      state.status = AutomationStatus.CANCELLING;
      state.failureMessage = "cancelled";
      Workflow.newDetachedCancellationScope(
              () -> {
                Workflow.await(() -> !nodes.containsValue(Node.RUNNING));
                skipPending();
                rollBack();
              })
          .run();
      state.status = AutomationStatus.CANCELLED;
      return;
    }
    skipPending();
    if (firstFailure == null) {
      state.status = AutomationStatus.SUCCESS;
      return;
    }
    List<String> undone = rollBack();
    if (!undone.isEmpty()) {
      state.failureMessage = state.failureMessage + "; rolled back " + String.join(", ", undone);
    }
    state.status = firstFailure;
  }

  private void forward() {
    while (true) {
      if (firstFailure == null) {
        for (StepSpec s : doc.steps()) {
          if (nodes.get(s.name()) == Node.PENDING
              && s.dependsOn().stream().allMatch(d -> nodes.get(d) == Node.SUCCEEDED)) {
            start(s);
          }
        }
      }
      if (!nodes.containsValue(Node.RUNNING)) {
        return;
      }
      int seen = changes;
      Workflow.await(() -> changes > seen);
      rethrowUnexpected();
    }
  }

  private void start(StepSpec s) {
    nodes.put(s.name(), Node.RUNNING);
    running.add(
        Async.procedure(
            () -> {
              try {
                StepRunner.StepOutcome o = steps.run(s, graph.dependents(s.name()));
                if (o.status() == AutomationStatus.SUCCESS) {
                  nodes.put(s.name(), Node.SUCCEEDED);
                } else {
                  nodes.put(s.name(), Node.FAILED);
                  if (firstFailure == null) {
                    firstFailure = o.status();
                  }
                  state.failedAt(s.name(), o.status(), o.message());
                }
              } catch (CanceledFailure e) {
                nodes.put(s.name(), Node.CANCELLED);
                if (state.haltedAt == null) {
                  state.haltedAt = s.name();
                }
              } finally {
                changes++;
              }
            }));
  }

  /** A bug in a step's code surfaces instead of being lost in its coroutine. */
  private void rethrowUnexpected() {
    for (Promise<Void> p : running) {
      if (p.isCompleted()
          && p.getFailure() != null
          && !(p.getFailure() instanceof CanceledFailure)) {
        throw p.getFailure();
      }
    }
  }

  private void skipPending() {
    nodes.replaceAll((k, v) -> v == Node.PENDING ? Node.SKIPPED : v);
  }

  /**
   * Undoes the completed steps, each after all completed steps that depend on it; answers the steps
   * whose rollback ran.
   */
  private List<String> rollBack() {
    List<String> undone = new ArrayList<>();
    while (true) {
      List<StepSpec> wave = new ArrayList<>();
      for (StepSpec s : doc.steps()) {
        if (nodes.get(s.name()) == Node.SUCCEEDED
            && graph.dependents(s.name()).stream().noneMatch(d -> nodes.get(d) == Node.SUCCEEDED)) {
          wave.add(s);
        }
      }
      if (wave.isEmpty()) {
        return undone;
      }
      List<Promise<Void>> rollbacks = new ArrayList<>();
      List<String> outcomes = new ArrayList<>();
      for (StepSpec s : wave) {
        if (s.rollback() == null) {
          nodes.put(s.name(), Node.ROLLED_BACK);
          continue;
        }
        rollbacks.add(
            Async.procedure(
                () -> {
                  StepRunner.StepOutcome o = steps.rollback(s);
                  boolean ok = o.status() == AutomationStatus.SUCCESS;
                  nodes.put(s.name(), ok ? Node.ROLLED_BACK : Node.ROLLBACK_FAILED);
                  if (!ok) {
                    log.warn("rollback of {} ended {}: {}", s.name(), o.status(), o.message());
                  }
                }));
        outcomes.add(s.name());
      }
      if (!rollbacks.isEmpty()) {
        Promise.allOf(rollbacks).get();
      }
      for (String name : outcomes) {
        undone.add(name + (nodes.get(name) == Node.ROLLED_BACK ? "" : " (its rollback failed)"));
      }
    }
  }
}
