package io.ssmflow.cli.runbook;

import io.ssmflow.cli.CliError;
import io.ssmflow.cli.CommonOptions;
import io.ssmflow.cli.Json;
import io.ssmflow.workflows.runbook.doc.ParameterSpec;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import io.ssmflow.workflows.runbook.doc.StepSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ssmflow runbook validate FILE}: what {@code run} checks before it starts anything, alone:
 * exit 0 with a summary, or exit 2 with the file, line, step, property and rule.
 */
@Command(name = "validate", description = "Check a runbook without running it.")
public final class ValidateCommand implements Callable<Integer> {
  @ParentCommand RunbookCommand parent;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FILE", description = "The runbook (.json, .yaml, .yml).")
  Path file;

  @Override
  public Integer call() {
    DocumentFiles.Read read;
    try {
      read = DocumentFiles.read(file);
    } catch (IllegalArgumentException e) {
      throw CliError.badInput(e.getMessage());
    }
    RunbookDocument doc = read.document();
    PrintWriter out = parent.cli().out();
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("valid", true);
      m.put("name", doc.name());
      m.put("format", RunbookView.format(doc.format()));
      m.put("parameters", doc.parameters().stream().map(ParameterSpec::name).toList());
      m.put(
          "steps",
          doc.steps().stream().map(s -> Map.of("name", s.name(), "action", s.action())).toList());
      m.put("nested", read.library().keySet());
      m.put("warnings", read.warnings());
      out.println(Json.write(m));
    } else {
      out.println(
          file
              + ": valid "
              + RunbookView.format(doc.format())
              + " "
              + doc.name()
              + ", "
              + doc.steps().size()
              + " step"
              + (doc.steps().size() == 1 ? "" : "s")
              + " ("
              + String.join(", ", doc.steps().stream().map(StepSpec::name).toList())
              + "), "
              + doc.parameters().size()
              + " parameter"
              + (doc.parameters().size() == 1 ? "" : "s")
              + (read.library().isEmpty()
                  ? ""
                  : ", starts " + String.join(", ", read.library().keySet())));
      read.warnings().forEach(w -> out.println("warning: " + w));
    }
    out.flush();
    return 0;
  }
}
