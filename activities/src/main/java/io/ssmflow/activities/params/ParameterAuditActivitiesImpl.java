package io.ssmflow.activities.params;

import static java.util.Objects.requireNonNull;

import io.ssmflow.workflows.params.ConfigRules;
import io.ssmflow.workflows.params.FindingKind;
import io.ssmflow.workflows.params.ParameterAuditActivities;
import io.ssmflow.workflows.params.ParameterAuditFinding;
import io.ssmflow.workflows.params.ParameterAuditReport;
import io.ssmflow.workflows.params.ParameterAuditRequest;
import io.ssmflow.workflows.params.ParameterKind;
import io.temporal.activity.Activity;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The parameter audit: DescribeParameters (metadata only; no value is read) and the
 * String-to-SecureString conversion. The conversion reads a value and writes it back in the same
 * call, never logs or returns it.
 */
public final class ParameterAuditActivitiesImpl implements ParameterAuditActivities {
  /** The AWS managed key SecureStrings use when no KeyId is given. */
  public static final String DEFAULT_KEY = "alias/aws/ssm";

  /** Path levels under which every parameter should be a SecureString. */
  public static final Set<String> PROTECTED_LEVELS = Set.of("security", "compliance", "audit");

  private static final Logger log = LoggerFactory.getLogger(ParameterAuditActivitiesImpl.class);

  private final SsmClient ssm;

  @Inject
  public ParameterAuditActivitiesImpl(SsmClient ssm) {
    this.ssm = requireNonNull(ssm, "ssm is null");
  }

  @Override
  public ParameterAuditReport scan(ParameterAuditRequest request, long nowMillis) {
    String path = normalise(request.path());
    Pattern sensitive = ConfigRules.securePattern(request.sensitivePatterns());
    Instant staleBefore =
        request.staleDays() <= 0
            ? null
            : Instant.ofEpochMilli(nowMillis).minus(Duration.ofDays(request.staleDays()));
    DescribeParametersRequest.Builder describe = DescribeParametersRequest.builder().maxResults(50);
    if (!path.equals("/")) {
      describe.parameterFilters(
          ParameterStringFilter.builder().key("Path").option("Recursive").values(path).build());
    }
    int total = 0;
    Map<String, Integer> byType = new TreeMap<>();
    Map<String, Integer> byTier = new TreeMap<>();
    Map<String, Integer> byPrefix = new TreeMap<>();
    List<ParameterAuditFinding> findings = new ArrayList<>();
    Map<FindingKind, Integer> counts = new EnumMap<>(FindingKind.class);
    Set<String> remediable = new LinkedHashSet<>();
    int pages = 0;
    try {
      for (DescribeParametersResponse page : ssm.describeParametersPaginator(describe.build())) {
        heartbeat("page " + ++pages + ", " + total + " parameters");
        for (ParameterMetadata p : page.parameters()) {
          total++;
          ParameterKind type = ParameterKind.ofAws(p.typeAsString());
          byType.merge(type.awsName(), 1, Integer::sum);
          byTier.merge(p.tierAsString() == null ? "Standard" : p.tierAsString(), 1, Integer::sum);
          byPrefix.merge(prefix(path, p.name()), 1, Integer::sum);
          List<ParameterAuditFinding> found =
              check(p, type, path, sensitive, staleBefore, request.staleDays());
          for (ParameterAuditFinding f : found) {
            counts.merge(f.kind(), 1, Integer::sum);
            if (findings.size() < ParameterAuditReport.MAX_FINDINGS) {
              findings.add(f);
            }
            if (type == ParameterKind.STRING
                && f.kind().severity() == FindingKind.Severity.HIGH
                && remediable.size() < ParameterAuditReport.MAX_REMEDIABLE) {
              remediable.add(p.name());
            }
          }
        }
      }
    } catch (SsmException e) {
      throw SsmFailures.of("DescribeParameters", path, e, false);
    }
    log.info("audited {} parameters under {}: {}", total, path, counts);
    return new ParameterAuditReport(
        path,
        total,
        byType,
        byTier,
        byPrefix,
        findings,
        counts,
        List.copyOf(remediable),
        recommendations(counts, request.staleDays()));
  }

