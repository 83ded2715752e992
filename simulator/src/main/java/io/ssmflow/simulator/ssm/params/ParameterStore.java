package io.ssmflow.simulator.ssm.params;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssmflow.simulator.admin.AdminRequest;
import io.ssmflow.simulator.admin.AdminRoutes;
import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.core.Json;
import io.ssmflow.simulator.core.RequestContext;
import io.ssmflow.simulator.core.TimestampNode;
import io.ssmflow.simulator.fleet.Fleet;
import io.ssmflow.simulator.http.JsonOperation;
import io.ssmflow.simulator.ssm.params.ParameterNames.Reference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSM Parameter Store: PutParameter, GetParameter(s), GetParametersByPath, GetParameterHistory,
 * Delete, DescribeParameters, (Un)LabelParameterVersion and the tagging operations, with the
 * service's naming rules, versions (100 kept), labels, tiers and errors. Values are never logged;
 * SecureString values are only shown in clear with WithDecryption (see {@link SecureStrings}).
 *
 * <p>All parameters live in one sorted map guarded by one read-write lock: reads run in parallel,
 * and each write (a new version, a label move) is atomic. The store is shared by all regions; ARNs
 * carry the region of the request.
 *
 * <p>This class holds the operations and the lock; what a new version may be (type, key, tier, data
 * type, allowed pattern, what an overwrite carries over) is {@link PutRequest}'s, and the rules of
 * one parameter's versions and labels (100 kept, a label on one version) are {@link
 * StoredParameter}'s.
 */
public final class ParameterStore {

  private static final Logger log = LoggerFactory.getLogger(ParameterStore.class);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final NavigableMap<String, StoredParameter> parameters = new TreeMap<>();
  private final SecureStrings secureStrings = new SecureStrings();
  private final ResourceTagging tagging;

  public ParameterStore(Fleet fleet, AdminRoutes admin) {
    requireNonNull(fleet, "fleet is null");
    requireNonNull(admin, "admin is null");
    this.tagging = new ResourceTagging(this, fleet);
    fleet.onReset(this::clear);
    admin.add("GET", "/_sim/parameters", this::adminList);
  }

  public Map<String, JsonOperation> operations() {
    return Map.ofEntries(
        Map.entry("PutParameter", this::putParameter),
        Map.entry("GetParameter", this::getParameter),
        Map.entry("GetParameters", this::getParameters),
        Map.entry("GetParametersByPath", this::getParametersByPath),
        Map.entry("GetParameterHistory", this::getParameterHistory),
        Map.entry("DeleteParameter", this::deleteParameter),
        Map.entry("DeleteParameters", this::deleteParameters),
        Map.entry("DescribeParameters", this::describeParameters),
        Map.entry("LabelParameterVersion", this::labelParameterVersion),
        Map.entry("UnlabelParameterVersion", this::unlabelParameterVersion),
        Map.entry("AddTagsToResource", tagging::addTags),
        Map.entry("ListTagsForResource", tagging::listTags),
        Map.entry("RemoveTagsFromResource", tagging::removeTags));
  }

  /** Forgets every parameter (admin reset). */
  public void clear() {
    write(
        () -> {
          parameters.clear();
          return null;
        });
  }

  // ---- PutParameter ------------------------------------------------------------------------

  private JsonNode putParameter(ObjectNode in, RequestContext ctx) {
    PutRequest request = PutRequest.parse(in);
    ParameterVersion written = write(() -> put(request));
    log.debug("PutParameter {} -> version {}", written.name, written.version);
    return Json.object().put("Version", written.version).put("Tier", written.tier);
  }

  private ParameterVersion put(PutRequest r) {
    StoredParameter existing = parameters.get(r.name());
    ParameterVersion previous = existing == null ? null : existing.latest();
    if (previous != null && !r.overwrite()) {
      throw ParameterErrors.alreadyExists();
    }
    ParameterVersion version = r.versionAfter(previous, secureStrings);
    if (existing == null) {
      existing = new StoredParameter(r.name());
      existing.tags.putAll(r.tags());
      parameters.put(r.name(), existing);
    } else {
      existing.makeRoom();
    }
    existing.versions.add(version);
    return version;
  }

  // ---- reads -------------------------------------------------------------------------------

  private JsonNode getParameter(ObjectNode in, RequestContext ctx) {
    String given = Json.requiredText(in, "Name");
    boolean decrypt = Json.bool(in, "WithDecryption", false);
    Reference ref = ParameterNames.reference(given);
    return read(
        () -> {
          StoredParameter p = parameters.get(ref.name());
          if (p == null) {
            throw ParameterErrors.notFound(given);
          }
          ParameterVersion v = select(p, ref, given);
          return Json.object().set("Parameter", parameterJson(v, ref, decrypt, ctx));
        });
  }

