package org.exportcert.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** A real HTTP client of the packaged application, signing in with HTTP basic as a local user. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();

  /** What came back; status -1 when no answer came at all (connection refused, reset, timed out). */
  record Answer(int status, String body, HttpHeaders headers, long millis, String error, long endedAt) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return JSON.missingNode();
      }
    }

    String header(String name) {
      return headers == null ? null : headers.firstValue(name).orElse(null);
    }

    boolean isProblemJson() {
      String type = header("Content-Type");
      return type != null && type.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
      return status + " in " + millis + " ms " + (error != null ? error : body == null ? ""
          : body.substring(0, Math.min(300, body.length())));
    }
  }

  private final HttpClient http;
  private final PackagedApp app;
  private final Duration timeout;

  Api(PackagedApp app, Duration timeout) {
    this.app = app;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  HttpRequest.Builder request(String user, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(path.startsWith("http") ? URI.create(path) : app.uri(path))
        .timeout(timeout);
    if (user != null) {
      b.header("Authorization", basic(user, PackagedApp.password(user)));
    }
    return b;
  }

  Answer get(String user, String path) {
    return send(request(user, path).GET().build());
  }

  Answer postJson(String user, String path, String json) {
    return send(request(user, path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  Answer put(String user, String path, String contentType, byte[] body) {
    return send(request(user, path).header("Content-Type", contentType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  Answer send(HttpRequest request) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body(), r.headers(), elapsed(started), null, System.nanoTime());
    } catch (IOException e) {
      return new Answer(-1, null, null, elapsed(started), e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, null, null, elapsed(started), "interrupted", System.nanoTime());
    }
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }
}
