package org.exportcert.api.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.exportcert.api.process.SafeXml;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a draft changes against a bundle, per file: BPMN element by element (by id; diagram layout
 * is ignored), DMN decision tables rule by rule (with each rule's entries before and after), forms
 * field by field (by component id).
 */
public final class ModelDiff {

  public enum Status { ADDED, REMOVED, CHANGED, UNCHANGED }

  /** One element, rule or field; {@code before}/{@code after} summarise it for people. */
  public record Change(String id, String type, String name, Status status, String before, String after) {}

  public record FileDiff(String file, Status status, List<Change> changes) {}

  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final Set<String> DMN_UNITS = Set.of("decision", "input", "output", "rule", "inputData",
      "businessKnowledgeModel", "knowledgeSource");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelDiff() {}

  public static List<FileDiff> of(Map<String, String> base, Map<String, String> draft) {
    Set<String> names = new TreeSet<>(base.keySet());
    names.addAll(draft.keySet());
    List<FileDiff> out = new ArrayList<>();
    for (String name : names) {
      String before = base.get(name);
      String after = draft.get(name);
      Map<String, Unit> b = before == null ? Map.of() : units(name, before);
      Map<String, Unit> a = after == null ? Map.of() : units(name, after);
      List<Change> changes = compare(b, a);
      Status status = before == null ? Status.ADDED : after == null ? Status.REMOVED
          : changes.isEmpty() && !normalised(before).equals(normalised(after)) ? Status.CHANGED
          : changes.isEmpty() ? Status.UNCHANGED : Status.CHANGED;
      out.add(new FileDiff(name, status, changes));
    }
    return out;
  }

  /** Only the layout or formatting changed: the file differs, no element does. */
  private static String normalised(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  record Unit(String type, String name, String fingerprint, String summary) {}

  private static List<Change> compare(Map<String, Unit> before, Map<String, Unit> after) {
    List<Change> changes = new ArrayList<>();
    before.forEach((id, b) -> {
      Unit a = after.get(id);
      if (a == null) {
        changes.add(new Change(id, b.type(), b.name(), Status.REMOVED, b.summary(), null));
      } else if (!a.fingerprint().equals(b.fingerprint())) {
        changes.add(new Change(id, a.type(), a.name(), Status.CHANGED, b.summary(), a.summary()));
      }
    });
    after.forEach((id, a) -> {
      if (!before.containsKey(id)) {
        changes.add(new Change(id, a.type(), a.name(), Status.ADDED, null, a.summary()));
      }
    });
    return changes;
  }

  static Map<String, Unit> units(String file, String content) {
    Map<String, Unit> units = new LinkedHashMap<>();
    try {
      if (ModelLinter.isPathFile(file)) {
        pathUnits(JSON.readTree(content), units);
      } else if (file.endsWith(".form")) {
        formFields(JSON.readTree(content).path("components"), units);
      } else if (file.endsWith(".bpmn") || file.endsWith(".dmn")) {
        Element root = SafeXml.parse(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
        xmlUnits(root, root.getNamespaceURI() == null ? "" : root.getNamespaceURI(), file.endsWith(".dmn"), units);
      }
    } catch (IOException | IllegalArgumentException e) {
      units.put("(file)", new Unit("file", file, "unreadable:" + content.hashCode(), "cannot be read"));
    }
    return units;
  }

  private static boolean isUnit(Element e, String ns, boolean dmn) {
    if (!ns.equals(e.getNamespaceURI()) || e.getAttribute("id").isEmpty()) {
      return false;
    }
    return dmn ? DMN_UNITS.contains(e.getLocalName()) : !"definitions".equals(e.getLocalName());
  }

  private static void xmlUnits(Element e, String ns, boolean dmn, Map<String, Unit> units) {
    if (isUnit(e, ns, dmn)) {
      String summary = "rule".equals(e.getLocalName()) ? ruleSummary(e) : null;
      units.put(e.getAttribute("id"), new Unit(e.getLocalName(), name(e), fingerprint(e, ns, dmn), summary));
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child && ns.equals(child.getNamespaceURI())) {
        xmlUnits(child, ns, dmn, units);
      } // other namespaces (diagram interchange, extensions) hold no units of their own
    }
  }

  private static String name(Element e) {
    if ("rule".equals(e.getLocalName())) {
      return ruleName(e);
    }
    String n = e.getAttribute("name");
    if (n.isEmpty()) {
      n = e.getAttribute("label");
    }
    return n.isEmpty() ? null : n;
  }

  /** The element with its attributes and content, but not the units nested in it. */
  private static String fingerprint(Element e, String ns, boolean dmn) {
    StringBuilder sb = new StringBuilder("<").append(e.getNamespaceURI()).append(':').append(e.getLocalName());
    NamedNodeMap attrs = e.getAttributes();
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
        sorted.put(a.getNamespaceURI() + ":" + a.getLocalName(), a.getValue());
      }
    }
    sorted.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(v).append('"'));
    sb.append('>');
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node c = children.item(i);
      if (c instanceof Element child) {
        if (!isUnit(child, ns, dmn)) {
          sb.append(fingerprintWithoutIds(child, ns, dmn));
        }
      } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
        sb.append(c.getNodeValue().strip());
      }
    }
    return sb.append("</>").toString();
  }

  /** Nested parts (a rule's entries) are compared by content; the modeler renumbers their ids. */
  private static String fingerprintWithoutIds(Element e, String ns, boolean dmn) {
    StringBuilder sb = new StringBuilder("<").append(e.getLocalName());
    NamedNodeMap attrs = e.getAttributes();
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < attrs.getLength(); i++) {
      Attr a = (Attr) attrs.item(i);
      if (!"id".equals(a.getLocalName()) && !"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
        sorted.put(a.getNamespaceURI() + ":" + a.getLocalName(), a.getValue());
      }
    }
    sorted.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(v).append('"'));
    sb.append('>');
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child && !isUnit(child, ns, dmn)) {
        sb.append(fingerprintWithoutIds(child, ns, dmn));
      } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
        sb.append(c.getNodeValue().strip());
      }
    }
    return sb.append("</>").toString();
  }

  /**
   * A rule as the table shows it: its row number and its annotation ("4 · Information security not documented"),
   * not its generated id.
   */
  static String ruleName(Element rule) {
    int row = 1;
    for (Node s = rule.getPreviousSibling(); s != null; s = s.getPreviousSibling()) {
      if (s instanceof Element sibling && "rule".equals(sibling.getLocalName())) {
        row++;
      }
    }
    String annotation = "";
    for (Node c = rule.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child && "description".equals(child.getLocalName())) {
        annotation = child.getTextContent().strip();
      }
    }
    return annotation.isEmpty() ? Integer.toString(row) : row + " · " + annotation;
  }

  /** A rule as people read it in the table: its input entries, then its outputs. */
  static String ruleSummary(Element rule) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    for (Node c = rule.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element entry) {
        String text = entry.getTextContent().strip();
        if ("inputEntry".equals(entry.getLocalName())) {
          in.add(text.isEmpty() ? "-" : text);
        } else if ("outputEntry".equals(entry.getLocalName())) {
          out.add(text);
        }
      }
    }
    return String.join(" | ", in) + " → " + String.join(" | ", out);
  }

  /** Each path of a path file, known by its English name. */
  private static void pathUnits(JsonNode file, Map<String, Unit> units) {
    for (JsonNode path : file.path("paths")) {
      String name = path.path("name").asText("");
      if (!name.isEmpty()) {
        units.put(name, new Unit("path", name, path.toString(), path.path("name.zh").asText(name)));
      }
    }
  }

  private static void formFields(JsonNode components, Map<String, Unit> units) {
    if (!components.isArray()) {
      return;
    }
    for (JsonNode c : components) {
      String id = c.path("id").asText(c.path("key").asText(""));
      if (id.isEmpty()) {
        continue;
      }
      ObjectNode own = c.deepCopy();
      own.remove("components"); // nested fields are compared on their own
      String label = c.path("label").asText(c.path("text").asText(c.path("key").asText(null)));
      units.put(id, new Unit(c.path("type").asText("field"), label, own.toString(),
          c.path("key").isMissingNode() ? null : "key " + c.path("key").asText()));
      formFields(c.path("components"), units);
    }
  }
}
