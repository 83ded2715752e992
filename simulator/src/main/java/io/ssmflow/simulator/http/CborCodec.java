package io.ssmflow.simulator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.ssmflow.simulator.core.TimestampNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Smithy RPC v2 CBOR bodies to and from JSON trees. Timestamps in answers ({@link TimestampNode})
 * are written as CBOR tag 1 (epoch seconds); in requests the tag is dropped and the number kept,
 * which is how the JSON protocols carry them too.
 */
public final class CborCodec {
  private static final CBORFactory FACTORY = new CBORFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private CborCodec() {}

  public static JsonNode read(byte[] body) throws IOException {
    if (body.length == 0) {
      return MAPPER.createObjectNode();
    }
    return MAPPER.readTree(body);
  }

  public static byte[] write(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (CBORGenerator gen = FACTORY.createGenerator(out)) {
      writeNode(gen, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeNode(CBORGenerator gen, JsonNode node) throws IOException {
    if (node instanceof TimestampNode ts) {
      gen.writeTag(1);
      gen.writeNumber(ts.doubleValue());
    } else if (node.isObject()) {
      gen.writeStartObject(node.size());
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        gen.writeFieldName(e.getKey());
        writeNode(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (node.isArray()) {
      gen.writeStartArray(node, node.size());
      for (JsonNode item : node) {
        writeNode(gen, item);
      }
      gen.writeEndArray();
    } else {
      writeScalar(gen, node);
    }
  }

  private static void writeScalar(JsonGenerator gen, JsonNode node) throws IOException {
    if (node.isTextual()) {
      gen.writeString(node.textValue());
    } else if (node.isBoolean()) {
      gen.writeBoolean(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      gen.writeNumber(node.longValue());
    } else if (node.isNumber()) {
      gen.writeNumber(node.doubleValue());
    } else if (node.isBinary()) {
      gen.writeBinary(node.binaryValue());
    } else if (node.isNull() || node.isMissingNode()) {
      gen.writeNull();
    } else {
      gen.writeString(node.asText());
    }
  }
}
