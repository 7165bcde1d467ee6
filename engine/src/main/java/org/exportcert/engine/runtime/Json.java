package org.exportcert.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.exportcert.engine.feel.Feel;

/** Shared JSON helpers: one ObjectMapper, variable documents, ISO dates. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static String iso(Long epochMillis) {
    if (epochMillis == null) {
      return null;
    }
    long millis = epochMillis;
    if (millis < 0 || millis >= YEAR_10000) {
      return ISO.format(Instant.ofEpochMilli(millis));
    }
    // what ISO writes for years 1970-9999, without the formatter (hot: every view of a finished
    // instance carries dates, see docs/benchmarks.md)
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(24).append(t.getYear()).append('-');
    two(out, t.getMonthValue()).append('-');
    two(out, t.getDayOfMonth()).append('T');
    two(out, t.getHour()).append(':');
    two(out, t.getMinute()).append(':');
    two(out, t.getSecond()).append('.');
    int ms = (int) Math.floorMod(millis, 1000);
    return out.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10))
        .append('Z').toString();
  }

  private static final long YEAR_10000 = 253_402_300_800_000L;

  private static StringBuilder two(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  /** A variables document (JSON object or null) as plain Java values. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> variables(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new LinkedHashMap<>();
    }
    if (!node.isObject()) {
      throw EngineException.invalidArgument("variables must be a JSON object, was " + node.getNodeType());
    }
    return (Map<String, Object>) fromClient(node);
  }

  /**
   * {@link #fromClient(Object)} read straight from the tree: converting the tree with
   * {@code convertValue} first (through a token buffer) and then walking the result again was
   * nearly a tenth of the processor's time at saturation (JFR).
   */
  private static Object fromClient(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> out.put(field.getKey(), fromClient(field.getValue())));
        return out;
      }
      case ARRAY -> {
        java.util.List<Object> out = new java.util.ArrayList<>(node.size());
        node.forEach(item -> out.add(fromClient(item)));
        return out;
      }
      case STRING -> {
        return node.textValue();
      }
      case BOOLEAN -> {
        return node.booleanValue();
      }
      case NULL, MISSING -> {
        return null;
      }
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          return Feel.toPlain(node.numberValue()); // as Zeebe: a 64-bit integer where it fits
        }
        return node.isBigDecimal() ? fromClient(node.decimalValue()) : (Object) node.doubleValue();
      }
      default -> {
        return fromClient(MAPPER.convertValue(node, Object.class)); // binary or POJO: not from JSON text
      }
    }
  }

  /**
   * A client's value as Zeebe keeps it: a JSON number written with a fraction or exponent stays a
   * floating-point number ({@code 90.0} is read back as {@code 90.0}, not {@code 90}), as Zeebe
   * stores it as a MessagePack float; integers stay integers. (FEEL results follow {@link
   * Feel#toPlain}: a whole number becomes an integer there, as in Zeebe.)
   */
  private static Object fromClient(Object value) {
    if (value instanceof java.math.BigDecimal decimal) {
      double number = decimal.doubleValue();
      if (Double.isInfinite(number)) { // 1e999999999 was kept as the string "Infinity"
        throw EngineException.invalidArgument("the variable value " + decimal
            + " is outside the range of a 64-bit floating-point number");
      }
      return number;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), fromClient(v)));
      return out;
    }
    if (value instanceof java.util.List<?> list) {
      java.util.List<Object> out = new java.util.ArrayList<>(list.size());
      list.forEach(v -> out.add(fromClient(v)));
      return out;
    }
    return Feel.toPlain(value);
  }

  public static JsonNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw EngineException.invalidArgument("request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  public static Long longValue(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
      return null;
    }
    if (node.isNumber()) {
      if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) { // asLong() wrapped 2^64+x to x
        throw EngineException.invalidArgument("'" + field + "' must be a 64-bit integer, was " + node.asText());
      }
      return node.asLong();
    }
    try {
      return Long.parseLong(node.asText().trim());
    } catch (NumberFormatException e) {
      throw EngineException.invalidArgument("'" + field + "' must be a number, was '" + node.asText() + "'");
    }
  }

  public static long key(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw EngineException.invalidArgument("the " + what + " key '" + text + "' is not a valid key");
    }
  }
}
