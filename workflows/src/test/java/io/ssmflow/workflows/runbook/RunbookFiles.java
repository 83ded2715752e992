package io.ssmflow.workflows.runbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.ssmflow.workflows.runbook.doc.DocumentReader;
import io.ssmflow.workflows.runbook.doc.RunbookDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads the runbooks of the test resources (src/test/resources/runbook) as the CLI does. */
public final class RunbookFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private RunbookFiles() {}

  /** The file's tree: maps, lists and scalars. */
  public static Object tree(String resource) {
    String text = text(resource);
    try {
      return (resource.endsWith(".json") ? JSON : YAML).readValue(text, Object.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document, validated without the SDK's models. */
  public static RunbookDocument document(String resource) {
    return read(resource, Map.of()).document();
  }

  /** The document and its warnings, with these runbooks for aws:executeAutomation. */
  public static DocumentReader.Result read(String resource, Map<String, RunbookDocument> library) {
    String name = resource.substring(resource.lastIndexOf('/') + 1, resource.lastIndexOf('.'));
    return DocumentReader.read(name, tree(resource), null, library);
  }

  /** The text of a resource under runbook/. */
  public static String text(String resource) {
    try (InputStream in = RunbookFiles.class.getResourceAsStream("/runbook/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource runbook/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