  private JsonNode getParameters(ObjectNode in, RequestContext ctx) {
    List<String> names = requiredList(in, "Names", 10);
    boolean decrypt = Json.bool(in, "WithDecryption", false);
    return read(
        () -> {
          ObjectNode out = Json.object();
          ArrayNode found = out.putArray("Parameters");
          ArrayNode invalid = out.putArray("InvalidParameters");
          for (String given : new LinkedHashSet<>(names)) {
            Reference ref = ParameterNames.reference(given);
            StoredParameter p = parameters.get(ref.name());
            Optional<ParameterVersion> v = p == null ? Optional.empty() : find(p, ref);
            if (v.isPresent()) {
              found.add(parameterJson(v.get(), ref, decrypt, ctx));
            } else {
              invalid.add(given);
            }
          }
          return out;
        });
  }

  private JsonNode getParametersByPath(ObjectNode in, RequestContext ctx) {
    String path = ParameterNames.forPath(Json.requiredText(in, "Path"));
    boolean recursive = Json.bool(in, "Recursive", false);
    boolean decrypt = Json.bool(in, "WithDecryption", false);
    List<ParameterFilter> filters =
        ParameterFilter.parse(Json.objectList(in, "ParameterFilters"), ParameterFilter.Use.BY_PATH);
    int max = ParameterErrors.maxResults(Json.optionalInt(in, "MaxResults"), 10, 10);
    String scope = "GetParametersByPath|" + path + "|" + recursive;
    String after = PageTokens.decode(Json.optionalText(in, "NextToken"), scope);
    ParameterFilter labelFilter =
        filters.stream().filter(f -> f.key().equals("Label")).findFirst().orElse(null);
    return read(
        () -> {
          ObjectNode out = Json.object();
          ArrayNode list = out.putArray("Parameters");
          String last = null;
          for (StoredParameter p : page(after)) {
            if (!ParameterNames.inPath(p.name, path, recursive)) {
              continue;
            }
            // With a Label filter the answer is the labelled version, not the latest one.
            ParameterVersion v =
                labelFilter == null ? p.latest() : p.latestWithAnyOf(labelFilter.values());
            if (v == null || !filters.stream().allMatch(f -> f.matches(p, v))) {
              continue;
            }
            if (list.size() == max) {
              out.put("NextToken", PageTokens.encode(scope, last));
              break;
            }
            Reference ref =
                labelFilter == null
                    ? new Reference(p.name, null, null)
                    : new Reference(
                        p.name,
                        null,
                        v.labels.stream()
                            .filter(labelFilter.values()::contains)
                            .findFirst()
                            .orElse(null));
            list.add(parameterJson(v, ref, decrypt, ctx));
            last = p.name;
          }
          return out;
        });
  }

  private JsonNode getParameterHistory(ObjectNode in, RequestContext ctx) {
    String given = Json.requiredText(in, "Name");
    String name = ParameterNames.reference(given).name();
    boolean decrypt = Json.bool(in, "WithDecryption", false);
    int max = ParameterErrors.maxResults(Json.optionalInt(in, "MaxResults"), 50, 50);
    String scope = "GetParameterHistory|" + name;
    String cursor = PageTokens.decode(Json.optionalText(in, "NextToken"), scope);
    long after = parseCursor(cursor);
    return read(
        () -> {
          StoredParameter p = parameters.get(name);
          if (p == null) {
            throw ParameterErrors.notFound(given);
          }
          ObjectNode out = Json.object();
          ArrayNode list = out.putArray("Parameters");
          long last = after;
          for (ParameterVersion v : p.versions) {
            if (v.version <= after) {
              continue;
            }
            if (list.size() == max) {
              out.put("NextToken", PageTokens.encode(scope, Long.toString(last)));
              break;
            }
            list.add(ParameterViews.history(v, decrypt));
            last = v.version;
          }
          return out;
        });
  }