  private static List<ParameterAuditFinding> check(
      ParameterMetadata p,
      ParameterKind type,
      String path,
      Pattern sensitive,
      Instant staleBefore,
      int staleDays) {
    List<ParameterAuditFinding> out = new ArrayList<>();
    String name = p.name();
    boolean secure = type == ParameterKind.SECURE_STRING;
    if (!secure && sensitive.matcher(relative(path, name)).find()) {
      out.add(
          finding(
              p,
              type,
              FindingKind.SENSITIVE_NOT_ENCRYPTED,
              "sensitive name stored as " + type.awsName()));
    }
    if (!secure && underProtectedLevel(name)) {
      out.add(
          finding(
              p,
              type,
              FindingKind.UNENCRYPTED_PROTECTED_PATH,
              type.awsName() + " under a protected path (/security/, /compliance/, /audit/)"));
    }
    if (secure && (p.keyId() == null || DEFAULT_KEY.equals(p.keyId()))) {
      out.add(
          finding(
              p,
              type,
              FindingKind.DEFAULT_KMS_KEY,
              "encrypted with the AWS managed key " + DEFAULT_KEY));
    }
    if (staleBefore != null
        && p.lastModifiedDate() != null
        && p.lastModifiedDate().isBefore(staleBefore)) {
      out.add(
          finding(
              p,
              type,
              FindingKind.STALE,
              "unchanged since " + p.lastModifiedDate() + " (more than " + staleDays + " days)"));
    }
    return out;
  }

  private static ParameterAuditFinding finding(
      ParameterMetadata p, ParameterKind type, FindingKind kind, String detail) {
    return new ParameterAuditFinding(p.name(), kind, kind.severity(), type, detail);
  }

  static boolean underProtectedLevel(String name) {
    String[] levels = name.replaceFirst("^/", "").split("/");
    for (int i = 0; i < levels.length - 1; i++) {
      if (PROTECTED_LEVELS.contains(levels[i].toLowerCase(java.util.Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** The name below the audited path (the whole name for /): where sensitive words count. */
  static String relative(String path, String name) {
    return path.equals("/") || !name.startsWith(path) ? name : name.substring(path.length());
  }

  /** The first level below the audited path, e.g. /shop/prod for /shop/prod/db/host under /shop. */
  static String prefix(String path, String name) {
    String rest = relative(path, name).replaceFirst("^/", "");
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return path;
    }
    String base = path.equals("/") ? "" : path;
    return base + "/" + rest.substring(0, slash);
  }

  static String normalise(String path) {
    String p = path == null || path.isBlank() ? "/" : path.trim();
    if (!p.startsWith("/")) {
      p = "/" + p;
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static List<String> recommendations(Map<FindingKind, Integer> counts, int staleDays) {
    List<String> out = new ArrayList<>();
    int sensitive = counts.getOrDefault(FindingKind.SENSITIVE_NOT_ENCRYPTED, 0);
    int protectedPath = counts.getOrDefault(FindingKind.UNENCRYPTED_PROTECTED_PATH, 0);
    int defaultKey = counts.getOrDefault(FindingKind.DEFAULT_KMS_KEY, 0);
    int stale = counts.getOrDefault(FindingKind.STALE, 0);
    if (sensitive > 0) {
      out.add(
          "Convert the "
              + sensitive
              + " sensitive parameters stored in plain text to"
              + " SecureString (ssmflow params audit --remediate) and rotate their values.");
    }
    if (protectedPath > 0) {
      out.add(
          "Encrypt the "
              + protectedPath
              + " parameters under /security/, /compliance/ or"
              + " /audit/ (SecureString).");
    }
    if (defaultKey > 0) {
      out.add(
          "Move the "
              + defaultKey
              + " SecureString parameters on "
              + DEFAULT_KEY
              + " to a customer managed KMS key, to control who can decrypt them and audit it.");
    }
    if (stale > 0) {
      out.add(
          "Review the "
              + stale
              + " parameters unchanged for more than "
              + staleDays
              + " days: rotate secrets, delete what is no longer used.");
    }
    if (out.isEmpty()) {
      out.add("No finding: keep auditing regularly.");
    }
    return out;
  }

  @Override
  public List<String> convertToSecure(List<String> names) {
    List<String> converted = new ArrayList<>();
    for (String name : names) {
      heartbeat(converted.size() + "/" + names.size());
      Parameter current;
      try {
        current = ssm.getParameter(b -> b.name(name).withDecryption(true)).parameter();
      } catch (ParameterNotFoundException e) {
        log.warn("parameter {} no longer exists; not converted", name);
        continue;
      } catch (SsmException e) {
        throw SsmFailures.of("GetParameter", name, e, true);
      }
      if (current.type() == ParameterType.SECURE_STRING) {
        converted.add(name);
        continue;
      }
      if (current.type() != ParameterType.STRING) {
        log.warn(
            "parameter {} is {}; only String parameters are converted",
            name,
            current.typeAsString());
        continue;
      }
      try {
        long version =
            ssm.putParameter(
                    b ->
                        b.name(name)
                            .value(current.value())
                            .type(ParameterType.SECURE_STRING)
                            .overwrite(true))
                .version();
        log.info("converted parameter {} to SecureString (version {})", name, version);
        converted.add(name);
      } catch (SsmException e) {
        throw SsmFailures.of("PutParameter", name, e, true);
      }
    }
    return converted;
  }

  private static void heartbeat(String details) {
    try {
      Activity.getExecutionContext().heartbeat(details);
    } catch (IllegalStateException outsideAnActivity) {
      // called directly (tests, tools): nothing to report to
    }
  }
}
