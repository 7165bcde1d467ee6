package org.exportcert.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.bpmn.DecisionTables.DMN13;
import static org.exportcert.bpmn.DecisionTables.DMNDI13;
import static org.exportcert.bpmn.DecisionTables.FEEL;
import static org.exportcert.bpmn.DecisionTables.children;
import static org.exportcert.bpmn.ModelFiles.*;

import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.feel.api.ParseResult;
import org.exportcert.bpmn.lint.DecisionTableLint;
import org.exportcert.bpmn.lint.LintProblem;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Lint for decision tables and for every FEEL expression in the models. */
class DmnLintTest {

  private static void report(String rule, List<String> problems) {
    assertThat(problems)
        .withFailMessage(() -> rule + " - " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems))
        .isEmpty();
  }

  /** decision id -> file label. */
  static Map<String, String> decisionIds() {
    Map<String, String> r = new TreeMap<>();
    for (Path p : files(MODELS, ".dmn")) {
      for (Element d : children(xml(p).getDocumentElement(), DMN13, "decision")) r.put(d.getAttribute("id"), label(p));
    }
    return r;
  }

  @Test
  void dmnFilesAreCamundaDmn13WithOneDecisionNamedLikeTheFileAndADiagram() {
    List<String> problems = new ArrayList<>();
    List<Path> dmns = files(MODELS, ".dmn");
    assertThat(dmns).as("DMN files").isNotEmpty();
    Set<String> ids = new HashSet<>();
    for (Path p : dmns) {
      String file = label(p);
      Document d = xml(p);
      Element root = d.getDocumentElement();
      if (!DMN13.equals(root.getNamespaceURI()) || !"definitions".equals(root.getLocalName())) problems.add(file + ": not a DMN 1.3 definitions document");
      if (!"Camunda Cloud".equals(root.getAttributeNS("http://camunda.org/schema/modeler/1.0", "executionPlatform"))) {
        problems.add(file + ": modeler:executionPlatform must be Camunda Cloud");
      }
      List<Element> decisions = children(root, DMN13, "decision");
      if (decisions.size() != 1) problems.add(file + ": expected one decision, found " + decisions.size());
      Set<String> shapes = new HashSet<>();
      children(root, DMNDI13, "DMNShape").forEach(s -> shapes.add(s.getAttribute("dmnElementRef")));
      for (Element dec : decisions) {
        String id = dec.getAttribute("id");
        if (!id.equals(baseName(p, ".dmn"))) problems.add(file + "#" + id + ": decision id must equal the file name");
        if (!ids.add(id)) problems.add(file + "#" + id + ": decision id used twice");
        if (dec.getAttribute("name").isBlank()) problems.add(file + "#" + id + ": decision has no name");
        if (!shapes.contains(id)) problems.add(file + "#" + id + ": no DMNShape (DMNDI)");
      }
      // table contents (hit policy, cells, FEEL, durations): decisionTablesPassTheSharedTableRules
    }
    report("DMN files", problems);
  }

  @Test
  void everyDecisionIsCalledByAModel() {
    Set<String> called = new HashSet<>();
    bpmnModels().values().forEach(m -> m.getModelElementsByType(BusinessRuleTask.class).forEach(t -> {
      ZeebeCalledDecision d = t.getSingleExtensionElement(ZeebeCalledDecision.class);
      if (d != null) called.add(d.getDecisionId());
    }));
    List<String> problems = new ArrayList<>();
    decisionIds().forEach((id, file) -> { if (!called.contains(id)) problems.add(file + "#" + id + ": no business rule task calls it"); });
    report("Unused decisions", problems);
  }

  private static String parse(String expression) {
    ParseResult r = FEEL.parseExpression(expression);
    return r.isSuccess() ? null : r.failure().message();
  }

  @Test
  void everyFeelExpressionParses() {
    List<String> problems = new ArrayList<>();
    for (Path p : files(MODELS, ".bpmn")) {
      walk(xml(p).getDocumentElement(), label(p), problems);
    }
    report("FEEL syntax", problems);
  }

  /**
   * Decision tables pass the rules the API also runs on uploads (one rule set, in
   * org.exportcert.bpmn.lint): hit policy, cells per column, every input expression, input entry and
   * output entry parsed with FEEL-Scala, and the deadline table's outputs ISO 8601 durations.
   */
  @Test
  void decisionTablesPassTheSharedTableRules() throws java.io.IOException {
    List<String> problems = new ArrayList<>();
    for (Path p : files(MODELS, ".dmn")) {
      DecisionTableLint.check(java.nio.file.Files.readAllBytes(p)).forEach(x -> problems.add(label(p) + "#" + x));
    }
    report("Decision tables", problems);
  }

  @Test
  void theSharedTableRulesCatchAWordedDurationAndABrokenCell() throws java.io.IOException {
    Path dueDates = files(MODELS, ".dmn").stream().filter(p -> label(p).endsWith("due-dates.dmn")).findFirst().orElseThrow();
    String xml = java.nio.file.Files.readString(dueDates);
    Matcher firstDuration = Pattern.compile("<outputEntry id=\"[^\"]+\">\\s*<text>(\"P[^\"]*\")</text>").matcher(xml);
    assertThat(firstDuration.find()).as("a duration cell in due-dates.dmn").isTrue();
    String worded = xml.substring(0, firstDuration.start(1)) + "\"10 days\"" + xml.substring(firstDuration.end(1));
    assertThat(DecisionTableLint.check(worded.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .extracting(LintProblem::rule).containsExactly("duration");
    String broken = xml.substring(0, firstDuration.start(1)) + "\"P1D" + xml.substring(firstDuration.end(1));
    assertThat(DecisionTableLint.check(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .extracting(LintProblem::rule).containsExactly("feel");
  }

  /** Attributes and texts that start with '=' are FEEL expressions in the Zeebe dialect. */
  private static void walk(Element e, String file, List<String> problems) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      String v = ((Attr) attrs.item(i)).getValue();
      if (v.startsWith("=")) check(v, file, e, problems);
    }
    NodeList kids = e.getChildNodes();
    for (int i = 0; i < kids.getLength(); i++) {
      Node k = kids.item(i);
      if (k instanceof Element c) walk(c, file, problems);
      else if (k.getNodeType() == Node.TEXT_NODE && k.getTextContent().trim().startsWith("=")) check(k.getTextContent().trim(), file, e, problems);
    }
  }

  private static void check(String value, String file, Element e, List<String> problems) {
    String err = parse(value.substring(1));
    if (err != null) {
      Element owner = e;
      while (owner != null && owner.getAttribute("id").isEmpty()) owner = owner.getParentNode() instanceof Element p ? p : null;
      problems.add(file + "#" + (owner == null ? "?" : owner.getAttribute("id")) + " '" + value + "': " + err);
    }
  }

  /** dueDates.x, partnerRequirements.x and eligibilityCheck.x must be output columns of their table. */
  @Test
  void everyConfigurationFieldAModelReadsIsAColumnOfItsTable() {
    Map<String, String> resultToDecision = Map.of("dueDates", "due-dates", "partnerRequirements", "partner-requirements", "eligibilityCheck", "eligibility-rules");
    List<String> problems = new ArrayList<>();
    Pattern ref = Pattern.compile("\\b(dueDates|partnerRequirements|eligibilityCheck)\\.([A-Za-z]+)");
    for (Path p : files(MODELS, ".bpmn")) {
      String content;
      try {
        content = java.nio.file.Files.readString(p);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Matcher m = ref.matcher(content);
      while (m.find()) {
        DecisionTables.Table t = DecisionTables.table(resultToDecision.get(m.group(1)));
        if (t.outputs().stream().noneMatch(o -> o.name().equals(m.group(2)))) {
          problems.add(label(p) + ": reads " + m.group() + " but " + t.file() + " has no output column '" + m.group(2) + "'");
        }
      }
    }
    report("Configuration fields", problems);
  }
}
