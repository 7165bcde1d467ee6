package org.exportcert.api.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * "Now" as the engine sees it, for what is overdue: due dates are set by the engine's clock, which
 * tests (and a training stack) move with {@code PUT /v2/clock}, so neither the browser's clock nor
 * the application's may judge them. ExportCert's engine tells its time at {@code GET
 * /actuator/clock}; an engine that does not (a Camunda cluster) runs on real time, and then the
 * application clock is the answer. Read per call: a moved clock shows at once.
 */
@Component
public class EngineTime {

  private static final Logger log = LoggerFactory.getLogger(EngineTime.class);
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** After an engine without the clock endpoint answered, ask again only this much later. */
  static final Duration UNSUPPORTED_RETRY = Duration.ofMinutes(5);

  private final Clock clock;
  private final Environment env;
  private final ObjectMapper json;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private volatile Instant unsupportedUntil = Instant.MIN;

  public EngineTime(Clock clock, Environment env, ObjectMapper json) {
    this.clock = clock;
    this.env = env;
    this.json = json;
  }

  public OffsetDateTime nowUtc() {
    return OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
  }

  /**
   * The instant on this server's clock at which the engine's clock read {@code engineInstant}, for
   * comparing engine times (a request opened) with our own (a document stored) after the engine's
   * clock was moved.
   */
  public Instant onServerClock(OffsetDateTime engineInstant) {
    Instant local = clock.instant();
    return engineInstant.toInstant().minus(java.time.Duration.between(local, now()));
  }

  public Instant now() {
    String rest = env.getProperty("camunda.client.rest-address");
    Instant local = clock.instant();
    if (rest == null || rest.isBlank() || local.isBefore(unsupportedUntil)) {
      return local;
    }
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rest.replaceAll("/+$", "") + "/actuator/clock"))
          .timeout(TIMEOUT).header("Accept", "application/json").GET();
      String user = env.getProperty("camunda.client.auth.username");
      if ("basic".equalsIgnoreCase(env.getProperty("camunda.client.auth.method", "")) && user != null) {
        String secret = user + ":" + env.getProperty("camunda.client.auth.password", "");
        request.header("Authorization",
            "Basic " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        JsonNode epoch = json.readTree(response.body()).path("epochMilli");
        if (epoch.canConvertToLong()) {
          return Instant.ofEpochMilli(epoch.asLong());
        }
      }
      if (response.statusCode() == 404) {
        unsupportedUntil = local.plus(UNSUPPORTED_RETRY);
      }
      log.debug("Engine clock not readable (HTTP {}); using the application clock", response.statusCode());
    } catch (IOException | IllegalArgumentException e) {
      log.debug("Engine clock not readable: {}; using the application clock", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return local;
  }

  /** Whether a due date has passed by the engine's clock. */
  public static boolean overdue(OffsetDateTime due, OffsetDateTime now) {
    return due != null && due.isBefore(now);
  }
}
