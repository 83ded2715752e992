package io.ssmflow.simulator.ssm.command;

import io.ssmflow.simulator.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque NextToken values: a kind (so a token of one operation is refused by another) and a
 * position. Positions are cursors (command sequence numbers, invocation indexes), not offsets, so
 * paging stays stable while new commands arrive.
 */
final class PageToken {
  private PageToken() {}

  static String encode(String kind, long... position) {
    StringBuilder b = new StringBuilder(kind);
    for (long p : position) {
      b.append(':').append(p);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The position a token holds; InvalidNextToken when it is not one of {@code kind}'s. */
  static long[] decode(String kind, String token, int parts) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] f = text.split(":");
      if (f.length != parts + 1 || !f[0].equals(kind)) {
        throw invalid();
      }
      long[] out = new long[parts];
      for (int i = 0; i < parts; i++) {
        out[i] = Long.parseLong(f[i + 1]);
        if (out[i] < 0) {
          throw invalid();
        }
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static AwsException invalid() {
    return new AwsException("InvalidNextToken", "The specified token is not valid.");
  }
}
