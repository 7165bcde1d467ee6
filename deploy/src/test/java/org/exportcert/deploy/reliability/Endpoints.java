package org.exportcert.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Every endpoint the packaged application declares in its OpenAPI document. */
final class Endpoints {

  record Endpoint(String method, String template, boolean json, boolean multipart) {
    /** The path with each {variable} replaced by the given value (else by {@code fallback}). */
    String path(Map<String, String> values, String fallback) {
      String p = template;
      int open;
      while ((open = p.indexOf('{')) >= 0) {
        int close = p.indexOf('}', open);
        String name = p.substring(open + 1, close);
        p = p.substring(0, open) + values.getOrDefault(name, fallback) + p.substring(close + 1);
      }
      return p;
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  private Endpoints() {}

  static List<Endpoint> of(Api api) {
    Api.Answer doc = api.get(null, "/v3/api-docs");
    if (doc.status() != 200) {
      throw new IllegalStateException("no OpenAPI document: " + doc);
    }
    List<Endpoint> endpoints = new ArrayList<>();
    JsonNode paths = doc.json().path("paths");
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase();
        if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
          continue;
        }
        JsonNode content = op.getValue().path("requestBody").path("content");
        endpoints.add(new Endpoint(method, path.getKey(), content.has("application/json"),
            content.has("multipart/form-data")));
      }
    }
    return endpoints;
  }
}
