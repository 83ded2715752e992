package io.ssmflow.cli.params;

import io.ssmflow.activities.aws.AwsClients;
import io.ssmflow.activities.params.ParameterVersions;
import io.ssmflow.cli.CliContext;
import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterKind;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;

/**
 * {@code ssmflow params history NAME}: every kept version with date, user and labels, read straight
 * from Parameter Store. SecureString values are masked unless {@code --with-decryption}; String
 * values are shown.
 */
@Command(
    name = "history",
    description =
        "Versions of a parameter: date, user, labels, value"
            + " (SecureString masked unless --with-decryption).")
public final class HistoryCommand implements Callable<Integer> {
  @ParentCommand ParamsCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "Full parameter name.")
  String name;

  @Option(names = "--with-decryption", description = "Show SecureString values in clear.")
  boolean withDecryption;

  @Override
  public Integer call() {
    try {
      ConfigRules.checkName(name);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    CliContext context = parent.context();
    List<ParameterHistory> versions;
    try (AwsClients aws = ParamsSupport.aws(context.env(), "read the history of " + name)) {
      versions = ParameterVersions.history(aws.ssm(), name, withDecryption);
    } catch (ApplicationFailure e) {
      throw CliError.badInput(e.getOriginalMessage());
    } catch (SdkException e) {
      throw ParamsSupport.awsError("read the history of " + name, e, context.env());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ParameterHistory v : versions) {
      boolean secure = ParameterKind.SECURE_STRING.awsName().equals(v.typeAsString());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("version", v.version());
      row.put("type", v.typeAsString());
      row.put(
          "lastModifiedDate",
          v.lastModifiedDate() == null ? null : v.lastModifiedDate().toString());
      row.put("lastModifiedUser", v.lastModifiedUser());
      row.put("labels", v.labels());
      if (secure) {
        row.put("keyId", v.keyId());
      }
      row.put("value", secure && !withDecryption ? ParameterKind.MASK : v.value());
      rows.add(row);
    }
    PrintWriter out = context.out();
    if (common.json()) {
      out.println(Json.write(Map.of("name", name, "versions", rows)));
      return 0;
    }
    out.println(name + ": " + rows.size() + " versions kept");
    for (Map<String, Object> r : rows) {
      out.println(
          "  v"
              + r.get("version")
              + "  "
              + r.get("lastModifiedDate")
              + "  "
              + r.get("type")
              + "  "
              + r.get("lastModifiedUser")
              + (((List<?>) r.get("labels")).isEmpty() ? "" : "  labels " + r.get("labels"))
              + "  "
              + shorten(String.valueOf(r.get("value"))));
    }
    return 0;
  }

  private static String shorten(String value) {
    String line = value.replace('\n', ' ');
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }
}
