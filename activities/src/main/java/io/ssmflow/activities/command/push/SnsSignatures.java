package io.ssmflow.activities.command.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks that an SNS message is SNS's (docs/design.md, "Completion push"): its signature over the
 * canonical string (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) verifies with the key at its
 * SigningCertURL, and that URL is trusted: an {@code https://sns.REGION.amazonaws.com/….pem}
 * certificate, or the signing key of the SNS endpoint override (the simulator). No other URL is
 * ever fetched, so a forged message cannot make the worker call out. Messages older than {@link
 * #MAX_AGE} are refused.
 */
final class SnsSignatures {
  static final Duration MAX_AGE = Duration.ofHours(1);
  static final Pattern AWS_CERT_HOST =
      Pattern.compile("^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$");
  static final String SIMULATOR_KEY_PATH = "/_sim/sns/signing-key";
  static final int MAX_KEY_BYTES = 64 * 1024;
  static final int MAX_KEYS = 16;

  private final URI endpointOverride;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param endpointOverride the SNS endpoint override (the simulator), whose signing key is
   *     trusted; null against real AWS
   */
  SnsSignatures(URI endpointOverride) {
    this.endpointOverride = endpointOverride;
  }

  /** Why {@code m} is not a genuine, recent SNS message; null when it is. */
  String refusal(JsonNode m) {
    String type = text(m, "Type");
    String canonical = canonical(m, type);
    if (canonical == null) {
      return "not an SNS message of a known type";
    }
    String timestamp = text(m, "Timestamp");
    try {
      if (Instant.parse(timestamp).isBefore(Instant.now().minus(MAX_AGE))) {
        return "message older than " + MAX_AGE.toMinutes() + " minutes";
      }
    } catch (RuntimeException e) {
      return "no valid Timestamp";
    }
    String version = text(m, "SignatureVersion");
    if (!"1".equals(version) && !"2".equals(version)) {
      return "unknown SignatureVersion";
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(Objects.requireNonNullElse(text(m, "Signature"), ""));
    } catch (IllegalArgumentException e) {
      return "Signature is not base64";
    }
    PublicKey key;
    try {
      key = key(text(m, "SigningCertURL"));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    try {
      Signature s = Signature.getInstance("2".equals(version) ? "SHA256withRSA" : "SHA1withRSA");
      s.initVerify(key);
      s.update(canonical.getBytes(StandardCharsets.UTF_8));
      return s.verify(signature) ? null : "bad signature";
    } catch (GeneralSecurityException e) {
      return "bad signature";
    }
  }

  /** SNS's string to sign for this message type (null for a type SNS does not send). */
  static String canonical(JsonNode m, String type) {
    String[] names;
    if ("Notification".equals(type)) {
      names = new String[] {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"};
    } else if ("SubscriptionConfirmation".equals(type) || "UnsubscribeConfirmation".equals(type)) {
      names =
          new String[] {
            "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"
          };
    } else {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (String name : names) {
      String v = text(m, name);
      if (v == null) {
        if (name.equals("Subject")) {
          continue;
        }
        return null;
      }
      b.append(name).append('\n').append(v).append('\n');
    }
    return b.toString();
  }

  private PublicKey key(String url) {
    if (url == null) {
      throw new IllegalArgumentException("no SigningCertURL");
    }
    PublicKey cached = keys.get(url);
    if (cached != null) {
      return cached;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("SigningCertURL is not a URL");
    }
    boolean simulator = isSimulatorKey(uri);
    if (!simulator && !isAwsCertificate(uri)) {
      throw new IllegalArgumentException("untrusted SigningCertURL " + uri.getHost());
    }
    PublicKey key = fetch(uri, simulator);
    if (keys.size() < MAX_KEYS) {
      keys.put(url, key);
    }
    return key;
  }

  static boolean isAwsCertificate(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme())
        && uri.getHost() != null
        && AWS_CERT_HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches()
        && uri.getPort() == -1
        && uri.getRawQuery() == null
        && uri.getRawPath() != null
        && uri.getRawPath().endsWith(".pem");
  }

  boolean isSimulatorKey(URI uri) {
    return endpointOverride != null
        && endpointOverride.getScheme().equalsIgnoreCase(uri.getScheme())
        && endpointOverride.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
        && port(endpointOverride) == port(uri)
        && SIMULATOR_KEY_PATH.equals(uri.getRawPath())
        && uri.getRawQuery() == null;
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private PublicKey fetch(URI uri, boolean simulator) {
    byte[] body;
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_KEY_BYTES + 1);
      }
      if (response.statusCode() != 200 || body.length > MAX_KEY_BYTES) {
        throw new IllegalArgumentException("cannot fetch the signing certificate");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot fetch the signing certificate");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted fetching the signing certificate");
    }
    try {
      if (!simulator) {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(body))
            .getPublicKey();
      }
      String pem = json.readTree(body).path("publicKeyPem").asText("");
      String b64 =
          pem.replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable signing certificate");
    }
  }

  private static String text(JsonNode m, String name) {
    JsonNode v = m.get(name);
    return v == null || !v.isTextual() ? null : v.asText();
  }
}
