package org.exportcert.api.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.parser.ParsedDmn;
import org.exportcert.api.process.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import scala.util.Either;

/**
 * What a draft's decision table would decide for inputs it was already asked about: each recorded
 * evaluation re-runs on the draft's table with dmn-scala (the DMN engine of Zeebe and of
 * ExportCert's engine) and its outcome is compared with the recorded one. The table's input
 * expressions are replaced by the recorded input values (matched by input id, else by label), so
 * an evaluation needs no process variables; an input the evaluation did not have makes the case
 * "not comparable", never a guess.
 */
public final class DecisionImpact {

  public record Input(String id, String name, Object value) {}

  /** One recorded evaluation: its inputs as the table saw them and its outcome (JSON). */
  public record Evaluation(String instanceKey, String decisionId, int decisionVersion, Long processInstanceKey,
      String caseId, Instant evaluatedAt, List<Input> inputs, JsonNode output) {}

  public enum Outcome { CHANGED, UNCHANGED, NOT_COMPARABLE }

  /** One output that would differ, as JSON text before and after. */
  public record FieldChange(String output, String before, String after) {}

  public record CaseImpact(String caseId, Long processInstanceKey, String instanceKey, int decisionVersion,
      Instant evaluatedAt, List<Input> inputs, Outcome outcome, List<FieldChange> changes, String missingInput,
      String failure) {}

  /** A decision's impact; {@code cases} lists the changed and not comparable ones only. */
  public record DecisionReport(String file, String decisionId, String decisionName, int evaluations, int changed,
      int notComparable, List<CaseImpact> cases, String tableProblem) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/";
  private static final String VARIABLE = "exportcertRecordedInput";
  /** Numbers compare by value: 14, 14.0 and 14L are the same outcome. */
  private static final Comparator<JsonNode> SAME = (a, b) -> a.isNumber() && b.isNumber()
      ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

  private DecisionImpact() {}

  /** The ids and names of the decision tables in a DMN file, in document order. */
  public static Map<String, String> decisionTables(String dmnXml) {
    Map<String, String> tables = new LinkedHashMap<>();
    Document doc = SafeXml.parse(new ByteArrayInputStream(dmnXml.getBytes(StandardCharsets.UTF_8)));
    for (Element decision : children(doc.getDocumentElement(), "decision")) {
      if (!children(decision, "decisionTable").isEmpty()) {
        tables.put(decision.getAttribute("id"), decision.getAttribute("name"));
      }
    }
    return tables;
  }

  /** Re-runs the evaluations of one decision on the draft's table (the DMN file's content). */
  public static DecisionReport rerun(String file, String dmnXml, String decisionId, List<Evaluation> evaluations) {
    Document doc = SafeXml.parse(new ByteArrayInputStream(dmnXml.getBytes(StandardCharsets.UTF_8)));
    Element decision = children(doc.getDocumentElement(), "decision").stream()
        .filter(d -> decisionId.equals(d.getAttribute("id"))).findFirst().orElse(null);
    String name = decision == null ? decisionId : decision.getAttribute("name");
    Element table = decision == null ? null : children(decision, "decisionTable").stream().findFirst().orElse(null);
    if (table == null) {
      return new DecisionReport(file, decisionId, name, evaluations.size(), 0, evaluations.size(), List.of(),
          "no decision table " + decisionId + " in " + file);
    }
    // the table's inputs, each fed from a variable of its own instead of its expression
    List<Element> inputs = children(table, "input");
    for (int i = 0; i < inputs.size(); i++) {
      Element expression = children(inputs.get(i), "inputExpression").stream().findFirst().orElse(null);
      Element text = expression == null ? null : children(expression, "text").stream().findFirst().orElse(null);
      if (text != null) {
        text.setTextContent(VARIABLE + i);
      }
    }
    DmnEngine engine = new DmnEngine.Builder().build();
    Either<DmnEngine.Failure, ParsedDmn> parsed = engine.parse(new ByteArrayInputStream(serialise(doc)));
    if (parsed.isLeft()) {
      return new DecisionReport(file, decisionId, name, evaluations.size(), 0, evaluations.size(), List.of(),
          parsed.left().get().message());
    }
    List<CaseImpact> listed = new ArrayList<>();
    int changed = 0;
    int notComparable = 0;
    for (Evaluation e : evaluations) {
      CaseImpact impact = rerunOne(engine, parsed.right().get(), decisionId, inputs, e);
      if (impact.outcome() == Outcome.CHANGED) {
        changed++;
        listed.add(impact);
      } else if (impact.outcome() == Outcome.NOT_COMPARABLE) {
        notComparable++;
        listed.add(impact);
      }
    }
    return new DecisionReport(file, decisionId, name, evaluations.size(), changed, notComparable, listed, null);
  }