  private static long parseCursor(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw PageTokens.invalid();
    }
  }

  private JsonNode describeParameters(ObjectNode in, RequestContext ctx) {
    List<JsonNode> legacy = Json.objectList(in, "Filters");
    List<JsonNode> stringFilters = Json.objectList(in, "ParameterFilters");
    if (!legacy.isEmpty() && !stringFilters.isEmpty()) {
      throw AwsException.validation(
          "You can use either Filters or ParameterFilters in a single request.");
    }
    List<ParameterFilter> filters =
        legacy.isEmpty()
            ? ParameterFilter.parse(stringFilters, ParameterFilter.Use.DESCRIBE)
            : ParameterFilter.parseLegacy(legacy);
    int max = ParameterErrors.maxResults(Json.optionalInt(in, "MaxResults"), 50, 50);
    boolean shared = Json.bool(in, "Shared", false);
    String scope = "DescribeParameters|" + shared;
    String after = PageTokens.decode(Json.optionalText(in, "NextToken"), scope);
    return read(
        () -> {
          ObjectNode out = Json.object();
          ArrayNode list = out.putArray("Parameters");
          if (shared) {
            // Nothing is shared with this account from another one.
            return out;
          }
          String last = null;
          for (StoredParameter p : page(after)) {
            ParameterVersion v = p.latest();
            if (!filters.stream().allMatch(f -> f.matches(p, v))) {
              continue;
            }
            if (list.size() == max) {
              out.put("NextToken", PageTokens.encode(scope, last));
              break;
            }
            list.add(ParameterViews.metadata(v, ctx));
            last = p.name;
          }
          return out;
        });
  }

  /** Parameters in name order, after the cursor name when there is one. */
  private Iterable<StoredParameter> page(String after) {
    return after == null ? parameters.values() : parameters.tailMap(after, false).values();
  }

  // ---- delete ------------------------------------------------------------------------------

  private JsonNode deleteParameter(ObjectNode in, RequestContext ctx) {
    String given = Json.requiredText(in, "Name");
    String name = ParameterNames.canonical(given);
    write(
        () -> {
          if (parameters.remove(name) == null) {
            throw ParameterErrors.notFound(given);
          }
          return null;
        });
    log.debug("DeleteParameter {}", name);
    return Json.object();
  }

  private JsonNode deleteParameters(ObjectNode in, RequestContext ctx) {
    List<String> names = requiredList(in, "Names", 10);
    return write(
        () -> {
          ObjectNode out = Json.object();
          ArrayNode deleted = out.putArray("DeletedParameters");
          ArrayNode invalid = out.putArray("InvalidParameters");
          for (String given : new LinkedHashSet<>(names)) {
            if (parameters.remove(ParameterNames.canonical(given)) != null) {
              deleted.add(given);
            } else {
              invalid.add(given);
            }
          }
          return out;
        });
  }

  // ---- labels ------------------------------------------------------------------------------

  private JsonNode labelParameterVersion(ObjectNode in, RequestContext ctx) {
    String given = Json.requiredText(in, "Name");
    String name = ParameterNames.canonical(given);
    List<String> labels = requiredList(in, "Labels", 10);
    Long requested = optionalLong(in, "ParameterVersion");
    return write(
        () -> {
          StoredParameter p = parameters.get(name);
          if (p == null) {
            throw ParameterErrors.notFound(given);
          }
          long number = requested != null ? requested : p.latest().version;
          ParameterVersion target =
              p.version(number).orElseThrow(() -> ParameterErrors.versionNotFound(name, number));
          LinkedHashSet<String> valid = new LinkedHashSet<>();
          ArrayNode invalid = Json.array();
          for (String label : labels) {
            if (ParameterNames.validLabel(label)) {
              valid.add(label);
            } else {
              invalid.add(label);
            }
          }
          p.attach(target, valid);
          ObjectNode out = Json.object();
          out.set("InvalidLabels", invalid);
          out.put("ParameterVersion", number);
          return out;
        });
  }

  private JsonNode unlabelParameterVersion(ObjectNode in, RequestContext ctx) {
    String given = Json.requiredText(in, "Name");
    String name = ParameterNames.canonical(given);
    Long number = optionalLong(in, "ParameterVersion");
    if (number == null) {
      throw AwsException.validation(
          "1 validation error detected: Value null at"
              + " 'parameterVersion' failed to satisfy constraint: Member must not be null");
    }
    List<String> labels = requiredList(in, "Labels", 10);
    return write(
        () -> {
          StoredParameter p = parameters.get(name);
          if (p == null) {
            throw ParameterErrors.notFound(given);
          }
          ParameterVersion target =
              p.version(number).orElseThrow(() -> ParameterErrors.versionNotFound(name, number));
          ObjectNode out = Json.object();
          ArrayNode removed = out.putArray("RemovedLabels");
          ArrayNode invalid = out.putArray("InvalidLabels");
          for (String label : new LinkedHashSet<>(labels)) {
            if (target.labels.remove(label)) {
              removed.add(label);
            } else {
              invalid.add(label);
            }
          }
          return out;
        });
  }

  // ---- shared helpers ----------------------------------------------------------------------

  /** The version a reference selects; throws ParameterVersionNotFound / ParameterNotFound. */
  private static ParameterVersion select(StoredParameter p, Reference ref, String given) {
    if (ref.version() != null) {
      return p.version(ref.version())
          .orElseThrow(() -> ParameterErrors.versionNotFound(p.name, ref.version()));
    }
    if (ref.label() != null) {
      return p.labelled(ref.label()).orElseThrow(() -> ParameterErrors.notFound(given));
    }
    return p.latest();
  }

  private static Optional<ParameterVersion> find(StoredParameter p, Reference ref) {
    if (ref.version() != null) {
      return p.version(ref.version());
    }
    if (ref.label() != null) {
      return p.labelled(ref.label());
    }
    return Optional.of(p.latest());
  }

  private static ObjectNode parameterJson(
      ParameterVersion v, Reference ref, boolean decrypt, RequestContext ctx) {
    ObjectNode n =
        Json.object()
            .put("Name", v.name)
            .put("Type", v.type)
            .put("Value", v.visibleValue(decrypt))
            .put("Version", v.version);
    if (ref.hasSelector()) {
      n.put("Selector", ref.selector());
    }
    n.set("LastModifiedDate", TimestampNode.of(v.lastModifiedDate));
    n.put("ARN", arn(v.name, ctx)).put("DataType", v.dataType);
    return n;
  }

  static String arn(String name, RequestContext ctx) {
    return ctx.arn("ssm", "parameter" + ParameterNames.rooted(name));
  }

  private static List<String> requiredList(ObjectNode in, String member, int max) {
    if (!in.hasNonNull(member)) {
      throw AwsException.validation(
          "1 validation error detected: Value null at '"
              + Character.toLowerCase(member.charAt(0))
              + member.substring(1)
              + "' failed to satisfy constraint: Member must not be null");
    }
    List<String> values = Json.textList(in, member);
    if (values.isEmpty() || values.size() > max) {
      throw ParameterErrors.constraint(
          Character.toLowerCase(member.charAt(0)) + member.substring(1),
          values,
          "Member must have length less than or equal to "
              + max
              + ", Member must have length greater than or equal to 1");
    }
    return values;
  }

  private static Long optionalLong(ObjectNode in, String member) {
    JsonNode node = in.get(member);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      return Long.parseLong(node.asText());
    }
    throw AwsException.validation("Member '" + member + "' must be a number");
  }

  /** Runs {@code body} holding the read lock. */
  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code body} holding the write lock. */
  <T> T write(Supplier<T> body) {
    lock.writeLock().lock();
    try {
      return body.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Tag access for {@link ResourceTagging}: runs {@code body} on the parameter under lock. */
  <T> T withParameter(String name, boolean modify, Function<StoredParameter, T> body) {
    Supplier<T> call =
        () -> {
          StoredParameter p = parameters.get(ParameterNames.canonical(name));
          if (p == null) {
            throw ResourceTagging.invalidResourceId();
          }
          return body.apply(p);
        };
    return modify ? write(call) : read(call);
  }

  // ---- admin -------------------------------------------------------------------------------

  /** GET /_sim/parameters[?prefix=/app]: names, types, versions, tiers; never values. */
  private JsonNode adminList(AdminRequest r) {
    String prefix = r.query("prefix", null);
    return read(
        () -> {
          ObjectNode out = Json.object();
          ArrayNode list = out.putArray("parameters");
          for (StoredParameter p : parameters.values()) {
            if (prefix != null
                && !ParameterNames.rooted(p.name).startsWith(ParameterNames.rooted(prefix))) {
              continue;
            }
            ParameterVersion v = p.latest();
            ObjectNode n =
                list.addObject()
                    .put("name", p.name)
                    .put("type", v.type)
                    .put("version", v.version)
                    .put("versionsKept", p.versions.size())
                    .put("tier", v.tier)
                    .put("dataType", v.dataType)
                    .put("lastModifiedDate", v.lastModifiedDate.toString());
            ObjectNode labels = n.putObject("labels");
            for (ParameterVersion kept : p.versions) {
              if (!kept.labels.isEmpty()) {
                ArrayNode a = labels.putArray(Long.toString(kept.version));
                kept.labels.forEach(a::add);
              }
            }
            ObjectNode tags = n.putObject("tags");
            p.tags.forEach(tags::put);
          }
          out.put("count", list.size());
          return out;
        });
  }
}
