package io.ssmflow.cli.params;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ssmflow.cli.InputFiles;
import io.ssmflow.workflows.params.ConfigEntry;
import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.ParameterKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a config file (JSON, or YAML for .yaml/.yml) into parameter entries under {@code
 * /APP/ENV/}: nested keys and dotted keys become path levels ({@code db: {host: x}} and {@code
 * db.host: x} both give {@code /APP/ENV/db/host}); a list of scalars becomes a StringList; keys
 * matching the secure pattern (on the dotted key, e.g. {@code db.password}) become SecureString.
 * Every error is an {@link IllegalArgumentException} naming the file and line, never a value.
 */
public final class ConfigFile {
  private final Path file;
  private final String app;
  private final String env;
  private final Pattern secure;
  private final List<ConfigEntry> entries = new ArrayList<>();

  private ConfigFile(Path file, String app, String env, Pattern secure) {
    this.file = file;
    this.app = app;
    this.env = env;
    this.secure = secure;
  }

  /** The entries of the file, in file order. */
  public static List<ConfigEntry> read(Path file, String app, String env, Pattern secure) {
    ConfigFile reader = new ConfigFile(file, app, env, secure);
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    JsonFactory factory = yaml ? new YAMLFactory() : new JsonFactory();
    factory.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    String text = yaml ? InputFiles.readYaml(file) : InputFiles.readText(file);
    try (JsonParser p = factory.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw reader.error(p, "the top level must be a mapping of keys to values");
      }
      reader.object(p, List.of());
      if (p.nextToken() != null) {
        throw reader.error(p, "unexpected content after the top-level mapping");
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String reason = e.getOriginalMessage().lines().findFirst().orElse("cannot parse");
      throw new IllegalArgumentException(file + ":" + line + ": " + reason);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    if (reader.entries.isEmpty()) {
      throw new IllegalArgumentException(file + ": no values");
    }
    return reader.entries;
  }

  private void object(JsonParser p, List<String> path) throws IOException {
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      int line = line(p);
      List<String> keyPath = new ArrayList<>(path);
      for (String part : key.split("\\.", -1)) {
        keyPath.add(part);
      }
      JsonToken value = p.nextToken();
      String dotted = String.join(".", keyPath);
      if (value == JsonToken.START_OBJECT) {
        object(p, keyPath);
      } else if (value == JsonToken.START_ARRAY) {
        add(keyPath, list(p, dotted), true, line);
      } else if (value == JsonToken.VALUE_NULL) {
        throw error(line, "'" + dotted + "' has no value");
      } else {
        add(keyPath, p.getText(), false, line);
      }
    }
  }

  private String list(JsonParser p, String dotted) throws IOException {
    List<String> items = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
        throw error(
            p, "'" + dotted + "': a list may hold only values (it becomes a" + " StringList)");
      }
      if (p.getText().contains(",")) {
        throw error(p, "'" + dotted + "': a StringList item cannot contain a comma");
      }
      items.add(p.getText());
    }
    return String.join(",", items);
  }

  private void add(List<String> keyPath, String value, boolean list, int line) {
    String dotted = String.join(".", keyPath);
    boolean isSecure = secure.matcher(dotted).find();
    ParameterKind type =
        isSecure
            ? ParameterKind.SECURE_STRING
            : list ? ParameterKind.STRING_LIST : ParameterKind.STRING;
    try {
      ConfigEntry entry = new ConfigEntry(ConfigRules.nameFor(app, env, keyPath), value, type);
      ConfigRules.checkEntry(entry);
      if (entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
        throw new IllegalArgumentException(entry.name() + " is given twice");
      }
      entries.add(entry);
    } catch (IllegalArgumentException e) {
      throw error(line, e.getMessage());
    }
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation() == null ? 0 : p.currentTokenLocation().getLineNr();
  }

  private IllegalArgumentException error(JsonParser p, String reason) {
    return error(line(p), reason);
  }

  private IllegalArgumentException error(int line, String reason) {
    return new IllegalArgumentException(file + ":" + line + ": " + reason);
  }
}
