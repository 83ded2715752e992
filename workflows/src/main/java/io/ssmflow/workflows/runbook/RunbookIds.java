package io.ssmflow.workflows.runbook;

import io.ssmflow.workflows.runbook.doc.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Workflow ids of runbook runs: {@code runbook-NAME-HASH}, where HASH is the first 8 hex digits of
 * a SHA-256 over the parameters and targets, so the same runbook with the same parameters is one
 * intent (refused while it runs) and other parameters are another run.
 */
public final class RunbookIds {
  public static final String PREFIX = "runbook-";
  private static final int MAX_NAME = 80;

  private RunbookIds() {}

  /**
   * The workflow id of a run.
   *
   * @param documentName the runbook's name
   * @param parameters the given parameter values
   * @param targets a description of --targets / --instance-ids, or null
   */
  public static String workflowId(String documentName, Map<String, ?> parameters, String targets) {
    String intent = Values.json(new TreeMap<>(parameters)) + "|" + (targets == null ? "" : targets);
    return PREFIX + slug(documentName) + "-" + hash(intent);
  }

  /** The name reduced to A-Z a-z 0-9 . _ - (others become -), at most 80 characters. */
  public static String slug(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "-");
    return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        b.append(String.format("%02x", d[i]));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
