package org.exportcert.engine.feel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FailedEvaluationResult;
import org.camunda.feel.api.FailedParseResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * Evaluates Zeebe-style expressions with the FEEL engine Zeebe uses. A value starting with
 * {@code =} is a FEEL expression; anything else is a static string. {@code now()} follows the
 * engine clock (the time of the command being processed), so replaying the journal gives the same
 * results.
 */
public final class Feel {

  private final FeelEngineApi engine;
  private final Map<String, Parsed> cache = new ConcurrentHashMap<>();

  /** A parsed expression and whether it can run away (evaluated under {@link BoundedEvaluation}). */
  private record Parsed(ParsedExpression expression, boolean watched) {
    Parsed(ParsedExpression expression) {
      this(expression, BoundedEvaluation.canRunAway(expression));
    }
  }

  public Feel(LongSupplier clockMillis) {
    this.engine =
        FeelEngineBuilder.forJava()
            .withClock(
                () -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(clockMillis.getAsLong()), ZoneOffset.UTC))
            .withFunctionProvider(FromAi.provider()) // Camunda's fromAi (AI agent tools' inputs)
            .build();
  }

  public static boolean isExpression(String value) {
    return value != null && value.trim().startsWith("=");
  }

  /** Parses a FEEL expression (without leading '='); returns an error message or null. */
  public String parseError(String expression) {
    ParseResult result = engine.parseExpression(stripEquals(expression));
    if (result.isSuccess()) {
      cache.computeIfAbsent(stripEquals(expression), text -> new Parsed(result.parsedExpression()));
      return null;
    }
    return ((FailedParseResult) result).failure().message();
  }

  private static String stripEquals(String expression) {
    String trimmed = expression.trim();
    return trimmed.startsWith("=") ? trimmed.substring(1) : trimmed;
  }

  /** Parses FEEL unary tests (a DMN input entry); returns an error message or null. */
  public String unaryTestsError(String tests) {
    ParseResult result = engine.parseUnaryTests(tests);
    return result.isSuccess() ? null : ((FailedParseResult) result).failure().message();
  }

  /** Whether {@code input} satisfies the unary tests ('-' or empty: always). */
  public boolean unaryTests(String tests, Object input, Map<String, Object> variables) {
    if (tests == null || tests.isBlank() || tests.trim().equals("-")) {
      return true;
    }
    EvaluationResult result = engine.evaluateUnaryTests(tests, input, variables);
    if (!result.isSuccess()) {
      throw new FeelException("failed to evaluate unary tests '" + tests + "': " + ((FailedEvaluationResult) result).failure().message());
    }
    return Boolean.TRUE.equals(result.result());
  }

  /** Evaluates a value that is FEEL when it starts with '=', else returns it as static string. */
  public Object evaluateValue(String value, Map<String, Object> variables) {
    if (isExpression(value)) {
      return evaluate(value, variables);
    }
    return value;
  }

  /** Evaluates a FEEL expression (leading '=' optional). */
  public Object evaluate(String expression, Map<String, Object> variables) {
    String text = stripEquals(expression);
    Parsed parsed = cache.get(text);
    if (parsed == null) {
      ParseResult parseResult = engine.parseExpression(text);
      if (!parseResult.isSuccess()) {
        throw new FeelException(
            "failed to parse expression '" + text + "': " + ((FailedParseResult) parseResult).failure().message());
      }
      parsed = new Parsed(parseResult.parsedExpression());
      cache.put(text, parsed);
    }
    ParsedExpression tree = parsed.expression();
    EvaluationResult result = parsed.watched()
        ? BoundedEvaluation.run("expression '" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + "'", () -> engine.evaluate(tree, variables))
        : engine.evaluate(tree, variables);
    if (!result.isSuccess()) {
      throw new FeelException(
          "failed to evaluate expression '" + text + "': " + ((FailedEvaluationResult) result).failure().message());
    }
    return toPlain(result.result());
  }

  /** Converts FEEL results to JSON-friendly Java values. */
  public static Object toPlain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof BigDecimal decimal) {
      return number(decimal);
    }
    if (value instanceof scala.math.BigDecimal decimal) {
      return number(decimal.bigDecimal());
    }
    if (value instanceof BigInteger integer) {
      return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toPlain(v)));
      return out;
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return toPlain(scala.jdk.javaapi.CollectionConverters.asJava(map));
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(toPlain(v)));
      return out;
    }
    if (value instanceof scala.collection.Iterable<?> list) {
      return toPlain(scala.jdk.javaapi.CollectionConverters.asJavaCollection(list));
    }
    if (value instanceof TemporalAccessor || value instanceof java.time.Duration || value instanceof java.time.Period) {
      return value.toString();
    }
    return value.toString();
  }

  private static Object number(BigDecimal decimal) {
    try {
      return decimal.longValueExact();
    } catch (ArithmeticException notIntegral) {
      return decimal.doubleValue();
    }
  }
}
