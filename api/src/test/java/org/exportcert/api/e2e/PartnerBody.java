package org.exportcert.api.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A partner body abroad: an HTTP endpoint on this machine that receives ExportCert's signed
 * recognition requests (dossiers, reminders) and remembers them, so the scenario can check what a
 * partner would see. Its answers go back through ExportCert's webhook, signed with the same secret.
 */
public final class PartnerBody implements AutoCloseable {

  public record Received(Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private PartnerBody(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code host}:any port; the address partners are configured with. */
  public static PartnerBody start(String host) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(host, 0), 0);
      PartnerBody body = new PartnerBody(s);
      s.createContext("/recognition", exchange -> {
        String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        body.received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), text));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
      });
      s.start();
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String endpoint(String host) {
    return "http://" + host + ":" + server.getAddress().getPort() + "/recognition";
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
