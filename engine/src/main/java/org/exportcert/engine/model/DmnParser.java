package org.exportcert.engine.model;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.exportcert.engine.feel.Feel;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads DMN 1.3 decision tables and literal expressions (the parts Camunda's modeler produces for
 * business rule tasks) with the JDK's XML parser, checking every FEEL expression and unary test.
 */
public final class DmnParser {

  /** A parsed DMN resource: its decision requirements graph (definitions) and decisions. */
  public record Parsed(String definitionsId, String definitionsName, List<DecisionModel> decisions) {}

  private final Feel feel;

  public DmnParser(Feel feel) {
    this.feel = feel;
  }

  public Parsed parse(String resourceName, byte[] content) {
    Document document;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      document = builder.parse(new ByteArrayInputStream(content));
    } catch (Exception e) {
      throw new DeploymentException(resourceName, List.of("cannot read DMN: " + e.getMessage()));
    }
    Element definitions = document.getDocumentElement();
    List<String> errors = new ArrayList<>();
    List<DecisionModel> decisions = new ArrayList<>();
    for (Element decision : children(definitions, "decision")) {
      String id = decision.getAttribute("id");
      String name = decision.getAttribute("name");
      Element table = first(decision, "decisionTable");
      Element literal = first(decision, "literalExpression");
      if (table != null) {
        String hitPolicy = table.hasAttribute("hitPolicy") ? table.getAttribute("hitPolicy") : "UNIQUE";
        String aggregation = table.hasAttribute("aggregation") ? table.getAttribute("aggregation") : null;
        if (!List.of("UNIQUE", "FIRST", "ANY", "COLLECT", "RULE ORDER").contains(hitPolicy)) {
          errors.add("- Element: " + id + ": hit policy '" + hitPolicy + "' is not supported by this engine yet");
        }
        List<String> inputs = new ArrayList<>();
        for (Element input : children(table, "input")) {
          Element expression = first(input, "inputExpression");
          String text = expression == null ? "" : text(expression);
          check(id, "input expression", text, errors, false);
          inputs.add(text);
        }
        List<String> outputs = new ArrayList<>();
        for (Element output : children(table, "output")) {
          outputs.add(output.getAttribute("name"));
        }
        List<DecisionModel.Rule> rules = new ArrayList<>();
        for (Element rule : children(table, "rule")) {
          List<String> entries = new ArrayList<>();
          for (Element entry : children(rule, "inputEntry")) {
            String text = text(entry);
            check(id, "input entry", text, errors, true);
            entries.add(text);
          }
          List<String> outs = new ArrayList<>();
          for (Element entry : children(rule, "outputEntry")) {
            String text = text(entry);
            check(id, "output entry", text, errors, false);
            outs.add(text);
          }
          if (entries.size() != inputs.size() || outs.size() != outputs.size()) {
            errors.add("- Element: " + rule.getAttribute("id") + ": a rule needs one entry per input and output");
          }
          rules.add(new DecisionModel.Rule(entries, outs));
        }
        decisions.add(new DecisionModel(id, name, hitPolicy, aggregation, inputs, outputs, rules, null, null));
      } else if (literal != null) {
        String text = text(literal);
        check(id, "literal expression", text, errors, false);
        Element variable = first(decision, "variable");
        decisions.add(new DecisionModel(id, name, null, null, List.of(), List.of(), List.of(), text,
            variable == null ? id : variable.getAttribute("name")));
      } else {
        errors.add("- Element: " + id + ": only decision tables and literal expressions are supported");
      }
    }
    if (decisions.isEmpty() && errors.isEmpty()) {
      errors.add("- Element: " + definitions.getAttribute("id") + ": contains no decision");
    }
    if (!errors.isEmpty()) {
      throw new DeploymentException(resourceName, errors);
    }
    return new Parsed(definitions.getAttribute("id"), definitions.getAttribute("name"), decisions);
  }

  private void check(String id, String what, String text, List<String> errors, boolean unaryTests) {
    if (text == null || text.isBlank() || (unaryTests && text.trim().equals("-"))) {
      return;
    }
    String problem = unaryTests ? feel.unaryTestsError(text) : feel.parseError(text);
    if (problem != null) {
      errors.add("- Element: " + id + ": invalid FEEL " + what + " '" + text + "': " + problem);
    }
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> result = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        result.add(element);
      }
    }
    return result;
  }

  private static Element first(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static String text(Element parent) {
    Element text = first(parent, "text");
    return text == null ? "" : text.getTextContent().trim();
  }
}
