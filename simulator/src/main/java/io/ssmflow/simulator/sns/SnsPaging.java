package io.ssmflow.simulator.sns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/** Paging of SNS list operations: 100 per page, an opaque NextToken over a stable order. */
final class SnsPaging {
  static final int PAGE_SIZE = 100;

  private SnsPaging() {}

  record Page<T>(List<T> items, String nextToken) {}

  /** A page of {@code all} (in order of {@code key}) after the token's key. */
  static <T> Page<T> page(List<T> all, String token, Function<T, String> key) {
    List<T> sorted = new ArrayList<>(all);
    sorted.sort((a, b) -> key.apply(a).compareTo(key.apply(b)));
    Predicate<T> after = t -> true;
    if (token != null && !token.isEmpty()) {
      String last;
      try {
        last = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw SnsErrors.invalidParameter("Invalid parameter: NextToken");
      }
      if (!last.startsWith("sim:")) {
        throw SnsErrors.invalidParameter("Invalid parameter: NextToken");
      }
      String from = last.substring(4);
      after = t -> key.apply(t).compareTo(from) > 0;
    }
    List<T> rest = sorted.stream().filter(after).toList();
    List<T> items = rest.subList(0, Math.min(PAGE_SIZE, rest.size()));
    String next =
        rest.size() > PAGE_SIZE
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    ("sim:" + key.apply(items.get(items.size() - 1)))
                        .getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page<>(items, next);
  }

  /** A sort key for a sequence number that orders as text. */
  static String seqKey(long seq) {
    return String.format("%019d", seq);
  }
}