  private static CaseImpact rerunOne(DmnEngine engine, ParsedDmn dmn, String decisionId, List<Element> inputs,
      Evaluation e) {
    Map<String, Object> variables = new HashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      Element input = inputs.get(i);
      Input recorded = recorded(e.inputs(), input.getAttribute("id"), input.getAttribute("label"));
      if (recorded == null) {
        String label = input.getAttribute("label").isEmpty() ? input.getAttribute("id") : input.getAttribute("label");
        return impact(e, Outcome.NOT_COMPARABLE, List.of(), label, null);
      }
      variables.put(VARIABLE + i, recorded.value());
    }
    Either<DmnEngine.EvalFailure, DmnEngine.EvalResult> result;
    try {
      result = engine.eval(dmn, decisionId, variables);
    } catch (RuntimeException ex) {
      return impact(e, Outcome.NOT_COMPARABLE, List.of(), null, ex.getMessage());
    }
    if (result.isLeft()) {
      return impact(e, Outcome.NOT_COMPARABLE, List.of(), null, result.left().get().failure().message());
    }
    DmnEngine.EvalResult success = result.right().get();
    JsonNode after = success.isNil() ? NullNode.getInstance() : JSON.valueToTree(plain(success.value()));
    List<FieldChange> changes = changes(e.output() == null ? NullNode.getInstance() : e.output(), after);
    return impact(e, changes.isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGED, changes, null, null);
  }

  private static CaseImpact impact(Evaluation e, Outcome outcome, List<FieldChange> changes, String missing,
      String failure) {
    return new CaseImpact(e.caseId(), e.processInstanceKey(), e.instanceKey(), e.decisionVersion(), e.evaluatedAt(),
        e.inputs(), outcome, changes, missing, failure);
  }

  private static Input recorded(List<Input> inputs, String id, String label) {
    for (Input in : inputs) {
      if (!id.isEmpty() && id.equals(in.id())) {
        return in;
      }
    }
    for (Input in : inputs) {
      if (!label.isEmpty() && label.equals(in.name())) {
        return in;
      }
    }
    return null;
  }

  /** The outputs that differ: per output for a table with several, else the whole result. */
  static List<FieldChange> changes(JsonNode before, JsonNode after) {
    List<FieldChange> changes = new ArrayList<>();
    if (before.isObject() && after.isObject()) {
      List<String> names = new ArrayList<>();
      before.fieldNames().forEachRemaining(names::add);
      after.fieldNames().forEachRemaining(n -> {
        if (!names.contains(n)) {
          names.add(n);
        }
      });
      for (String n : names) {
        JsonNode b = before.path(n);
        JsonNode a = after.path(n);
        if (!b.equals(SAME, a)) {
          changes.add(new FieldChange(n, b.isMissingNode() ? null : b.toString(), a.isMissingNode() ? null : a.toString()));
        }
      }
    } else if (!before.equals(SAME, after)) {
      changes.add(new FieldChange(null, before.toString(), after.toString()));
    }
    return changes;
  }

  /** A recorded input value (JSON text) as the Java value FEEL reads. */
  public static Object value(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      return json; // not JSON: the text itself
    }
  }

  /** dmn-scala's result (Scala collections, FEEL numbers and temporals) as JSON-friendly Java. */
  static Object plain(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof scala.math.BigDecimal d) {
      return plain(d.bigDecimal());
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
          ? (Object) d.longValue() : d;
    }
    if (value instanceof BigInteger || value instanceof Number) {
      return value;
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return plain(scala.jdk.javaapi.CollectionConverters.asJava(map));
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof scala.collection.Iterable<?> list) {
      return plain(scala.jdk.javaapi.CollectionConverters.asJavaCollection(list));
    }
    if (value instanceof Collection<?> list) {
      return list.stream().map(DecisionImpact::plain).toList();
    }
    if (value instanceof TemporalAccessor || value instanceof java.time.Duration || value instanceof java.time.Period) {
      return value.toString();
    }
    return Objects.toString(value);
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static byte[] serialise(Document doc) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("the DMN cannot be written back", e);
    }
  }
}
