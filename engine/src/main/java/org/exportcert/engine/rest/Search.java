package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.exportcert.engine.runtime.EngineException;
import org.exportcert.engine.runtime.Json;

/**
 * Generic search over the JSON views of engine entities, with the REST API v2 conventions:
 * filter properties as plain values or operator objects ({@code $eq, $neq, $exists, $in, $notIn,
 * $like, $gt, $gte, $lt, $lte}; an empty {@code $in}/{@code $notIn} means no constraint), sorting
 * by any field and paging with limit/from and after/before cursors.
 */
public final class Search {

  private Search() {}

  /**
   * @param special filter properties that are not plain fields of the item (e.g. a process
   *     instance's {@code variables}); each gets the item and the filter value
   */
  public static ObjectNode run(List<ObjectNode> items, JsonNode request, Map<String, BiPredicate<ObjectNode, JsonNode>> special) {
    JsonNode filter = request == null ? null : request.get("filter");
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode item : items) {
      if (matches(item, filter, special)) {
        matching.add(item);
      }
    }
    sort(matching, request == null ? null : request.get("sort"));
    JsonNode page = request == null ? null : request.get("page");
    int limit = page != null && page.hasNonNull("limit") ? count(page.get("limit"), "page.limit") : 100;
    int start = 0;
    int end;
    if (page != null && page.hasNonNull("after")) {
      start = decode(page.get("after").asText()) + 1;
      end = Math.min(matching.size(), start + limit);
    } else if (page != null && page.hasNonNull("before")) {
      end = Math.min(matching.size(), decode(page.get("before").asText()));
      start = Math.max(0, end - limit);
    } else {
      if (page != null && page.hasNonNull("from")) {
        start = count(page.get("from"), "page.from");
      }
      end = Math.min(matching.size(), start + limit);
    }
    start = Math.max(0, Math.min(start, matching.size()));
    end = Math.max(start, end);
    ObjectNode response = Json.object();
    ArrayNode array = response.putArray("items");
    for (int i = start; i < end; i++) {
      array.add(matching.get(i));
    }
    ObjectNode pageNode = response.putObject("page");
    pageNode.put("totalItems", matching.size());
    pageNode.put("hasMoreTotalItems", false);
    pageNode.put("startCursor", end > start ? encode(start) : null);
    pageNode.put("endCursor", end > start ? encode(end - 1) : null);
    return response;
  }

  /** A non-negative whole number; "abc", 1.5 and 10^12 were read as 0, 1 and a negative int. */
  private static int count(JsonNode value, String name) {
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw EngineException.invalidArgument(name + " must be a whole number from 0 to " + Integer.MAX_VALUE
          + ", was " + value);
    }
    return value.intValue();
  }

  private static String encode(int index) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("i:" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith("i:")) {
        throw new IllegalArgumentException();
      }
      return Integer.parseInt(text.substring(2));
    } catch (IllegalArgumentException e) {
      throw EngineException.invalidArgument("invalid page cursor '" + cursor + "'");
    }
  }

  static boolean matches(ObjectNode item, JsonNode filter, Map<String, BiPredicate<ObjectNode, JsonNode>> special) {
    if (filter == null || !filter.isObject()) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String name = entry.getKey();
      JsonNode condition = entry.getValue();
      if (condition == null || condition.isNull()) {
        continue;
      }
      BiPredicate<ObjectNode, JsonNode> custom = special.get(name);
      if (custom != null) {
        if (!custom.test(item, condition)) {
          return false;
        }
        continue;
      }
      JsonNode value = item.get(name);
      if (value == null) {
        value = item.get(name + "s"); // candidateGroup -> candidateGroups
        if (value == null) {
          continue; // a property this engine does not track constrains nothing
        }
      }
      if (!test(value, condition)) {
        return false;
      }
    }
    return true;
  }

  public static boolean test(JsonNode value, JsonNode condition) {
    if (condition.isObject() && hasOperator(condition)) {
      Iterator<Map.Entry<String, JsonNode>> ops = condition.fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode operand = op.getValue();
        if (operand == null || operand.isNull()) {
          continue;
        }
        boolean ok = switch (op.getKey()) {
          case "$eq" -> eq(value, operand);
          case "$neq" -> !eq(value, operand);
          case "$exists" -> operand.asBoolean() == !value.isNull();
          case "$in" -> operand.isEmpty() || any(value, operand);
          case "$notIn" -> operand.isEmpty() || !any(value, operand);
          case "$like" -> like(value, operand.asText());
          case "$gt" -> compare(value, operand) > 0;
          case "$gte" -> compare(value, operand) >= 0;
          case "$lt" -> compare(value, operand) < 0;
          case "$lte" -> compare(value, operand) <= 0;
          default -> true;
        };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
    if (condition.isArray()) {
      if (value.isArray()) {
        for (JsonNode wanted : condition) {
          if (!eq(value, wanted)) {
            return false;
          }
        }
        return true;
      }
      return condition.isEmpty() || any(value, condition);
    }
    return eq(value, condition);
  }

  private static boolean hasOperator(JsonNode condition) {
    Iterator<String> names = condition.fieldNames();
    while (names.hasNext()) {
      if (names.next().startsWith("$")) {
        return true;
      }
    }
    return condition.isEmpty();
  }

  private static boolean any(JsonNode value, JsonNode operands) {
    for (JsonNode operand : operands) {
      if (eq(value, operand)) {
        return true;
      }
    }
    return false;
  }

  private static boolean eq(JsonNode value, JsonNode operand) {
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (eq(element, operand)) {
          return true;
        }
      }
      return false;
    }
    if (value.isNull()) {
      return operand.isNull();
    }
    if (value.isNumber() && operand.isNumber()) {
      return value.decimalValue().compareTo(operand.decimalValue()) == 0;
    }
    return value.asText().equals(operand.asText());
  }

  /** Longest {@code $like} pattern taken; a longer one is a 400 (matching costs text × pattern at worst). */
  static final int MAX_LIKE_PATTERN = 1_000;

  private static boolean like(JsonNode value, String pattern) {
    if (value.isNull()) {
      return false;
    }
    int[] tokens = wildcard(pattern);
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (wildcardMatches(element.asText(), tokens)) {
          return true;
        }
      }
      return false;
    }
    return wildcardMatches(value.asText(), tokens);
  }

  private static final int ANY_RUN = -1;
  private static final int ANY_ONE = -2;

  /**
   * {@code *} any run, {@code ?} any one character, {@code \} escapes. Once a regular expression
   * ({@code .*} per star): 10,000 stars before a character the value lacked backtracked for ever
   * on the processor thread and every client timed out.
   */
  static int[] wildcard(String pattern) {
    if (pattern.length() > MAX_LIKE_PATTERN) {
      throw EngineException.invalidArgument("a $like pattern is limited to " + MAX_LIKE_PATTERN + " characters, was "
          + pattern.length());
    }
    int[] tokens = new int[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        tokens[n++] = pattern.charAt(++i);
      } else if (c == '*') {
        if (n == 0 || tokens[n - 1] != ANY_RUN) { // consecutive stars are one
          tokens[n++] = ANY_RUN;
        }
      } else {
        tokens[n++] = c == '?' ? ANY_ONE : c;
      }
    }
    return java.util.Arrays.copyOf(tokens, n);
  }

  /** Greedy match that backs up only to the last star: at most text × pattern steps, no recursion. */
  static boolean wildcardMatches(String text, int[] tokens) {
    int t = 0;
    int p = 0;
    int star = -1;
    int resume = 0;
    while (t < text.length()) {
      if (p < tokens.length && (tokens[p] == ANY_ONE || tokens[p] == text.charAt(t))) {
        t++;
        p++;
      } else if (p < tokens.length && tokens[p] == ANY_RUN) {
        star = p++;
        resume = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++resume;
      } else {
        return false;
      }
    }
    while (p < tokens.length && tokens[p] == ANY_RUN) {
      p++;
    }
    return p == tokens.length;
  }

  static int compare(JsonNode a, JsonNode b) {
    if (a.isNull() || b.isNull()) {
      return a.isNull() == b.isNull() ? 0 : (a.isNull() ? -1 : 1);
    }
    String x = a.asText();
    String y = b.asText();
    try {
      return new java.math.BigDecimal(x).compareTo(new java.math.BigDecimal(y));
    } catch (NumberFormatException notNumbers) {
      // fall through
    }
    try {
      return OffsetDateTime.parse(x).toInstant().compareTo(OffsetDateTime.parse(y).toInstant());
    } catch (RuntimeException notDates) {
      return x.compareTo(y);
    }
  }

  private static void sort(List<ObjectNode> items, JsonNode sort) {
    if (sort == null || !sort.isArray() || sort.isEmpty()) {
      return;
    }
    Comparator<ObjectNode> comparator = null;
    for (JsonNode criterion : sort) {
      String field = criterion.path("field").asText();
      boolean desc = "DESC".equalsIgnoreCase(criterion.path("order").asText("ASC"));
      Comparator<ObjectNode> next = (a, b) -> compare(a.path(field).isMissingNode() ? Json.MAPPER.nullNode() : a.path(field),
          b.path(field).isMissingNode() ? Json.MAPPER.nullNode() : b.path(field));
      if (desc) {
        next = next.reversed();
      }
      comparator = comparator == null ? next : comparator.thenComparing(next);
    }
    items.sort(comparator); // stable: ties keep creation order
  }
}
