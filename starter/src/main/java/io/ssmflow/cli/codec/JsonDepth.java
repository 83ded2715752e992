package io.ssmflow.cli.codec;

/**
 * How deeply a JSON text nests, measured on the bytes before any parser sees them: recursive
 * parsers (protobuf's JsonFormat goes through Gson) overflow the stack on a few thousand brackets.
 * A Payloads message nests four levels.
 */
final class JsonDepth {
  private JsonDepth() {}

  /** True when no object or array in {@code json} is nested deeper than {@code max}. */
  static boolean within(byte[] json, int max) {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
        continue;
      }
      switch (b) {
        case '"' -> inString = true;
        case '{', '[' -> {
          if (++depth > max) {
            return false;
          }
        }
        case '}', ']' -> depth--;
        default -> {
          // other bytes do not nest
        }
      }
    }
    return true;
  }
}
