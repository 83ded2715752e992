package io.ssmflow.activities.runbook;

import io.ssmflow.workflows.runbook.doc.ParamType;
import io.ssmflow.workflows.runbook.doc.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Converts between a runbook's JSON-like values and the AWS SDK's model objects, generically,
 * through the models' own field metadata ({@link SdkPojo#sdkFields()}: member name, marshalling
 * type, list and map element fields, nested builders). Member names are the API's own (as in the
 * documentation and boto3), e.g. {@code InstanceIds}, {@code Reservations}.
 */
final class SdkValues {
  private SdkValues() {}

  /**
   * Sets {@code values} on a model builder, member by member.
   *
   * @throws IllegalArgumentException naming the member (with its path) that is unknown or whose
   *     value does not fit
   */
  static void fill(Object builder, Map<String, ?> values, String path) {
    Map<String, SdkField<?>> fields = fields((SdkPojo) builder);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      SdkField<?> f = fields.get(e.getKey());
      String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (f == null) {
        throw new IllegalArgumentException(
            "unknown input "
                + at
                + " (known: "
                + String.join(", ", new TreeSet<>(fields.keySet()))
                + ")");
      }
      f.set(builder, toSdk(f, e.getValue(), at));
    }
  }

  /** The member names a model takes. */
  static Map<String, SdkField<?>> fields(SdkPojo pojo) {
    Map<String, SdkField<?>> out = new LinkedHashMap<>();
    for (SdkField<?> f : pojo.sdkFields()) {
      out.put(f.memberName(), f);
    }
    return out;
  }

  private static Object toSdk(SdkField<?> f, Object value, String at) {
    MarshallingType<?> t = f.marshallingType();
    try {
      if (t == MarshallingType.STRING) {
        return scalar(value, at);
      }
      if (t == MarshallingType.INTEGER) {
        return (Integer) Values.coerce(value, ParamType.INTEGER);
      }
      if (t == MarshallingType.LONG) {
        return Long.parseLong(scalar(value, at).trim());
      }
      if (t == MarshallingType.SHORT) {
        return Short.parseShort(scalar(value, at).trim());
      }
      if (t == MarshallingType.DOUBLE) {
        return Double.parseDouble(scalar(value, at).trim());
      }
      if (t == MarshallingType.FLOAT) {
        return Float.parseFloat(scalar(value, at).trim());
      }
      if (t == MarshallingType.BIG_DECIMAL) {
        return new BigDecimal(scalar(value, at).trim());
      }
      if (t == MarshallingType.BOOLEAN) {
        return (Boolean) Values.coerce(value, ParamType.BOOLEAN);
      }
      if (t == MarshallingType.INSTANT) {
        return instant(value, at);
      }
      if (t == MarshallingType.SDK_BYTES) {
        return SdkBytes.fromUtf8String(scalar(value, at));
      }
      if (t == MarshallingType.LIST) {
        SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          out.add(toSdk(member, list.get(i), at + "[" + i + "]"));
        }
        return out;
      }
      if (t == MarshallingType.MAP) {
        SdkField<?> member = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
        if (!(value instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException(at + " must be a map, not " + Values.describe(value));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), toSdk(member, v, at + "." + k)));
        return out;
      }
      if (t == MarshallingType.SDK_POJO) {
        if (!(value instanceof Map<?, ?> m)) {
          throw new IllegalArgumentException(at + " must be a map, not " + Values.describe(value));
        }
        Object builder = f.constructor().get();
        Map<String, Object> values = new LinkedHashMap<>();
        m.forEach((k, v) -> values.put(String.valueOf(k), v));
        fill(builder, values, at);
        return ((SdkBuilder<?, ?>) builder).build();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          at + ": " + Values.describe(value) + " is not a" + " number");
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(at)) {
        throw e;
      }
      throw new IllegalArgumentException(at + ": " + e.getMessage());
    }
    throw new IllegalArgumentException(at + ": inputs of type " + t + " are not supported");
  }

  private static String scalar(Object value, String at) {
    if (!Values.isScalar(value)) {
      throw new IllegalArgumentException(at + " must be text, not " + Values.describe(value));
    }
    return Values.text(value);
  }

  private static Instant instant(Object value, String at) {
    if (value instanceof Number n) {
      return Instant.ofEpochMilli((long) (n.doubleValue() * 1_000));
    }
    String s = scalar(value, at).trim();
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.ofEpochMilli((long) (Double.parseDouble(s) * 1_000));
      } catch (NumberFormatException n) {
        throw new IllegalArgumentException(
            at + " must be an ISO 8601 time or epoch seconds," + " not " + s);
      }
    }
  }

  /** A model object as maps, lists and scalars keyed by member name (unset members left out). */
  static Map<String, Object> toMap(SdkPojo pojo) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (SdkField<?> f : pojo.sdkFields()) {
      Object v = f.getValueOrDefault(pojo);
      if (v == null
          || v instanceof SdkAutoConstructList<?>
          || v instanceof SdkAutoConstructMap<?, ?>) {
        continue;
      }
      out.put(f.memberName(), toJson(v));
    }
    return out;
  }

  private static Object toJson(Object v) {
    if (v instanceof SdkPojo p) {
      return toMap(p);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toJson(o));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), toJson(x)));
      return out;
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof SdkBytes b) {
      return b.asUtf8String();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Short s) {
      return s.intValue();
    }
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    return v.toString();
  }
}
