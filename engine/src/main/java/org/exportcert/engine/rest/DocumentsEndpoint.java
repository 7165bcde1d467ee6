package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.exportcert.engine.documents.DocumentStore;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;

/**
 * Camunda's documents API ({@code /v2/documents}) over the engine's {@link DocumentStore}: upload
 * (multipart {@code file} + {@code metadata}), batch upload (parts {@code files}, metadata per part
 * in {@code X-Document-Metadata} or a {@code metadataList} part), download, delete, and links that
 * download without credentials until they expire ({@code /document-links/{token}}).
 */
final class DocumentsEndpoint {

  /** The most parts one batch upload may carry. */
  static final int MAX_BATCH_FILES = 100;

  private final DocumentStore store;
  private final LongSupplier clock;
  private final Function<HttpExchange, String> hostAndPort;

  DocumentsEndpoint(DocumentStore store, LongSupplier clock, Function<HttpExchange, String> hostAndPort) {
    this.store = store;
    this.clock = clock;
    this.hostAndPort = hostAndPort;
  }

  /** Largest request body accepted on a documents path: a batch may carry several documents. */
  long maxRequestBytes(String path) {
    long one = store.maxBytes() + 64 * 1024;
    return path.startsWith("/v2/documents/batch") ? Math.max(one, Math.min(Integer.MAX_VALUE - 8L, 4 * one)) : one;
  }

  RestApi.Response upload(HttpExchange exchange, byte[] raw) {
    Map<String, String> query = query(exchange);
    List<Multipart.Part> parts = Multipart.parse(multipartType(exchange), raw);
    Multipart.Part file = null;
    JsonNode metadata = null;
    for (Multipart.Part part : parts) {
      if ("file".equals(part.name())) {
        if (file != null) {
          throw EngineException.invalidArgument("Expected one part 'file', but got several; use /v2/documents/batch for several documents");
        }
        file = part;
      } else if ("metadata".equals(part.name())) {
        metadata = object(new String(part.content(), StandardCharsets.UTF_8), "metadata");
      }
    }
    if (file == null) {
      throw EngineException.invalidArgument("Expected a multipart part 'file' with the document's content, but none was given");
    }
    ObjectNode reference = store.create(query.get("storeId"), query.get("documentId"), file.content(), metadata,
        file.filename(), file.header("content-type"));
    return RestApi.json(201, reference);
  }

  RestApi.Response uploadBatch(HttpExchange exchange, byte[] raw) {
    Map<String, String> query = query(exchange);
    List<Multipart.Part> files = new ArrayList<>();
    JsonNode metadataList = null;
    for (Multipart.Part part : Multipart.parse(multipartType(exchange), raw)) {
      if ("files".equals(part.name())) {
        files.add(part);
      } else if ("metadataList".equals(part.name())) {
        metadataList = Json.read(new String(part.content(), StandardCharsets.UTF_8));
        if (!metadataList.isArray()) {
          throw EngineException.invalidArgument("Expected 'metadataList' to be a JSON array of metadata objects");
        }
      }
    }
    if (files.isEmpty()) {
      throw EngineException.invalidArgument("Expected at least one multipart part 'files', but none was given");
    }
    if (files.size() > MAX_BATCH_FILES) {
      throw EngineException.invalidArgument("Expected at most " + MAX_BATCH_FILES + " files in one batch, but got " + files.size());
    }
    if (metadataList != null && metadataList.size() != files.size()) {
      throw EngineException.invalidArgument("Expected 'metadataList' to have one entry per file (" + files.size() + "), but it has " + metadataList.size());
    }
    ObjectNode response = Json.object();
    ArrayNode created = response.putArray("createdDocuments");
    ArrayNode failed = response.putArray("failedDocuments");
    for (int i = 0; i < files.size(); i++) {
      Multipart.Part part = files.get(i);
      String fileName = part.filename();
      try {
        JsonNode metadata = metadataList != null ? metadataList.get(i)
            : part.header("x-document-metadata") == null ? null : object(part.header("x-document-metadata"), "X-Document-Metadata");
        if (metadata != null && metadata.hasNonNull("fileName")) {
          fileName = metadata.get("fileName").asText();
        }
        created.add(store.create(query.get("storeId"), null, part.content(), metadata, part.filename(), part.header("content-type")));
      } catch (EngineException e) {
        failed.addObject().put("fileName", fileName).put("detail", e.getMessage());
      }
    }
    return RestApi.json(failed.isEmpty() ? 201 : 207, response);
  }

  RestApi.Response download(HttpExchange exchange, String documentId) {
    Map<String, String> query = query(exchange);
    return content(exchange, store.read(query.get("storeId"), documentId, query.get("contentHash"), clock.getAsLong()));
  }

  RestApi.Response delete(HttpExchange exchange, String documentId) {
    store.delete(query(exchange).get("storeId"), documentId);
    return new RestApi.Response(204, null, null);
  }

  RestApi.Response createLink(HttpExchange exchange, String documentId, JsonNode body) {
    Map<String, String> query = query(exchange);
    JsonNode ttl = body.get("timeToLive");
    if (ttl != null && !ttl.isNull() && !ttl.canConvertToLong()) {
      throw EngineException.invalidArgument("Expected timeToLive to be a number of milliseconds, but was " + ttl);
    }
    DocumentStore.Link link = store.createLink(query.get("storeId"), documentId, query.get("contentHash"),
        ttl == null || ttl.isNull() ? null : ttl.asLong(), clock.getAsLong());
    ObjectNode response = Json.object();
    response.put("url", "http://" + reachableAs(exchange) + "/document-links/" + link.token());
    response.put("expiresAt", Json.iso(link.expiresAt()));
    return RestApi.json(201, response);
  }

  RestApi.Response followLink(HttpExchange exchange, String token) {
    return content(exchange, store.readByLink(token, clock.getAsLong()));
  }

  /** Document bytes as a download: never rendered by a browser on the engine's origin. */
  private static RestApi.Response content(HttpExchange exchange, DocumentStore.Content content) {
    String safeName = content.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + safeName + "\"");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    return new RestApi.Response(200, content.contentType(), content.bytes());
  }

  /** Uploads are multipart/form-data; anything else is 415, as Camunda answers. */
  private static String multipartType(HttpExchange exchange) {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      throw new EngineException(415, "UNSUPPORTED_MEDIA_TYPE",
          "Expected a multipart/form-data request, but the Content-Type was '" + contentType + "'");
    }
    return contentType;
  }

  /**
   * The address the caller reached the engine at (its Host header), so a link works for it even
   * when the engine listens on all interfaces; the listening address when there is no usable one.
   */
  private String reachableAs(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    return host != null && HOST.matcher(host).matches() ? host : hostAndPort.apply(exchange);
  }

  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");

  private static JsonNode object(String json, String what) {
    JsonNode node;
    try {
      node = Json.read(json);
    } catch (RuntimeException e) {
      throw EngineException.invalidArgument("Expected '" + what + "' to be a JSON object: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw EngineException.invalidArgument("Expected '" + what + "' to be a JSON object");
    }
    return node;
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> result = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      result.putIfAbsent(name, value);
    }
    return result;
  }
}
