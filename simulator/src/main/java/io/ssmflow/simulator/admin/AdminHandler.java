package io.ssmflow.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;

/** One route of the admin API; answers JSON. Throw {@link AdminException} for 4xx answers. */
@FunctionalInterface
public interface AdminHandler {
  JsonNode handle(AdminRequest request) throws Exception;
}
