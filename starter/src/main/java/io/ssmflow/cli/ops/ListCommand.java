package io.ssmflow.cli.ops;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.cli.SsmflowCli;
import io.ssmflow.cli.TemporalConnection;
import io.ssmflow.cli.deploy.DeploymentWatcher;
import io.ssmflow.workflows.common.SearchAttributes;
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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ssmflow list}: ssmflow's workflows, newest first (needs Temporal visibility). */
@Command(name = "list", description = "List ssmflow workflows (needs a full Temporal server).")
public final class ListCommand implements Callable<Integer> {
  static final String NO_VISIBILITY = "list needs workflow visibility, which the embedded test"
      + " server of `ssmflow dev` does not have: run against a full Temporal server (e.g."
      + " `docker-compose up -d`, then TEMPORAL_ADDRESS=127.0.0.1:7233)";

  @ParentCommand SsmflowCli cli;
  @Mixin CommonOptions common;
  @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: "
      + "${DEFAULT-VALUE}).") int limit;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 1000) {
      throw CliError.badInput("limit must be between 1 and 1000, not " + limit);
    }
    try (TemporalConnection connection = TemporalConnection.open(common.temporal(cli.env()))) {
      ListWorkflowExecutionsResponse response;
      try {
        response = connection.stubs().blockingStub().listWorkflowExecutions(
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(connection.config().namespace())
                .setPageSize(limit)
                .setQuery(SearchAttributes.OPERATION.getName() + " IS NOT NULL")
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
        row.put("status", DeploymentWatcher.statusName(info.getStatus()));
        row.put("started", Instant.ofEpochSecond(info.getStartTime().getSeconds()).toString());
        row.put("app", keyword(info, SearchAttributes.APP.getName()));
        row.put("environment", keyword(info, SearchAttributes.ENVIRONMENT.getName()));
        row.put("runbook", keyword(info, SearchAttributes.DOCUMENT.getName()));
        rows.add(row);
      }
      PrintWriter out = cli.out();
      if (common.json()) {
        out.println(Json.write(rows));
      } else {
        out.println(String.format("%-40s %-12s %-22s %-12s %-12s %s", "WORKFLOW ID",
            "STATUS", "STARTED", "APP", "ENV", "RUNBOOK"));
        for (Map<String, Object> r : rows) {
          out.println(String.format("%-40s %-12s %-22s %-12s %-12s %s", r.get("workflowId"),
              r.get("status"), r.get("started"), r.get("app"), r.get("environment"),
              r.get("runbook")));
        }
      }
      return 0;
    }
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
