package org.exportcert.engine.feel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.feel.context.JavaFunction;
import org.camunda.feel.context.JavaFunctionProvider;

/**
 * Camunda's {@code fromAi(value, description, type, schema, options)} FEEL function. At run time it
 * returns its value; at deployment the calls in an ad-hoc activity's input mappings describe the
 * parameters an AI agent fills ({@code adHocSubProcessElements[].parameters}).
 */
public final class FromAi {

  static final String NAME = "fromAi";
  private static final List<String> PARAMS = List.of("value", "description", "type", "schema", "options");

  private FromAi() {}

  /** The function for the FEEL engine: one overload per number of arguments (1 to 5). */
  static JavaFunctionProvider provider() {
    return new JavaFunctionProvider() {
      @Override
      public Optional<JavaFunction> resolveFunction(String name) {
        List<JavaFunction> all = resolveFunctions(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
      }

      @Override
      public List<JavaFunction> resolveFunctions(String name) {
        if (!NAME.equals(name)) {
          return List.of();
        }
        List<JavaFunction> overloads = new ArrayList<>();
        for (int n = 1; n <= PARAMS.size(); n++) {
          overloads.add(new JavaFunction(PARAMS.subList(0, n), args -> args.get(0)));
        }
        return overloads;
      }

      @Override
      public Collection<String> getFunctionNames() {
        return List.of(NAME);
      }
    };
  }

  /**
   * The parameters described by the {@code fromAi} calls in an expression, in order: name (the last
   * segment of the value reference), description, type, schema and options (evaluated literals).
   */
  public static List<Map<String, Object>> parameters(String expression, Feel feel) {
    List<Map<String, Object>> result = new ArrayList<>();
    if (!Feel.isExpression(expression)) {
      return result;
    }
    String text = expression;
    int from = 0;
    while (true) {
      int at = indexOfCall(text, from);
      if (at < 0) {
        return result;
      }
      Call call = call(text, text.indexOf('(', at + NAME.length()));
      if (call == null) {
        return result;
      }
      result.add(parameter(call.arguments(), feel));
      from = call.close() + 1;
    }
  }

  private static int indexOfCall(String text, int from) {
    int at = text.indexOf(NAME, from);
    while (at >= 0) {
      boolean wordStart = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1));
      int after = at + NAME.length();
      while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
        after++;
      }
      if (wordStart && after < text.length() && text.charAt(after) == '(') {
        return at;
      }
      at = text.indexOf(NAME, at + 1);
    }
    return -1;
  }

  /** A call's closing parenthesis and its top-level arguments, trimmed. */
  record Call(int close, List<String> arguments) {}

  /**
   * Walks from the parenthesis at {@code open} to the one closing it, skipping FEEL strings (with
   * backslash escapes) and nested (), [] and {}, splitting the arguments at top-level commas; null
   * when it never closes. The one bracket scanner of the engine.
   */
  static Call call(String text, int open) {
    List<String> arguments = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int start = open + 1;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          String last = text.substring(start, i);
          if (!last.isBlank() || !arguments.isEmpty()) {
            arguments.add(last.trim());
          }
          return new Call(i, arguments);
        }
      } else if (c == ',' && depth == 1) {
        arguments.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    return null;
  }

  private static Map<String, Object> parameter(List<String> arguments, Feel feel) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      String named = namedArgument(argument);
      if (named != null) {
        byName.put(named, argument.substring(argument.indexOf(':') + 1).trim());
      } else if (i < PARAMS.size()) {
        byName.put(PARAMS.get(i), argument);
      }
    }
    String value = byName.getOrDefault("value", "");
    String name = value.substring(value.lastIndexOf('.') + 1).trim();
    Map<String, Object> parameter = new LinkedHashMap<>();
    parameter.put("name", name);
    for (String key : PARAMS.subList(1, PARAMS.size())) {
      Object literal = literal(byName.get(key), feel);
      if (literal != null) {
        parameter.put(key, literal);
      }
    }
    return parameter;
  }

  private static String namedArgument(String argument) {
    for (String param : PARAMS) {
      if (argument.startsWith(param) && argument.substring(param.length()).trim().startsWith(":")) {
        return param;
      }
    }
    return null;
  }

  private static Object literal(String argument, Feel feel) {
    if (argument == null || argument.isBlank()) {
      return null;
    }
    try {
      return feel.evaluate(argument, Map.of());
    } catch (FeelException e) {
      return null; // not a literal: Zeebe describes only what the model states
    }
  }
}
