package io.ssmflow.simulator.cloudwatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;

/**
 * The subset of CloudWatch metric math the simulator evaluates: numbers, query ids, {@code + - *
 * /}, parentheses, arrays {@code [m1, m2]}, and the functions ABS, SUM, AVG, MIN, MAX, DIFF,
 * FILL(series, number) and METRICS([label text]). Time series pair up by timestamp; a division by
 * zero leaves the point out. Anything else is rejected with a message naming what is supported.
 */
final class MetricMath {
  static final String SUPPORTED =
      "numbers, query ids, + - * /, parentheses, [..] arrays and"
          + " the functions ABS, SUM, AVG, MIN, MAX, DIFF, FILL and METRICS";

  /** A value during evaluation. */
  sealed interface Value permits Scalar, Series, SeriesList {}

  record Scalar(double value) implements Value {}

  /** Points by epoch millis. */
  record Series(TreeMap<Long, Double> points) implements Value {}

  record SeriesList(List<Series> series) implements Value {}

  /** What an expression may refer to. */
  interface Context {
    /** The value of another query by id, or null when there is none. */
    Value resolve(String id);

    /** The results of METRICS(filter): every MetricStat query whose label contains it. */
    List<Series> metrics(String labelFilter);

    /** The timestamps a constant fills. */
    List<Long> grid();
  }

  private final String id;
  private final String text;
  private final Context ctx;
  private int pos;

  private MetricMath(String id, String text, Context ctx) {
    this.id = id;
    this.text = text;
    this.ctx = ctx;
  }

  /** Evaluates the expression of query {@code id} to one time series. */
  static TreeMap<Long, Double> evaluate(String id, String expression, Context ctx) {
    MetricMath m = new MetricMath(id, expression, ctx);
    Value v = m.expr();
    m.skipSpace();
    if (m.pos < expression.length()) {
      throw m.error("Unexpected '" + expression.charAt(m.pos) + "' at position " + (m.pos + 1));
    }
    return toSeries(id, v, ctx);
  }

  static TreeMap<Long, Double> toSeries(String id, Value v, Context ctx) {
    if (v instanceof Scalar s) {
      TreeMap<Long, Double> out = new TreeMap<>();
      ctx.grid().forEach(t -> out.put(t, s.value()));
      return out;
    }
    if (v instanceof Series s) {
      return s.points();
    }
    SeriesList list = (SeriesList) v;
    if (list.series().size() == 1) {
      return list.series().get(0).points();
    }
    throw CwErrors.invalidParameterValue(
        "Error in expression "
            + id
            + ": the expression returns"
            + " "
            + list.series().size()
            + " time series; the simulator supports expressions that"
            + " return one");
  }

  private RuntimeException error(String what) {
    return CwErrors.invalidParameterValue(
        "Error in expression " + id + ": " + what + ". The simulator supports " + SUPPORTED + ".");
  }

  private Value expr() {
    Value left = term();
    while (true) {
      skipSpace();
      if (peek('+')) {
        pos++;
        left = combine(left, term(), Double::sum);
      } else if (peek('-')) {
        pos++;
        left = combine(left, term(), (a, b) -> a - b);
      } else {
        return left;
      }
    }
  }

  private Value term() {
    Value left = factor();
    while (true) {
      skipSpace();
      if (peek('*')) {
        pos++;
        left = combine(left, factor(), (a, b) -> a * b);
      } else if (peek('/')) {
        pos++;
        left = combine(left, factor(), (a, b) -> b == 0 ? Double.NaN : a / b);
      } else {
        return left;
      }
    }
  }

  private Value factor() {
    skipSpace();
    if (pos >= text.length()) {
      throw error("Unexpected end of expression");
    }
    char c = text.charAt(pos);
    if (c == '-') {
      pos++;
      return combine(new Scalar(0), factor(), (a, b) -> a - b);
    }
    if (c == '(') {
      pos++;
      Value v = expr();
      expect(')');
      return v;
    }
    if (c == '[') {
      pos++;
      List<Series> items = new ArrayList<>();
      while (true) {
        Value v = expr();
        if (v instanceof Series s) {
          items.add(s);
        } else if (v instanceof SeriesList l) {
          items.addAll(l.series());
        } else {
          throw error("An array may only hold time series");
        }
        skipSpace();
        if (!peek(',')) {
          break;
        }
        pos++;
      }
      expect(']');
      return new SeriesList(items);
    }
    if (Character.isDigit(c) || c == '.') {
      int start = pos;
      while (pos < text.length()
          && (Character.isDigit(text.charAt(pos))
              || text.charAt(pos) == '.'
              || text.charAt(pos) == 'e'
              || text.charAt(pos) == 'E')) {
        pos++;
      }
      try {
        return new Scalar(Double.parseDouble(text.substring(start, pos)));
      } catch (NumberFormatException e) {
        throw error("Invalid number " + text.substring(start, pos));
      }
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      String name = text.substring(start, pos);
      skipSpace();
      if (peek('(')) {
        pos++;
        return function(name);
      }
      Value v = ctx.resolve(name);
      if (v == null) {
        throw error("Unrecognized query id or function '" + name + "'");
      }
      return v;
    }
    throw error("Unexpected '" + c + "' at position " + (pos + 1));
  }

