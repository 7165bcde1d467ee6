package org.exportcert.api.deployment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stub in front of the engine that passes every request on but answers deployments only after a
 * delay, as a busy machine did (issue 14, defect 3).
 */
final class DelayingEngineProxy implements AutoCloseable {

  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "content-length", "connection", "upgrade", "expect", "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Duration deploymentDelay;
  final AtomicInteger deployments = new AtomicInteger();

  DelayingEngineProxy(URI target, Duration deploymentDelay) throws IOException {
    this.target = target;
    this.deploymentDelay = deploymentDelay;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::forward);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange exchange) throws IOException {
    long received = System.nanoTime();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      boolean deployment = exchange.getRequestURI().getPath().equals("/v2/deployments");
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase())) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (deployment) {
        deployments.incrementAndGet();
        // the slow answer under test (not a test wait): no sooner than the delay after the request
        long left = deploymentDelay.toMillis() - (System.nanoTime() - received) / 1_000_000;
        if (left > 0) {
          Thread.sleep(left);
        }
      }
      response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
      byte[] answer = response.body();
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up waiting; nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
