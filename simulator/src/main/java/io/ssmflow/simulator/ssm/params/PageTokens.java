package io.ssmflow.simulator.ssm.params;

import io.ssmflow.simulator.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque NextToken values for SSM list operations. A token carries the operation's scope (for
 * example the path being listed) and a cursor, the sort key of the last item returned, so paging
 * stays correct while items are added or removed between calls. A token from another scope, or one
 * that was not produced here, is answered with InvalidNextToken.
 */
public final class PageTokens {
  private static final String VERSION = "ssmflow-sim-1";

  private PageTokens() {}

  public static String encode(String scope, String cursor) {
    String text = VERSION + "\n" + scope + "\n" + cursor;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code token}; null when there is no token (first page). */
  public static String decode(String token, String scope) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = text.split("\n", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION) || !parts[1].equals(scope)) {
      throw invalid();
    }
    return parts[2];
  }

  /** The InvalidNextToken error, for a cursor the caller's operation cannot read. */
  public static AwsException invalid() {
    return new AwsException("InvalidNextToken", "The specified token isn't valid.");
  }
}
