package io.ssmflow.activities.audit;

import io.ssmflow.workflows.audit.BuiltInChecks;
import io.ssmflow.workflows.audit.Finding;
import io.ssmflow.workflows.audit.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code sshd -T} (the effective settings, lower-case keywords) or an {@code sshd_config}
 * file. As sshd does, keywords are case-insensitive, the first value obtained wins, comments are
 * ignored, and settings inside {@code Match} blocks (conditional) are not global.
 */
final class SshConfigParser implements CheckParser {
  @Override
  public List<Finding> parse(CheckOutput output) throws CheckFailed {
    Map<String, String> settings = new HashMap<>();
    boolean sawAny = false;
    boolean inMatch = false;
    for (String raw : output.lines()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("[\\s=]+", 2);
      String key = parts[0].toLowerCase(Locale.ROOT);
      String value = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "";
      sawAny = true;
      if (key.equals("match")) {
        inMatch = true;
        continue;
      }
      if (!inMatch) {
        settings.putIfAbsent(key, value);
      }
    }
    if (!sawAny) {
      throw new CheckFailed(
          output.stdout().contains("# ssmflow-source: none")
              ? "no sshd configuration found (sshd -T and /etc/ssh/sshd_config)"
              : "empty sshd configuration");
    }
    List<Finding> findings = new ArrayList<>();
    String root = settings.get("permitrootlogin");
    if ("yes".equals(root)) {
      findings.add(
          new Finding(
              BuiltInChecks.SSH,
              "ssh-root-login",
              Severity.HIGH,
              "sshd permits root login (PermitRootLogin yes)"));
    }
    String password = settings.get("passwordauthentication");
    if ("yes".equals(password)) {
      findings.add(
          new Finding(
              BuiltInChecks.SSH,
              "ssh-password-auth",
              Severity.HIGH,
              "sshd accepts passwords (PasswordAuthentication yes)"));
    }
    return findings;
  }
}
