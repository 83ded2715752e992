package io.ssmflow.simulator.ec2;

import io.ssmflow.simulator.core.AwsException;
import io.ssmflow.simulator.http.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** MaxResults / NextToken paging over a list in a stable order. */
final class Paging {
  private Paging() {}

  /** One page and the token of the next one (null on the last page). */
  record Page<T>(List<T> items, String nextToken) {}

  /** {@code MaxResults} checked against EC2's bounds for the action; null when absent. */
  static Integer maxResults(QueryRequest request, int min, int max) {
    return maxResults(request, min, max, false);
  }

  /**
   * Like {@link #maxResults(QueryRequest, int, int)}, but a value above {@code max} answers {@code
   * max} items, as DescribeVolumes and DescribeSnapshots document (the AWS CLI sends 1000 to both).
   */
  static Integer maxResultsCapped(QueryRequest request, int min, int max) {
    return maxResults(request, min, max, true);
  }

  private static Integer maxResults(QueryRequest request, int min, int max, boolean cap) {
    Integer value = request.integer("MaxResults");
    if (value == null) {
      return null;
    }
    if (value < min) {
      throw Ec2Errors.invalidValue(
          "Value ( "
              + value
              + " ) for parameter maxResults is invalid. Expecting a value greater than "
              + (min == 1 ? "0" : String.valueOf(min))
              + ".");
    }
    if (value > max) {
      if (cap) {
        return max;
      }
      throw Ec2Errors.invalidValue(
          "Value ( "
              + value
              + " ) for parameter maxResults is invalid. Expecting a value less than "
              + max
              + ".");
    }
    return value;
  }

  /**
   * The page that starts at {@code token} ({@code scope} ties a token to its action). Without
   * MaxResults everything from the token on is one page, as EC2 answers.
   */
  static <T> Page<T> page(List<T> items, Integer maxResults, String token, String scope) {
    int from = token == null || token.isEmpty() ? 0 : offset(token, scope);
    if (from > items.size()) {
      from = items.size();
    }
    int to = maxResults == null ? items.size() : Math.min(items.size(), from + maxResults);
    String next = to < items.size() ? token(scope, to) : null;
    return new Page<>(List.copyOf(items.subList(from, to)), next);
  }

  private static String token(String scope, int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((scope + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token, String scope) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(scope + ":")) {
        int offset = Integer.parseInt(text.substring(scope.length() + 1));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below; NumberFormatException is an IllegalArgumentException
    }
    throw new AwsException(
        "InvalidPaginationToken",
        "The pagination token '" + token + "' is invalid or has expired.");
  }
}
