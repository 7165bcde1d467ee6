package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.exportcert.engine.feel.Feel;
import org.junit.jupiter.api.Test;

/**
 * A client's variables document read into the values the engine keeps: straight from the tree, as
 * converting it through Jackson's {@code convertValue} and then applying Zeebe's number rules gave.
 */
class JsonVariablesTest {

  private static final String[] NUMBERS = {"0", "7", "-12", "2147483647", "2147483648", "-2147483649",
      "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
      "90.0", "1.50", "-0.0", "1e3", "1E-7", "3.141592653589793238462643383279", "1.7976931348623157e308", "4.9e-324"};
  private static final String[] TEXTS = {"\"\"", "\"a\"", "\"中文 ✓\"", "\"line\\nbreak\"", "\"\\u0000\""};

  @Test
  void randomDocumentsReadAsConvertingThemDid() {
    Random random = new Random(20261207);
    for (int i = 0; i < 2_000; i++) {
      String text = object(random, 0);
      JsonNode node = Json.read(text);
      assertThat(Json.variables(node)).as(text).isEqualTo(reference(node));
    }
  }

  @Test
  void aNumberBeyondDoubleIsRefusedAndNothingIsNoVariables() {
    assertThatThrownBy(() -> Json.variables(Json.read("{\"x\":[1e999999999]}"))).hasMessageContaining("outside the range");
    assertThat(Json.variables(null)).isEmpty();
    assertThat(Json.variables(Json.read("null"))).isEmpty();
    assertThatThrownBy(() -> Json.variables(Json.read("[1]"))).hasMessageContaining("must be a JSON object");
  }

  private static String value(Random random, int depth) {
    int pick = random.nextInt(depth >= 3 ? 5 : 7);
    return switch (pick) {
      case 0, 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
      case 2 -> TEXTS[random.nextInt(TEXTS.length)];
      case 3 -> random.nextBoolean() ? "true" : "false";
      case 4 -> "null";
      case 5 -> object(random, depth + 1);
      default -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(random, depth + 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
    };
  }

  private static String object(Random random, int depth) {
    List<String> fields = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      fields.add("\"f" + random.nextInt(8) + "\":" + value(random, depth));
    }
    return "{" + String.join(",", fields) + "}";
  }

  /** How the engine read a document before: convertValue, then the client number rules. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> reference(JsonNode node) {
    return (Map<String, Object>) referenceValue(Json.MAPPER.convertValue(node, LinkedHashMap.class));
  }

  private static Object referenceValue(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), referenceValue(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(referenceValue(v)));
      return out;
    }
    return Feel.toPlain(value);
  }
}
