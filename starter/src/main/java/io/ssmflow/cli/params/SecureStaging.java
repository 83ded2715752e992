package io.ssmflow.cli.params;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.aws.AwsSettings;
import io.ssmflow.activities.params.StagedValues;
import io.ssmflow.cli.AwsAccess;
import io.ssmflow.cli.CliError;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigPushRequest;
import io.ssmflow.workflows.params.ConfigRules;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The CLI's part of keeping secure values out of workflow history: before a push starts, its
 * SecureString values go to staging parameters in Parameter Store (see {@link StagedValues}); the
 * workflow gets names and versions only. If the push then does not start, the CLI deletes what it
 * staged; once it has started, the workflow deletes them.
 */
final class SecureStaging {
  private final Map<String, String> env;
  private final List<String> staged = new ArrayList<>();

  SecureStaging(Map<String, String> env) {
    this.env = env;
  }

  /** The request with its secure values staged; the request itself when it has none. */
  ConfigPushRequest stage(String pushWorkflowId, ConfigPushRequest request) {
    if (request.entries().stream().noneMatch(ConfigEntry::secure)) {
      return request;
    }
    String what =
        "stage the secure values under " + ConfigRules.STAGING_ROOT + " in Parameter Store";
    AwsAccess.probe(what, env, AwsSettings.Service.SSM);
    try (AwsClients aws = AwsAccess.clients(env)) {
      return StagedValues.stage(aws.ssm(), pushWorkflowId, request, staged);
    } catch (SdkException e) {
      CliError error = AwsAccess.error(what, e, env, AwsSettings.Service.SSM);
      discard(null);
      throw error;
    } catch (RuntimeException e) {
      discard(null);
      throw e;
    }
  }

  /**
   * Deletes what was staged (the push did not start). A failure is one more line on {@code err},
   * naming what to delete by hand.
   */
  void discard(PrintWriter err) {
    if (staged.isEmpty()) {
      return;
    }
    try (AwsClients aws = AwsAccess.clients(env)) {
      StagedValues.discard(aws.ssm(), staged);
      staged.clear();
    } catch (RuntimeException e) {
      if (err != null) {
        err.println(
            "ssmflow: warning: could not delete the "
                + staged.size()
                + " staged secure values ("
                + staged.get(0)
                + " ...): delete them with `aws ssm"
                + " delete-parameters`");
        err.flush();
      }
    }
  }
}
