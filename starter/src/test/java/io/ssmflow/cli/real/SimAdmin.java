package io.ssmflow.cli.real;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The simulator's admin API, for what the tests check on the instances. */
record SimAdmin(String endpoint) {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(endpoint + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return Json.MAPPER.readTree(r.body());
  }

  /** The ids of the instances with this tag, sorted. */
  List<String> ids(String tag) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode i :
        get("/_sim/instances?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8))
            .get("instances")) {
      ids.add(i.get("id").asText());
    }
    ids.sort(null);
    return ids;
  }

  /** How many times each command text ran on the instance. */
  Map<String, Integer> commandCounts(String id) throws IOException, InterruptedException {
    Map<String, Integer> counts = new TreeMap<>();
    JsonNode c = get("/_sim/instances/" + id + "/commands").get("counts");
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      counts.put(e.getKey(), e.getValue().asInt());
    }
    return counts;
  }

  /** A file's content on the instance, trimmed; null when it does not exist. */
  String file(String id, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        endpoint
                            + "/_sim/instances/"
                            + id
                            + "/files?path="
                            + URLEncoder.encode(path, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    JsonNode content = Json.MAPPER.readTree(r.body()).get("content");
    return content == null ? null : content.asText().trim();
  }
}
