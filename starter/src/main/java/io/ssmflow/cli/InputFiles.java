package io.ssmflow.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The limits every input file of the CLI goes through before it is parsed (config, spec, checks
 * files; the simulator applies the same cap to fleet files): at most {@value #MAX_BYTES} bytes (1
 * MB), UTF-8 text without control characters, and for YAML no anchors or aliases. Every problem is
 * an {@link IllegalArgumentException} with one line {@code FILE[:LINE]: problem}.
 */
public final class InputFiles {
  /** The largest input file read: 1 MB (checked before reading). */
  public static final int MAX_BYTES = 1024 * 1024;

  /** YAML reads at most this many characters as an implicit (plain or quoted) key. */
  static final int MAX_YAML_KEY = 1024;

  private static final YAMLFactory YAML = new YAMLFactory();

  private InputFiles() {}

  /** Reads a text file: at most 1 MB, valid UTF-8, no control characters but tab and newline. */
  public static String readText(Path file) {
    byte[] bytes = readBytes(file);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          file + ":" + lineOfByte(bytes) + ": not a text file" + " (not UTF-8)");
    }
    checkCharacters(file.toString(), text);
    return text;
  }

  /** {@link #readText}, then {@link #checkYaml}: for a YAML file. */
  public static String readYaml(Path file) {
    String text = readText(file);
    checkYaml(file.toString(), text);
    return text;
  }

  /** The file's bytes, refusing a file over the cap before reading it. */
  static byte[] readBytes(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(file + ": is a directory, not a file");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw tooLarge(file.toString(), size);
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge(file.toString(), bytes.length);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(file + ": permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file
              + ": cannot be read ("
              + (e.getMessage() == null ? "I/O error" : e.getMessage())
              + ")");
    }
  }

  private static IllegalArgumentException tooLarge(String source, long size) {
    return new IllegalArgumentException(
        source
            + ": "
            + size
            + " bytes; input files are limited"
            + " to 1 MB ("
            + MAX_BYTES
            + " bytes)");
  }

  /** Text given inline (not from a file) under the same cap and character rules. */
  public static void checkText(String source, String text) {
    long bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw tooLarge(source, bytes);
    }
    checkCharacters(source, text);
  }

  private static void checkCharacters(String source, String text) {
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        throw new IllegalArgumentException(
            source
                + ":"
                + line
                + ": not a text file (control"
                + " character U+"
                + String.format("%04X", (int) c)
                + ")");
      }
    }
  }

  /**
   * Refuses what YAML would read differently from what it looks like: anchors and aliases (the
   * parser keeps an alias's name, not the value it stands for; they also let a small file expand
   * without limit), and a key too long for YAML (which then reads the whole line as one text
   * value). Syntax errors are left to the caller's parser.
   *
   * @param source the file name for the message
   */
  public static void checkYaml(String source, String text) {
    int lastScalarLine = 0;
    int lastScalarLength = 0;
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonToken t = next(p); t != null; t = next(p)) {
        YAMLParser y = (YAMLParser) p;
        if (y.isCurrentAlias()) {
          throw new IllegalArgumentException(
              source
                  + ":"
                  + line(p)
                  + ": YAML aliases (*"
                  + p.getText()
                  + ") are not supported; write the value out");
        }
        if (y.getCurrentAnchor() != null) {
          throw new IllegalArgumentException(
              source
                  + ":"
                  + line(p)
                  + ": YAML anchors (&"
                  + y.getCurrentAnchor()
                  + ") are not supported; write the values out");
        }
        if (t == JsonToken.VALUE_STRING) {
          checkKeyLength(source, line(p), p.getText());
          lastScalarLine = line(p);
          lastScalarLength = p.getText().length();
        }
      }
    } catch (JsonProcessingException e) {
      // YAML stops reading a key after 1024 characters: the ':' after it is then an error.
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      if (lastScalarLength > MAX_YAML_KEY && line == lastScalarLine) {
        throw keyTooLong(source, line, lastScalarLength);
      }
      // Another syntax error: the caller's parser reports it with its own words and line.
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static JsonToken next(JsonParser p) throws IOException {
    return p.nextToken();
  }

  /**
   * A text value whose first line looks like {@code KEY: value} with a key longer than YAML reads
   * as a key: the file meant a mapping.
   */
  private static void checkKeyLength(String source, int line, String text) {
    if (text.length() <= MAX_YAML_KEY) {
      return;
    }
    int colon = text.indexOf(": ");
    int newline = text.indexOf('\n');
    if (colon > MAX_YAML_KEY
        && (newline < 0 || colon < newline)
        && text.substring(0, colon).chars().noneMatch(Character::isWhitespace)) {
      throw keyTooLong(source, line, colon);
    }
  }

  private static IllegalArgumentException keyTooLong(String source, int line, int length) {
    return new IllegalArgumentException(
        source
            + ":"
            + line
            + ": a key of "
            + length
            + " characters is too long (YAML reads keys of at most "
            + MAX_YAML_KEY
            + " characters)");
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation() == null ? 0 : p.currentTokenLocation().getLineNr();
  }

  private static int lineOfByte(byte[] bytes) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    out.flip();
    int line = 1;
    while (out.hasRemaining()) {
      if (out.get() == '\n') {
        line++;
      }
    }
    return line;
  }
}
