package io.ssmflow.simulator.ssm.params;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One version of a parameter. Everything but the labels is fixed once written; labels move between
 * versions, so they are only read or changed under the store's lock.
 *
 * <p>{@code value} is the plaintext; for a SecureString {@code ciphertext} is what callers see
 * without WithDecryption. {@link #toString()} never shows either.
 */
final class ParameterVersion {
  final String name;
  final long version;
  final String type;
  final String value;
  final String ciphertext;
  final String keyId;
  final String description;
  final String allowedPattern;
  final String tier;
  final String dataType;
  final List<Policy> policies;
  final Instant lastModifiedDate;
  final String lastModifiedUser;
  final Set<String> labels = new LinkedHashSet<>();

  /** A parameter policy as PutParameter received it (one element of the Policies array). */
  record Policy(String text, String type) {}

  ParameterVersion(
      String name,
      long version,
      String type,
      String value,
      String ciphertext,
      String keyId,
      String description,
      String allowedPattern,
      String tier,
      String dataType,
      List<Policy> policies,
      Instant lastModifiedDate,
      String lastModifiedUser) {
    this.name = name;
    this.version = version;
    this.type = type;
    this.value = value;
    this.ciphertext = ciphertext;
    this.keyId = keyId;
    this.description = description;
    this.allowedPattern = allowedPattern;
    this.tier = tier;
    this.dataType = dataType;
    this.policies = List.copyOf(policies);
    this.lastModifiedDate = lastModifiedDate;
    this.lastModifiedUser = lastModifiedUser;
  }

  boolean secure() {
    return "SecureString".equals(type);
  }

  /** The value a caller sees: plaintext, or for a SecureString read without decryption the blob. */
  String visibleValue(boolean withDecryption) {
    return secure() && !withDecryption ? ciphertext : value;
  }

  @Override
  public String toString() {
    return name + ":" + version + " (" + type + ", " + tier + ")";
  }
}