  private Value function(String name) {
    String fn = name.toUpperCase(Locale.ROOT);
    if (fn.equals("METRICS")) {
      skipSpace();
      String filter = "";
      if (peek('"') || peek('\'')) {
        char quote = text.charAt(pos++);
        int end = text.indexOf(quote, pos);
        if (end < 0) {
          throw error("Unterminated string");
        }
        filter = text.substring(pos, end);
        pos = end + 1;
      }
      expect(')');
      return new SeriesList(ctx.metrics(filter));
    }
    if (!List.of("ABS", "SUM", "AVG", "MIN", "MAX", "DIFF", "FILL").contains(fn)) {
      throw error("Unsupported function " + name);
    }
    List<Value> args = new ArrayList<>();
    skipSpace();
    while (!peek(')')) {
      args.add(expr());
      skipSpace();
      if (!peek(',')) {
        break;
      }
      pos++;
    }
    expect(')');
    return switch (fn) {
      case "ABS" -> map(one(fn, args), Math::abs);
      case "SUM" -> reduce(fn, args, Double::sum, false);
      case "AVG" -> reduce(fn, args, Double::sum, true);
      case "MIN" -> reduce(fn, args, Math::min, false);
      case "MAX" -> reduce(fn, args, Math::max, false);
      case "DIFF" -> diff(one(fn, args));
      case "FILL" -> fill(args);
      default -> throw error("Unsupported function " + name);
    };
  }

  private Value one(String fn, List<Value> args) {
    if (args.size() != 1) {
      throw error(fn + " takes one argument");
    }
    return args.get(0);
  }

  private static Value map(Value v, java.util.function.DoubleUnaryOperator f) {
    if (v instanceof Scalar s) {
      return new Scalar(f.applyAsDouble(s.value()));
    }
    if (v instanceof Series s) {
      TreeMap<Long, Double> out = new TreeMap<>();
      s.points().forEach((t, x) -> out.put(t, f.applyAsDouble(x)));
      return new Series(out);
    }
    List<Series> out = new ArrayList<>();
    ((SeriesList) v).series().forEach(s -> out.add((Series) map(s, f)));
    return new SeriesList(out);
  }

  /** Over an array: point by point; over one series: a scalar of all its points. */
  private Value reduce(String fn, List<Value> args, DoubleBinaryOperator op, boolean average) {
    Value v = one(fn, args);
    if (v instanceof Scalar) {
      return v;
    }
    if (v instanceof Series s) {
      if (s.points().isEmpty()) {
        return new Series(new TreeMap<>());
      }
      double acc = Double.NaN;
      for (double x : s.points().values()) {
        acc = Double.isNaN(acc) ? x : op.applyAsDouble(acc, x);
      }
      return new Scalar(average ? sumOf(s) / s.points().size() : acc);
    }
    TreeMap<Long, Double> out = new TreeMap<>();
    for (Series s : ((SeriesList) v).series()) {
      s.points().forEach((t, x) -> out.merge(t, x, op::applyAsDouble));
    }
    if (average) {
      out.replaceAll((t, x) -> avgAt((SeriesList) v, t));
    }
    return new Series(out);
  }

  private static double sumOf(Series s) {
    double sum = 0;
    for (double x : s.points().values()) {
      sum += x;
    }
    return sum;
  }

  private static double avgAt(SeriesList list, long t) {
    double sum = 0;
    int n = 0;
    for (Series s : list.series()) {
      Double x = s.points().get(t);
      if (x != null) {
        sum += x;
        n++;
      }
    }
    return sum / n;
  }

  private Value diff(Value v) {
    if (!(v instanceof Series s)) {
      throw error("DIFF takes a time series");
    }
    TreeMap<Long, Double> out = new TreeMap<>();
    Double prev = null;
    for (Map.Entry<Long, Double> e : s.points().entrySet()) {
      if (prev != null) {
        out.put(e.getKey(), e.getValue() - prev);
      }
      prev = e.getValue();
    }
    return new Series(out);
  }

  private Value fill(List<Value> args) {
    if (args.size() != 2
        || !(args.get(0) instanceof Series s)
        || !(args.get(1) instanceof Scalar fillWith)) {
      throw error("FILL takes a time series and a number");
    }
    TreeMap<Long, Double> out = new TreeMap<>(s.points());
    ctx.grid().forEach(t -> out.putIfAbsent(t, fillWith.value()));
    return new Series(out);
  }

  private Value combine(Value a, Value b, DoubleBinaryOperator op) {
    if (a instanceof Scalar x && b instanceof Scalar y) {
      return new Scalar(op.applyAsDouble(x.value(), y.value()));
    }
    if (a instanceof SeriesList l) {
      List<Series> out = new ArrayList<>();
      for (Series s : l.series()) {
        out.add((Series) combine(s, requireNotList(b), op));
      }
      return new SeriesList(out);
    }
    if (b instanceof SeriesList l) {
      List<Series> out = new ArrayList<>();
      for (Series s : l.series()) {
        out.add((Series) combine(requireNotList(a), s, op));
      }
      return new SeriesList(out);
    }
    TreeMap<Long, Double> out = new TreeMap<>();
    if (a instanceof Series x && b instanceof Series y) {
      x.points()
          .forEach(
              (t, v) -> {
                Double w = y.points().get(t);
                if (w != null) {
                  put(out, t, op.applyAsDouble(v, w));
                }
              });
    } else if (a instanceof Series x) {
      double w = ((Scalar) b).value();
      x.points().forEach((t, v) -> put(out, t, op.applyAsDouble(v, w)));
    } else {
      double v = ((Scalar) a).value();
      ((Series) b).points().forEach((t, w) -> put(out, t, op.applyAsDouble(v, w)));
    }
    return new Series(out);
  }

  private Value requireNotList(Value v) {
    if (v instanceof SeriesList) {
      throw error("Two arrays of time series cannot be combined");
    }
    return v;
  }

  private static void put(TreeMap<Long, Double> out, long t, double v) {
    if (!Double.isNaN(v) && !Double.isInfinite(v)) {
      out.put(t, v);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void expect(char c) {
    skipSpace();
    if (!peek(c)) {
      throw error("Expected '" + c + "' at position " + (pos + 1));
    }
    pos++;
  }
}
