package io.ssmflow.workflows.runbook.run;

import io.ssmflow.workflows.deploy.Approval;
import io.ssmflow.workflows.fleet.FleetActivities;
import io.ssmflow.workflows.fleet.ResolvedTargets;
import io.ssmflow.workflows.fleetrun.Failures;
import io.ssmflow.workflows.runbook.AutomationExecution;
import io.ssmflow.workflows.runbook.AutomationStatus;
import io.ssmflow.workflows.runbook.Redrive;
import io.ssmflow.workflows.runbook.RunbookActivities;
import io.ssmflow.workflows.runbook.RunbookRequest;
import io.ssmflow.workflows.runbook.RunbookWorkflow;
import io.ssmflow.workflows.runbook.StepExecution;
import io.ssmflow.workflows.runbook.doc.DocumentFormat;
import io.ssmflow.workflows.runbook.doc.ParameterBinder;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.ssmflow.workflows.runbook.doc.Values;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A runbook run: binds the parameters (resolving {@code --targets} into InstanceIds first), then
 * hands the document to the runner of its format; the ledger of step executions, the outputs and
 * the waiting approvals live here, where the query and the updates reach them.
 */
public class RunbookWorkflowImpl implements RunbookWorkflow {
  private final Gates gates = new Gates();
  private final StepLedger ledger = new StepLedger();
  private final ExecutionState state = new ExecutionState();
  private RunbookRequest request;
  private ExecutionContext context;
  private Map<String, Object> bound = Map.of();
  private long startMillis;

  @Override
  public AutomationExecution run(RunbookRequest input) {
    request = input;
    startMillis = Workflow.currentTimeMillis();
    RunbookDocument doc = input.document();
    Workflow.setCurrentDetails(
        "runbook "
            + doc.name()
            + " ("
            + doc.format().name().toLowerCase(java.util.Locale.ROOT)
            + ", "
            + doc.steps().size()
            + " steps)");
    Redrive redrive = input.redrive();
    if (redrive != null) {
      ledger.carry(redrive.steps());
    }
    String problem = bindParameters(input);
    context =
        new ExecutionContext(
            Workflow.getInfo().getWorkflowId(),
            bound,
            redrive == null ? Map.of() : redrive.outputs(),
            this::awsContext);
    if (problem != null) {
      state.status = AutomationStatus.FAILED;
      state.failureMessage = problem;
    } else {
      StepRunner runner =
          new StepRunner(new Actions(input, gates), context, ledger, input.launchCutoffMillis());
      if (doc.format() == DocumentFormat.AUTOMATION) {
        new AutomationRunner(doc, runner, state).run(redrive == null ? null : redrive.fromStep());
      } else {
        new OrchestrationRunner(doc, runner, state)
            .run(redrive == null ? Set.of() : succeededBefore(redrive));
      }
    }
    state.endMillis = Workflow.currentTimeMillis();
    Workflow.setCurrentDetails("runbook " + doc.name() + ": " + state.status.awsName());
    return execution();
  }

