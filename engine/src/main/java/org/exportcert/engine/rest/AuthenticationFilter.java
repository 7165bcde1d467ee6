package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.exportcert.engine.auth.Authenticator;
import org.exportcert.engine.runtime.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a REST request through only with valid credentials; otherwise answers 401 as
 * {@code application/problem+json} with a {@code WWW-Authenticate} challenge. Liveness and the
 * cluster's shape stay public, as probes and Camunda Process Test's purge check read them without
 * credentials; nothing public reveals or changes process data.
 */
public final class AuthenticationFilter extends Filter {

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
  public static final String PROBLEM_TYPE = "urn:exportcert:problem:unauthenticated";
  private static final Set<String> PUBLIC_GET = Set.of("/v2/status", "/v2/topology", "/actuator/health");

  private final Authenticator authenticator;

  public AuthenticationFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (isPublic(exchange.getRequestMethod(), path)) {
      chain.doFilter(exchange);
      return;
    }
    try {
      authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
    } catch (Authenticator.Refused refused) {
      LOG.debug("refused {} {} from {}: {}", exchange.getRequestMethod(), path,
          exchange.getRemoteAddress(), refused.getMessage());
      refuse(exchange, path, refused.getMessage());
      return;
    } catch (RuntimeException | LinkageError e) {
      // never let a failing check pass the call, nor drop the connection without an answer
      LOG.error("authentication check of {} {} failed", exchange.getRequestMethod(), path, e);
      refuse(exchange, path, "The credentials could not be checked");
      return;
    }
    chain.doFilter(exchange);
  }

  private static boolean isPublic(String method, String path) {
    return ("GET".equals(method) || "HEAD".equals(method))
        && (PUBLIC_GET.contains(path) || path.startsWith("/actuator/health/"));
  }

  private void refuse(HttpExchange exchange, String path, String detail) throws IOException {
    ObjectNode problem = Json.object();
    problem.put("type", PROBLEM_TYPE);
    problem.put("title", "UNAUTHORIZED");
    problem.put("status", 401);
    problem.put("detail", detail);
    problem.put("instance", path);
    byte[] body = Json.write(problem).getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
      exchange.getResponseHeaders().set("WWW-Authenticate", authenticator.challenge());
      exchange.sendResponseHeaders(401, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public String description() {
    return "ExportCert engine authentication";
  }
}
