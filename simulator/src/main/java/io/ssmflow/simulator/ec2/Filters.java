package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.http.QueryRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The filters one Describe action accepts ({@code Filter.N.Name}, {@code Filter.N.Value.M}), as EC2
 * applies them: the values of one filter are ORed, the filters are ANDed, and values may use the
 * {@code *} and {@code ?} wildcards ({@code \} escapes them).
 *
 * @param <T> the resource filtered
 */
final class Filters<T> {
  private final Map<String, Function<T, Collection<String>>> fields = new LinkedHashMap<>();
  private final Function<T, Map<String, String>> tags;

  /**
   * @param tags the resource's tags, enabling {@code tag:K}, {@code tag-key}, {@code tag-value}
   */
  Filters(Function<T, Map<String, String>> tags) {
    this.tags = tags;
    if (tags != null) {
      fields.put("tag-key", r -> tags.apply(r).keySet());
      fields.put("tag-value", r -> tags.apply(r).values());
    }
  }

  /** A filter on one value of the resource (null: the resource never matches it). */
  Filters<T> one(String name, Function<T, Object> value) {
    fields.put(
        name,
        r -> {
          Object v = value.apply(r);
          return v == null ? List.of() : List.of(String.valueOf(v));
        });
    return this;
  }

  /** A filter on several values of the resource; it matches when any of them does. */
  Filters<T> many(String name, Function<T, Collection<String>> values) {
    fields.put(name, values);
    return this;
  }

  /** The request's filters as one predicate; an unknown filter name is InvalidParameterValue. */
  Predicate<T> parse(QueryRequest request) {
    List<Predicate<T>> all = new ArrayList<>();
    for (QueryRequest f : request.structList("Filter")) {
      String name = f.get("Name");
      if (name == null || name.isEmpty()) {
        throw Ec2Errors.missing("Filter.Name");
      }
      Function<T, Collection<String>> field = field(name);
      List<Pattern> patterns = f.list("Value").stream().map(Filters::wildcard).toList();
      all.add(r -> matches(field.apply(r), patterns));
    }
    return r -> {
      for (Predicate<T> p : all) {
        if (!p.test(r)) {
          return false;
        }
      }
      return true;
    };
  }

  private Function<T, Collection<String>> field(String name) {
    if (tags != null && name.startsWith("tag:") && name.length() > 4) {
      String key = name.substring(4);
      return r -> {
        String v = tags.apply(r).get(key);
        return v == null ? List.of() : List.of(v);
      };
    }
    Function<T, Collection<String>> field = fields.get(name);
    if (field == null) {
      throw Ec2Errors.invalidValue("The filter '" + name + "' is invalid");
    }
    return field;
  }

  private static boolean matches(Collection<String> candidates, List<Pattern> patterns) {
    for (String c : candidates) {
      for (Pattern p : patterns) {
        if (p.matcher(c).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  /** An EC2 filter value as a regex: {@code *} any run, {@code ?} one character. */
  static Pattern wildcard(String value) {
    StringBuilder regex = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        regex.append(Pattern.quote(String.valueOf(value.charAt(++i))));
      } else if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