  /** Binds the parameters; answers why they cannot be bound, or null. */
  private String bindParameters(RunbookRequest input) {
    Map<String, Object> given = new LinkedHashMap<>(input.parameters());
    if (input.instanceTargets() != null) {
      try {
        ResolvedTargets t =
            Workflow.newActivityStub(
                    FleetActivities.class,
                    RunbookActivityOptions.call(
                        "resolve --targets " + input.instanceTargets().describe()))
                .resolveTargets(input.instanceTargets());
        if (t.eligible().isEmpty()) {
          return "no eligible instance matched "
              + input.instanceTargets().describe()
              + " ("
              + t.skipped().size()
              + " skipped)";
        }
        given.put(RunbookRequest.INSTANCE_IDS, t.eligible());
      } catch (ActivityFailure e) {
        return "could not resolve "
            + input.instanceTargets().describe()
            + ": "
            + Failures.message(e);
      }
    }
    try {
      bound = ParameterBinder.bind(input.document(), given);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The steps an orchestration redrive does not run again: the last execution of each that
   * succeeded, unless its rollback ran since.
   */
  private static Set<String> succeededBefore(Redrive redrive) {
    Set<String> done = new HashSet<>();
    for (StepExecution s : redrive.steps()) {
      if (s.stepName().startsWith("rollback:")) {
        done.remove(s.stepName().substring("rollback:".length()));
      } else if (s.status() == AutomationStatus.SUCCESS) {
        done.add(s.stepName());
      } else {
        done.remove(s.stepName());
      }
    }
    return done;
  }

  private io.ssmflow.workflows.runbook.AwsContext awsContext() {
    return Workflow.newActivityStub(
            RunbookActivities.class, RunbookActivityOptions.call("AWS region"))
        .awsContext();
  }

  @Override
  public AutomationExecution execution() {
    if (request == null) {
      return new AutomationExecution(
          Workflow.getInfo().getWorkflowId(),
          null,
          null,
          AutomationStatus.PENDING,
          0,
          0,
          Map.of(),
          Map.of(),
          null,
          null,
          null,
          null,
          List.of(),
          null,
          0,
          List.of());
    }
    AutomationStatus status =
        state.status == AutomationStatus.IN_PROGRESS && gates.waiting()
            ? AutomationStatus.WAITING
            : state.status;
    StepLedger.Entry current = ledger.current();
    Map<String, List<String>> params = new LinkedHashMap<>();
    bound.forEach((k, v) -> params.put(k, Values.strings(v)));
    List<StepExecution> steps = ledger.all();
    Set<String> ran = new HashSet<>();
    steps.forEach(s -> ran.add(s.stepName()));
    List<String> pending =
        request.document().steps().stream()
            .map(s -> s.name())
            .filter(n -> !ran.contains(n))
            .toList();
    return new AutomationExecution(
        Workflow.getInfo().getWorkflowId(),
        request.document().name(),
        request.document().format(),
        status,
        startMillis,
        state.endMillis,
        params,
        documentOutputs(),
        state.failureMessage,
        current == null ? null : current.stepName,
        current == null ? null : current.action,
        state.haltedAt,
        steps,
        request.executedBy(),
        request.redrive() == null ? 0 : request.redrive().count(),
        pending);
  }

  private Map<String, List<String>> documentOutputs() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (context == null) {
      return out;
    }
    for (String ref : request.document().outputs()) {
      String name = ref.trim();
      int dot = name.indexOf('.');
      Map<String, Object> values = dot < 0 ? null : context.outputs().get(name.substring(0, dot));
      if (values != null && values.containsKey(name.substring(dot + 1))) {
        out.put(name, Values.strings(values.get(name.substring(dot + 1))));
      }
    }
    return out;
  }

  @Override
  public RunbookRequest request() {
    return request;
  }

  @Override
  public Redrive redrive() {
    if (request == null
        || !state.status.terminal()
        || state.status == AutomationStatus.SUCCESS
        || context == null) {
      return null;
    }
    String from = state.haltedAt;
    if (from == null && request.document().format() == DocumentFormat.AUTOMATION) {
      from = request.document().steps().get(0).name();
    }
    int count = request.redrive() == null ? 1 : request.redrive().count() + 1;
    return new Redrive(from, ledger.all(), context.outputs(), count);
  }

  @Override
  public String approve(Approval approval) {
    return gates.decide(Gates.APPROVE, approval);
  }

  @Override
  public void validateApprove(Approval approval) {
    gates.validate(Gates.APPROVE, approval);
  }

  @Override
  public String reject(Approval approval) {
    return gates.decide(Gates.REJECT, approval);
  }

  @Override
  public void validateReject(Approval approval) {
    gates.validate(Gates.REJECT, approval);
  }

  @Override
  public String resume(Approval approval) {
    return gates.decide(Gates.RESUME, approval);
  }

  @Override
  public void validateResume(Approval approval) {
    gates.validate(Gates.RESUME, approval);
  }
}
