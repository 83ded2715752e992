package io.ssmflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.cli.dev.DevStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** What the end-to-end tests ask of the dev stack from outside: the simulator's admin API. */
final class SimHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SimHttp() {}

  /** A file's content on a simulated instance (trimmed), or null when it does not exist. */
  static String file(DevStack stack, String instanceId, String path) throws Exception {
    URI uri =
        stack
            .simulator()
            .endpoint()
            .resolve("/_sim/instances/" + instanceId + "/files?path=" + path);
    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return null;
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).get("content").asText().trim();
  }

  /** One admin call (JSON body or none); asserts a 2xx answer and returns its JSON. */
  static JsonNode admin(DevStack stack, String method, String path, String json) throws Exception {
    URI uri = stack.simulator().endpoint().resolve(path);
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode() / 100).as(method + " " + path + ": " + r.body()).isEqualTo(2);
    return Json.MAPPER.readTree(r.body());
  }

  /** Waits (up to 90 s) until {@code ssmflow status ID} shows this phase. */
  static void awaitPhase(Map<String, String> env, String id, String phase) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      CliRun s = CliRun.run(env, "status", id, "--output", "json");
      if (s.exit() == 0
          && phase.equals(Json.MAPPER.readTree(s.out()).at("/progress/phase").asText())) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(id + " never reached phase " + phase);
  }
}
