package org.exportcert.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * An embeddable engine answering the Camunda 8 REST API v2. Foundation stage: it answers topology
 * and status only, so the Camunda client's health check is UP; the engine issues fill in the rest.
 */
public final class ExportCertEngine implements AutoCloseable {

  public static final String VERSION = "8.8.0";

  private final HttpServer server;

  private ExportCertEngine(HttpServer server) {
    this.server = server;
  }

  /** Starts the engine and returns once it accepts requests. */
  public static ExportCertEngine start(EngineConfig config) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
      ExportCertEngine engine = new ExportCertEngine(server);
      server.createContext("/", engine::handle);
      server.setExecutor(Executors.newCachedThreadPool());
      server.start();
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "engine could not listen on " + config.host() + ":" + config.port(), e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI restAddress() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if ("GET".equals(method) && "/v2/status".equals(path)) {
      exchange.sendResponseHeaders(204, -1);
    } else if ("GET".equals(method) && "/v2/topology".equals(path)) {
      String host = server.getAddress().getHostString();
      String body =
          """
          {"brokers":[{"nodeId":0,"host":"%s","port":%d,"version":"%s","partitions":[{"partitionId":1,"role":"leader","health":"healthy"}]}],"clusterSize":1,"partitionsCount":1,"replicationFactor":1,"gatewayVersion":"%s","lastCompletedChangeId":"-1"}"""
              .formatted(host, port(), VERSION, VERSION);
      send(exchange, 200, "application/json", body);
    } else {
      String body =
          """
          {"type":"about:blank","title":"NOT_FOUND","status":404,"detail":"%s %s is not served by this engine","instance":"%s"}"""
              .formatted(method, path, path);
      send(exchange, 404, "application/problem+json", body);
    }
    exchange.close();
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
