package org.exportcert.certification.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reason ExportCert itself writes into the audit trail or status history: a message code and its
 * arguments (ids, dates, codes), never a sentence, so each reader sees it in their own language
 * (api i18n/messages*.properties, key = the code). Kept in the reason column as
 * {@code {"code":"audit.reason.x","args":["..."]}}, which the hash chain covers like any text;
 * reasons people typed (a withdrawal, a retry) and rows written before stay free text.
 */
public final class Reason {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CODE = Pattern.compile("audit\\.reason\\.[a-z0-9-]+");

  public record Coded(String code, List<String> args) {}

  private Reason() {}

  public static String of(String code, Object... args) {
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("not a reason code: " + code);
    }
    ObjectNode node = JSON.createObjectNode().put("code", code);
    ArrayNode list = node.putArray("args");
    for (Object a : args) {
      list.add(a == null ? "" : a.toString());
    }
    return node.toString();
  }

  /** Several coded reasons as one argument of another (the problems a check found). */
  public static String list(List<String> reasons) {
    ArrayNode list = JSON.createArrayNode();
    reasons.forEach(list::add);
    return list.toString();
  }

  /** The reasons of an argument written by {@link #list}; empty for any other value. */
  public static List<String> parseList(String value) {
    if (value == null || !value.startsWith("[\"{")) {
      return List.of();
    }
    try {
      List<String> out = new ArrayList<>();
      JSON.readTree(value).forEach(r -> out.add(r.asText()));
      return out;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  /** The code and arguments of a reason written by {@link #of}; empty for free text. */
  public static Optional<Coded> parse(String reason) {
    if (reason == null || !reason.startsWith("{\"code\":\"audit.reason.")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(reason);
      String code = node.path("code").asText();
      if (!CODE.matcher(code).matches()) {
        return Optional.empty();
      }
      List<String> args = new ArrayList<>();
      node.path("args").forEach(a -> args.add(a.asText()));
      return Optional.of(new Coded(code, List.copyOf(args)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
