package io.ssmflow.cli.ops;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.common.SsmflowAttributes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.common.converter.DefaultDataConverter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow list}: ssmflow's workflows, newest first, optionally filtered by operation,
 * status, app and environment (a visibility query on ssmflow's search attributes; needs a real
 * Temporal server).
 */
@Command(
    name = "list",
    description =
        "List ssmflow workflows (needs a real Temporal server:"
            + " `ssmflow dev` with the temporal CLI or tools/temporal-dev, or a cluster).")
public final class ListCommand implements Callable<Integer> {
  static final String NO_VISIBILITY =
      "list needs workflow visibility, which the Java test"
          + " server does not have: run `ssmflow dev` with a real Temporal dev server (the"
          + " `temporal` CLI on PATH or tools/temporal-dev/build.sh), or point TEMPORAL_ADDRESS at a"
          + " Temporal cluster (e.g. `docker-compose up -d`)";

  /** What ssmflow sets as SsmflowOperation (window tasks set deploy, patch or audit). */
  static final List<String> OPERATIONS =
      List.of(
          "deploy", "patch", "audit", "window", "params-push", "params-audit", "params-rollback");

  /** Temporal's execution statuses, as the CLI prints them, and their visibility names. */
  static final Map<String, String> STATUSES =
      Map.of(
          "running",
          "Running",
          "completed",
          "Completed",
          "failed",
          "Failed",
          "canceled",
          "Canceled",
          "terminated",
          "Terminated",
          "timed_out",
          "TimedOut",
          "continued_as_new",
          "ContinuedAsNew");

  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many (default: " + "${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--operation",
      paramLabel = "OP",
      description =
          "Only this operation: deploy,"
              + " patch, audit, window, params-push, params-audit, params-rollback.")
  String operation;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "Only runs in this status:"
              + " running, completed, failed, canceled, terminated, timed_out, continued_as_new.")
  String status;

  @Option(names = "--app", paramLabel = "APP", description = "Only this application.")
  String app;

  @Option(names = "--env", paramLabel = "ENV", description = "Only this environment.")
  String env;

  @Option(
      names = "--children",
      description =
          "Also the child workflows (a deployment's"
              + " rollout slices, a window's tasks); by default only the runs started directly.")
  boolean children;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 1000) {
      throw CliError.badInput("limit must be between 1 and 1000, not " + limit);
    }
    String query = query();
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      ListWorkflowExecutionsResponse response;
      try {
        response =
            connection
                .stubs()
                .blockingStub()
                .listWorkflowExecutions(
                    ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(connection.config().namespace())
                        .setPageSize(limit)
                        .setQuery(query)
                        .build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          throw CliError.badInput(NO_VISIBILITY);
        }
        throw e;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (WorkflowExecutionInfo info : response.getExecutionsList()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("workflowId", info.getExecution().getWorkflowId());
        row.put("type", info.getType().getName());
        row.put("operation", keyword(info, SsmflowAttributes.OPERATION.getName()));
        row.put("status", DeploymentWatcher.statusName(info.getStatus()));
        row.put("started", Instant.ofEpochSecond(info.getStartTime().getSeconds()).toString());
        row.put("app", keyword(info, SsmflowAttributes.APP.getName()));
        row.put("environment", keyword(info, SsmflowAttributes.ENVIRONMENT.getName()));
        row.put("runbook", keyword(info, SsmflowAttributes.DOCUMENT.getName()));
        rows.add(row);
      }
      PrintWriter out = cli.out();
      if (common.json()) {
        out.println(Json.write(rows));
      } else {
        out.println(
            String.format(
                "%-40s %-11s %-12s %-22s %-12s %-12s %s",
                "WORKFLOW ID", "OPERATION", "STATUS", "STARTED", "APP", "ENV", "RUNBOOK"));
        for (Map<String, Object> r : rows) {
          out.println(
              String.format(
                  "%-40s %-11s %-12s %-22s %-12s %-12s %s",
                  r.get("workflowId"),
                  r.get("operation"),
                  r.get("status"),
                  r.get("started"),
                  r.get("app"),
                  r.get("environment"),
                  r.get("runbook") == null ? "" : r.get("runbook")));
        }
      }
      return 0;
    }
  }

  /** The visibility query for the flags; every value is checked, so nothing is injected. */
  String query() {
    List<String> terms = new ArrayList<>();
    if (operation == null) {
      terms.add(SsmflowAttributes.OPERATION.getName() + " IS NOT NULL");
    } else if (OPERATIONS.contains(operation)) {
      terms.add(SsmflowAttributes.OPERATION.getName() + " = '" + operation + "'");
    } else {
      throw CliError.badInput(
          "operation '" + operation + "' is not one of " + String.join(", ", OPERATIONS));
    }
    if (status != null) {
      String name = STATUSES.get(status.toLowerCase(Locale.ROOT).replace('-', '_'));
      if (name == null) {
        throw CliError.badInput(
            "status '"
                + status
                + "' is not one of running, completed,"
                + " failed, canceled, terminated, timed_out, continued_as_new");
      }
      terms.add("ExecutionStatus = '" + name + "'");
    }
    if (app != null) {
      terms.add(equal(SsmflowAttributes.APP.getName(), "app", app));
    }
    if (env != null) {
      terms.add(equal(SsmflowAttributes.ENVIRONMENT.getName(), "env", env));
    }
    if (!children) {
      terms.add("ParentWorkflowId IS NULL");
    }
    return String.join(" AND ", terms);
  }

  private static String equal(String attribute, String flag, String value) {
    if (!VALUE.matcher(value).matches()) {
      throw CliError.badInput(flag + " '" + value + "' must match " + VALUE.pattern());
    }
    return attribute + " = '" + value + "'";
  }

  private static String keyword(WorkflowExecutionInfo info, String name) {
    Payload p = info.getSearchAttributes().getIndexedFieldsMap().get(name);
    if (p == null) {
      return "";
    }
    try {
      return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(p, String.class, String.class);
    } catch (RuntimeException e) {
      return "?";
    }
  }
}
