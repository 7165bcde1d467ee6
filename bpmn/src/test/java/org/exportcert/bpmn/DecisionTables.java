package org.exportcert.bpmn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads DMN 1.3 decision tables and evaluates them with the open-source FEEL engine, so tests can
 * check a table's answers without a workflow engine. Supports the hit policies the models use.
 */
final class DecisionTables {

  static final String DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/";
  static final String DMNDI13 = "https://www.omg.org/spec/DMN/20191111/DMNDI/";
  static final FeelEngineApi FEEL = FeelEngineBuilder.forJava().build();

  record Input(String label, String expression) {}

  record Output(String name, List<String> allowedValues) {}

  record Rule(String id, List<String> inputEntries, List<String> outputEntries) {}

  record Table(String file, String decisionId, String hitPolicy, List<Input> inputs, List<Output> outputs, List<Rule> rules) {}

  private DecisionTables() {}

  static List<Element> children(Element parent, String ns, String local) {
    List<Element> r = new ArrayList<>();
    NodeList l = parent.getElementsByTagNameNS(ns, local);
    for (int i = 0; i < l.getLength(); i++) {
      r.add((Element) l.item(i));
    }
    return r;
  }

  static String text(Element e) {
    List<Element> t = children(e, DMN13, "text");
    return t.isEmpty() ? "" : t.get(0).getTextContent().trim();
  }

  static List<Table> read(Path p) {
    Document d = ModelFiles.xml(p);
    List<Table> tables = new ArrayList<>();
    for (Element decision : children(d.getDocumentElement(), DMN13, "decision")) {
      for (Element dt : children(decision, DMN13, "decisionTable")) {
        List<Input> inputs = new ArrayList<>();
        for (Element in : children(dt, DMN13, "input")) {
          inputs.add(new Input(in.getAttribute("label"), text(children(in, DMN13, "inputExpression").get(0))));
        }
        List<Output> outputs = new ArrayList<>();
        for (Element o : children(dt, DMN13, "output")) {
          List<String> allowed = new ArrayList<>();
          for (Element v : children(o, DMN13, "outputValues")) {
            for (String part : text(v).split(",")) {
              if (!part.isBlank()) allowed.add(part.trim().replace("\"", ""));
            }
          }
          outputs.add(new Output(o.getAttribute("name"), allowed));
        }
        List<Rule> rules = new ArrayList<>();
        for (Element r : children(dt, DMN13, "rule")) {
          rules.add(new Rule(r.getAttribute("id"),
              children(r, DMN13, "inputEntry").stream().map(DecisionTables::text).toList(),
              children(r, DMN13, "outputEntry").stream().map(DecisionTables::text).toList()));
        }
        String hit = dt.getAttribute("hitPolicy").isEmpty() ? "UNIQUE" : dt.getAttribute("hitPolicy");
        tables.add(new Table(ModelFiles.label(p), decision.getAttribute("id"), hit, inputs, outputs, rules));
      }
    }
    return tables;
  }

  static Table table(String decisionId) {
    return read(ModelFiles.MODELS.resolve(decisionId + ".dmn")).get(0);
  }

  private static Object eval(String expression, Map<String, Object> vars) {
    EvaluationResult r = FEEL.evaluateExpression(expression, vars);
    if (r.isFailure()) throw new IllegalStateException(expression + ": " + r.failure().message());
    return r.result();
  }

  private static boolean matches(String entry, Object input, Map<String, Object> vars) {
    if (entry.isEmpty() || entry.equals("-")) return true;
    EvaluationResult r = FEEL.evaluateUnaryTests(entry, input, vars);
    if (r.isFailure()) throw new IllegalStateException(entry + ": " + r.failure().message());
    return Boolean.TRUE.equals(r.result());
  }

  /** Result as the engine would store it: a context (or single value) for FIRST/UNIQUE, a list for COLLECT. */
  static Object evaluate(String decisionId, Map<String, Object> vars) {
    Table t = table(decisionId);
    List<Object> inputValues = t.inputs().stream().map(i -> eval(i.expression(), vars)).toList();
    List<Object> hits = new ArrayList<>();
    for (Rule rule : t.rules()) {
      boolean all = true;
      for (int i = 0; i < t.inputs().size() && all; i++) {
        all = matches(rule.inputEntries().get(i), inputValues.get(i), vars);
      }
      if (!all) continue;
      Map<String, Object> out = new LinkedHashMap<>();
      for (int o = 0; o < t.outputs().size(); o++) {
        out.put(t.outputs().get(o).name(), eval(rule.outputEntries().get(o), vars));
      }
      hits.add(out.size() == 1 ? out.values().iterator().next() : out);
      if (t.hitPolicy().equals("FIRST")) break;
    }
    if (t.hitPolicy().equals("COLLECT")) return hits;
    if (t.hitPolicy().equals("UNIQUE") && hits.size() > 1) throw new IllegalStateException(decisionId + ": more than one rule matched");
    return hits.isEmpty() ? null : hits.get(0);
  }
}
