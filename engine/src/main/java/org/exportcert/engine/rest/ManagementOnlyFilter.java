package org.exportcert.engine.rest;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The separate management listener (like Camunda's monitoring port 9600) serves only
 * {@code /actuator/*}: health, the test clock and the purge that Camunda Process Test's remote
 * mode calls without credentials. It is off unless configured and meant for test machines.
 */
public final class ManagementOnlyFilter extends Filter {

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (exchange.getRequestURI().getPath().startsWith("/actuator/")) {
      chain.doFilter(exchange);
      return;
    }
    byte[] body = ("{\"type\":\"about:blank\",\"title\":\"NOT_FOUND\",\"status\":404,"
        + "\"detail\":\"The management port serves /actuator/* only; the Camunda API is on the engine port\"}")
        .getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public String description() {
    return "management endpoints only";
  }
}
