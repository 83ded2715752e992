package io.ssmflow.workflows.params;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** Workflow ids of the params commands: meaningful and unique per intent. */
public final class ParamsIds {
  public static final String PUSH_PREFIX = "params-push-";
  public static final String AUDIT_PREFIX = "params-audit-";
  public static final String ROLLBACK_PREFIX = "params-rollback-";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC);

  private ParamsIds() {}

  /**
   * {@code params-push-APP-ENV-yyyyMMdd-HHmmssSSS-HASH}, unique per push (the CLI refuses to reuse
   * one), so that {@code params rollback --push ID} names exactly one run. The short hash covers
   * the parameter names and types only: a workflow id is never encrypted, so nothing derived from a
   * value goes into it.
   */
  public static String pushId(ConfigPushRequest r, Instant now) {
    StringBuilder b = new StringBuilder();
    for (ConfigEntry e :
        r.entries().stream().sorted(java.util.Comparator.comparing(ConfigEntry::name)).toList()) {
      b.append(e.name()).append('\0').append(e.type()).append('\0');
    }
    return PUSH_PREFIX
        + r.app()
        + "-"
        + r.environment()
        + "-"
        + STAMP.format(now)
        + "-"
        + sha256(b.toString()).substring(0, 6);
  }

  /** {@code params-audit-shop-prod} for {@code /shop/prod}; {@code params-audit-root} for /. */
  public static String auditId(String path) {
    String body = path.replaceAll("^/+|/+$", "").replace('/', '-');
    return AUDIT_PREFIX + (body.isEmpty() ? "root" : body);
  }

  /** {@code params-rollback-shop-prod-db-host-v3} for one parameter. */
  public static String rollbackId(String name, long version) {
    return ROLLBACK_PREFIX + name.replaceAll("^/+", "").replace('/', '-') + "-v" + version;
  }

  /** {@code params-rollback-of-PUSHID} for a whole push. */
  public static String rollbackOfPushId(String pushWorkflowId) {
    return ROLLBACK_PREFIX + "of-" + pushWorkflowId;
  }

  /** The child deployment that restarts the application after a push. */
  public static String restartId(String pushWorkflowId) {
    return pushWorkflowId + "/restart";
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
