package org.exportcert.bpmn.lint;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The rules every decision table must pass, in one place: the build's lint tests run them on the
 * shipped tables and the API runs them on every uploaded table before it is deployed. Each cell is
 * parsed with FEEL-Scala (the FEEL engine Zeebe uses); the deadline table's outputs must be
 * ISO 8601 durations, since the models use them as timer durations and task due dates
 * ({@code "10 days"} is not one, and a task would silently get no due date).
 */
public final class DecisionTableLint {

  public static final String DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/";

  /** Tables whose every output is a duration the models compute deadlines with. */
  public static final Set<String> DURATION_DECISIONS = Set.of("due-dates");

  static final Set<String> HIT_POLICIES =
      Set.of("UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER");

  private static final FeelEngineApi FEEL = FeelEngineBuilder.forJava().build();

  private DecisionTableLint() {}

  /** A decision table as its columns and rules, cells as FEEL text. */
  public record Table(
      String decisionId, String hitPolicy, List<String> inputExpressions, List<String> outputNames,
      List<Rule> rules) {}

  public record Rule(String id, List<String> inputEntries, List<String> outputEntries) {}

  /**
   * Reads the decision tables of a DMN file.
   *
   * @throws IllegalArgumentException if it is not well-formed XML or declares a DOCTYPE
   */
  public static List<Table> tables(byte[] dmn) {
    Document doc = parse(dmn);
    List<Table> tables = new ArrayList<>();
    for (Element decision : children(doc.getDocumentElement(), "decision")) {
      for (Element dt : children(decision, "decisionTable")) {
        List<String> inputs = new ArrayList<>();
        for (Element in : children(dt, "input")) {
          inputs.add(children(in, "inputExpression").stream()
              .flatMap(e -> children(e, "text").stream()).map(DecisionTableLint::text).findFirst().orElse(""));
        }
        List<String> outputs = children(dt, "output").stream().map(o -> o.getAttribute("name")).toList();
        List<Rule> rules = new ArrayList<>();
        for (Element r : children(dt, "rule")) {
          rules.add(new Rule(r.getAttribute("id"),
              children(r, "inputEntry").stream().map(DecisionTableLint::cell).toList(),
              children(r, "outputEntry").stream().map(DecisionTableLint::cell).toList()));
        }
        String hit = dt.getAttribute("hitPolicy");
        tables.add(new Table(decision.getAttribute("id"), hit.isBlank() ? "UNIQUE" : hit, inputs, outputs, rules));
      }
    }
    return tables;
  }

  /** Output column names per decision id, in file order. */
  public static Map<String, List<String>> outputNames(byte[] dmn) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    tables(dmn).forEach(t -> out.put(t.decisionId(), t.outputNames()));
    return out;
  }

  /**
   * Every problem of the file's tables.
   *
   * @throws IllegalArgumentException if it is not well-formed XML or declares a DOCTYPE
   */
  public static List<LintProblem> check(byte[] dmn) {
    List<LintProblem> problems = new ArrayList<>();
    List<Table> tables = tables(dmn);
    if (tables.isEmpty()) {
      problems.add(LintProblem.of("-", LintCode.DMN_NO_TABLE));
    }
    for (Table t : tables) {
      String w = t.decisionId();
      if (!HIT_POLICIES.contains(t.hitPolicy())) {
        problems.add(LintProblem.of(w, LintCode.HIT_POLICY_UNKNOWN, t.hitPolicy()));
      }
      if (t.rules().isEmpty()) {
        problems.add(LintProblem.of(w, LintCode.RULES_NONE));
      }
      for (int i = 0; i < t.outputNames().size(); i++) {
        if (t.outputNames().get(i).isBlank()) {
          problems.add(LintProblem.of(w, LintCode.OUTPUT_UNNAMED, i + 1));
        }
      }
      for (String input : t.inputExpressions()) {
        feelError(FEEL.parseExpression(input)).ifPresent(e ->
            problems.add(LintProblem.of(w, LintCode.FEEL_INPUT_EXPRESSION, input, e)));
      }
      boolean durations = DURATION_DECISIONS.contains(t.decisionId());
      for (Rule r : t.rules()) {
        String at = w + "#" + r.id();
        if (r.inputEntries().size() != t.inputExpressions().size()
            || r.outputEntries().size() != t.outputNames().size()) {
          problems.add(LintProblem.of(at, LintCode.CELLS_COUNT));
          continue;
        }
        for (String entry : r.inputEntries()) {
          if (entry.isEmpty() || entry.equals("-")) {
            continue;
          }
          feelError(FEEL.parseUnaryTests(entry)).ifPresent(e ->
              problems.add(LintProblem.of(at, LintCode.FEEL_INPUT_ENTRY, entry, e)));
        }
        for (int i = 0; i < r.outputEntries().size(); i++) {
          String entry = r.outputEntries().get(i);
          String column = t.outputNames().get(i);
          var error = feelError(FEEL.parseExpression(entry));
          if (error.isPresent()) {
            problems.add(LintProblem.of(at, LintCode.FEEL_OUTPUT_ENTRY, entry, column, error.get()));
          } else if (durations && !isDuration(entry)) {
            problems.add(LintProblem.of(at, LintCode.DURATION_NOT_ISO, column, entry));
          }
        }
      }
    }
    return problems;
  }

  /** Whether the FEEL expression evaluates to a text that FEEL's duration() accepts. */
  static boolean isDuration(String expression) {
    EvaluationResult value = FEEL.evaluateExpression(expression, Map.of());
    if (value.isFailure() || !(value.result() instanceof String text)) {
      return false;
    }
    EvaluationResult duration = FEEL.evaluateExpression("duration(x)", Map.of("x", text));
    return duration.isSuccess() && duration.result() != null;
  }

  private static java.util.Optional<String> feelError(ParseResult r) {
    return r.isSuccess() ? java.util.Optional.empty() : java.util.Optional.of(r.failure().message());
  }

  private static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalArgumentException("Not well-formed XML, or it declares a DOCTYPE", e);
    }
  }

  private static List<Element> children(Element parent, String local) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && DMN13.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String cell(Element entry) {
    return children(entry, "text").stream().map(DecisionTableLint::text).findFirst().orElse("");
  }

  private static String text(Element e) {
    return e.getTextContent() == null ? "" : e.getTextContent().trim();
  }
}
