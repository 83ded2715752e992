package io.ssmflow.cli.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ssmflow.activities.runbook.AwsApiCatalog;
import io.ssmflow.workflows.runbook.RunbookIds;
import io.ssmflow.workflows.runbook.doc.ApiCatalog;
import io.ssmflow.workflows.runbook.doc.DocumentException;
import io.ssmflow.workflows.runbook.doc.DocumentProblem;
import io.ssmflow.workflows.runbook.doc.DocumentReader;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a runbook file (JSON or YAML) and the runbooks its aws:executeAutomation steps name
 * (NAME.yaml, NAME.yml or NAME.json in the same directory), and validates them all with the SDK's
 * models of the allowed AWS operations. A problem is one line naming the file, the line, the step,
 * the property and the rule.
 */
public final class DocumentFiles {
  static final int MAX_NESTING = 5;
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
  private static final ApiCatalog CATALOG = new AwsApiCatalog();

  /**
   * A read runbook.
   *
   * @param file the file
   * @param document the validated runbook
   * @param library every runbook it starts, directly or not, by name
   * @param warnings lines about steps that will fail if they run (file:line: location: rule)
   */
  public record Read(
      Path file,
      RunbookDocument document,
      Map<String, RunbookDocument> library,
      List<String> warnings) {}

  private final Map<String, RunbookDocument> library = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<String> reading = new LinkedHashSet<>();

  private DocumentFiles() {}

  /**
   * Reads and validates a runbook and the runbooks it starts.
   *
   * @throws IllegalArgumentException with one line: file:line: location: rule
   */
  public static Read read(Path file) {
    DocumentFiles files = new DocumentFiles();
    RunbookDocument doc = files.readOne(file, 0);
    return new Read(file, doc, Map.copyOf(files.library), List.copyOf(files.warnings));
  }

  private RunbookDocument readOne(Path file, int depth) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String name = dot > 0 ? fileName.substring(0, dot) : fileName;
    if (!RunbookIds.slug(name).equals(name) || name.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": a runbook's file name is its name: use" + " A-Z a-z 0-9 . _ - only");
    }
    boolean yaml = !fileName.endsWith(".json") && !text.stripLeading().startsWith("{");
    LocatedTree tree;
    try {
      tree = LocatedTree.parse(text, yaml);
    } catch (IOException e) {
      String at =
          e instanceof JsonProcessingException j && j.getLocation() != null
              ? " at line " + j.getLocation().getLineNr()
              : "";
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(
          file + ": not " + (yaml ? "YAML" : "JSON") + at + ": " + firstLine(why));
    }
    reading.add(name);
    for (String nested : NestedNames.of(tree.root())) {
      if (library.containsKey(nested) || reading.contains(nested)) {
        if (reading.contains(nested)) {
          throw new IllegalArgumentException(
              file
                  + ": runbooks start each other in a circle: "
                  + String.join(" -> ", reading)
                  + " -> "
                  + nested);
        }
        continue;
      }
      if (depth + 1 > MAX_NESTING) {
        throw new IllegalArgumentException(
            file + ": runbooks nest more than " + MAX_NESTING + " deep");
      }
      Path next = sibling(file, nested);
      if (next != null) {
        library.put(nested, readOne(next, depth + 1));
      }
    }
    reading.remove(name);
    try {
      DocumentReader.Result r = DocumentReader.read(name, tree.root(), CATALOG, library);
      for (DocumentProblem w : r.warnings()) {
        warnings.add(where(file, tree, w));
      }
      return r.document();
    } catch (DocumentException e) {
      DocumentProblem first = e.problems().get(0);
      int more = e.problems().size() - 1;
      throw new IllegalArgumentException(
          where(file, tree, first)
              + (more == 0
                  ? ""
                  : " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")"));
    }
  }

  private static String where(Path file, LocatedTree tree, DocumentProblem p) {
    return file + ":" + tree.line(p.pointer()) + ": " + p;
  }

  private static Path sibling(Path file, String name) {
    Path dir = file.toAbsolutePath().getParent();
    for (String ext : EXTENSIONS) {
      Path p = dir.resolve(name + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
