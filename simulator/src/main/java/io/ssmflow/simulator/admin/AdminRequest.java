package io.ssmflow.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssmflow.simulator.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An admin API request: method, path variables ({@code {id}} in the route), query parameters and
 * the raw body.
 */
public record AdminRequest(
    String method,
    String path,
    Map<String, String> pathVars,
    Map<String, String> query,
    byte[] body) {

  public String var(String name) {
    return pathVars.get(name);
  }

  public String query(String name, String fallback) {
    return query.getOrDefault(name, fallback);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as JSON; an empty body is an empty object. */
  public JsonNode json() {
    if (body.length == 0) {
      return Json.object();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw AdminException.badRequest("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw AdminException.badRequest("body cannot be read: " + e.getMessage());
    }
  }
}
