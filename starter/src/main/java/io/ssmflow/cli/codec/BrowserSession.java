package io.ssmflow.cli.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a browser proves it knows the bearer token: the Temporal Web UI cannot add a static
 * Authorization header to its codec calls, but with {@code TEMPORAL_CODEC_INCLUDE_CREDENTIALS} it
 * sends cookies. The operator signs in once on the codec server's own page; the cookie holds an
 * HMAC of the token (not the token), is HttpOnly and SameSite=Strict (the UI on another port of the
 * same host is the same site), and expires after {@value #MAX_AGE_SECONDS} seconds.
 */
final class BrowserSession {
  static final String COOKIE = "ssmflow-codec-session";
  static final int MAX_AGE_SECONDS = 12 * 3600;

  private final byte[] value;

  BrowserSession(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      value =
          HexFormat.of()
              .formatHex(
                  mac.doFinal(
                      "ssmflow codec-server browser session".getBytes(StandardCharsets.UTF_8)))
              .getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** The Set-Cookie header value for a browser that gave the right token. */
  String setCookie() {
    return COOKIE
        + "="
        + new String(value, StandardCharsets.US_ASCII)
        + "; Path=/; Max-Age="
        + MAX_AGE_SECONDS
        + "; HttpOnly; SameSite=Strict";
  }

  /** True when a Cookie header carries this session. */
  boolean presentIn(String cookieHeader) {
    if (cookieHeader == null) {
      return false;
    }
    for (String part : cookieHeader.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")
          && MessageDigest.isEqual(
              value, p.substring(COOKIE.length() + 1).getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  /** The sign-in page: one password field, posted to /session on the same origin. */
  static String page(String message) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>ssmflow codec server"
        + "</title></head><body style=\"font-family: sans-serif; max-width: 40em\">"
        + "<h1>ssmflow codec server</h1><p>"
        + message
        + "</p>"
        + "<form method=\"post\" action=\"/session\"><label>Bearer token "
        + "<input type=\"password\" name=\"token\" autocomplete=\"off\" required></label> "
        + "<button type=\"submit\">Sign in</button></form>"
        + "<p>The Temporal Web UI then decodes payloads in this browser when it sends"
        + " credentials to the codec server (TEMPORAL_CODEC_INCLUDE_CREDENTIALS=true, or"
        + " <i>Include cross-origin credentials</i> in its codec settings).</p></body></html>";
  }
}
