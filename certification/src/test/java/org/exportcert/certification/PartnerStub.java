package org.exportcert.certification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A partner body's endpoint on loopback that records what it receives. */
public final class PartnerStub {

  public record Received(Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  public static final String SECRET = "partner-shared-secret";

  private static HttpServer server;
  public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  public static final AtomicInteger STATUS = new AtomicInteger(202);

  private PartnerStub() {}

  public static synchronized String endpoint() {
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/recognition",
          exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            RECEIVED.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(STATUS.get(), -1);
            exchange.close();
          });
      server.start();
    }
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/recognition";
  }
}
