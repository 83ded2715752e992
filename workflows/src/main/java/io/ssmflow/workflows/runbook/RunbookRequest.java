package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.fleet.TargetSpec;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.util.Map;

/**
 * One run of a runbook: the validated document, the runbooks aws:executeAutomation may start, and
 * the parameters' values.
 *
 * @param document the runbook
 * @param library runbooks by name for aws:executeAutomation (read next to the document)
 * @param parameters the given parameter values (raw; bound to the document's types and defaults at
 *     start)
 * @param instanceTargets tag targets resolved at start into the InstanceIds parameter ({@code
 *     --targets}), or null
 * @param maxConcurrency aws:runCommand's MaxConcurrency where a step gives none
 * @param maxErrors aws:runCommand's MaxErrors where a step gives none
 * @param executedBy who started it
 * @param launchCutoffMillis no step starts after this time (a maintenance window's cutoff); 0: none
 * @param redrive the earlier run's state when this run is a redrive, else null
 */
public record RunbookRequest(
    RunbookDocument document,
    Map<String, RunbookDocument> library,
    Map<String, Object> parameters,
    TargetSpec instanceTargets,
    String maxConcurrency,
    String maxErrors,
    String executedBy,
    long launchCutoffMillis,
    Redrive redrive) {
  /** SSM SendCommand's defaults. */
  public static final String DEFAULT_MAX_CONCURRENCY = "50";

  public static final String DEFAULT_MAX_ERRORS = "0";

  /** The parameter {@code --targets} and {@code --instance-ids} fill. */
  public static final String INSTANCE_IDS = "InstanceIds";

  public RunbookRequest {
    library = library == null ? Map.of() : library;
    parameters = parameters == null ? Map.of() : parameters;
    maxConcurrency = maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : maxConcurrency;
    maxErrors = maxErrors == null ? DEFAULT_MAX_ERRORS : maxErrors;
  }

  /** This request with the earlier of its own and {@code cutoff} as launch cutoff. */
  public RunbookRequest withLaunchCutoff(long cutoff) {
    long c =
        launchCutoffMillis == 0
            ? cutoff
            : cutoff == 0 ? launchCutoffMillis : Math.min(cutoff, launchCutoffMillis);
    return new RunbookRequest(
        document,
        library,
        parameters,
        instanceTargets,
        maxConcurrency,
        maxErrors,
        executedBy,
        c,
        redrive);
  }

  /**
   * This request as a redrive: started by hand, after the window it may have run in, so without a
   * launch cutoff.
   */
  public RunbookRequest redriven(Redrive state) {
    return new RunbookRequest(
        document,
        library,
        parameters,
        instanceTargets,
        maxConcurrency,
        maxErrors,
        executedBy,
        0,
        state);
  }
}
