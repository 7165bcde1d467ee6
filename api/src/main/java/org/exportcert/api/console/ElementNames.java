package org.exportcert.api.console;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.DefinitionView;
import org.exportcert.api.process.SafeXml;
import org.exportcert.bpmn.lint.ChineseNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Chinese names the deployed models give their elements (extension property {@code name.zh},
 * docs/process-guide.md "Names in Chinese"), per process id and element id, read from the models
 * themselves so that a model deployed from the console modeler brings its own names. A deployed
 * definition never changes, so each is read once; the newest version of a process wins.
 */
@Service
public class ElementNames {

  private static final Logger log = LoggerFactory.getLogger(ElementNames.class);
  static final String ZEEBE = "http://camunda.org/schema/zeebe/1.0";

  private final CaseProcesses processes;
  private final ConsoleProcesses console;
  private final Map<Long, Map<String, String>> byDefinition = new ConcurrentHashMap<>();

  public ElementNames(CaseProcesses processes, ConsoleProcesses console) {
    this.processes = processes;
    this.console = console;
  }

  /** process id → element id (the process's own id included) → Chinese name. */
  public Map<String, Map<String, String>> chinese() {
    return collect(false);
  }

  /**
   * process id → element id → the model's own (English) name, for pages that know only an
   * element's id (an incident names the element it stopped at by id, never by name).
   */
  public Map<String, Map<String, String>> english() {
    return collect(true);
  }

  private final Map<Long, Map<String, String>> englishByDefinition = new ConcurrentHashMap<>();

  private Map<String, Map<String, String>> collect(boolean english) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    List<DefinitionView> definitions;
    try {
      definitions = processes.processDefinitions();
    } catch (RuntimeException e) {
      // names are a courtesy: pages fall back to the models' names while the engine is away
      log.warn("Element names unavailable: {}", e.toString());
      return out;
    }
    definitions.stream()
        .sorted(Comparator.comparingInt(DefinitionView::version))
        .forEach(d -> out.computeIfAbsent(d.processDefinitionId(), k -> new LinkedHashMap<>())
            .putAll(english ? englishNamesOf(d) : namesOf(d)));
    out.values().removeIf(Map::isEmpty);
    return out;
  }

  private Map<String, String> namesOf(DefinitionView d) {
    Map<String, String> known = byDefinition.get(d.key());
    if (known != null) {
      return known;
    }
    try {
      Map<String, String> names = chineseNames(console.definitionXml(d.key()), d.processDefinitionId());
      byDefinition.put(d.key(), names);
      return names;
    } catch (RuntimeException e) {
      log.warn("No element names for process definition {}: {}", d.key(), e.toString());
      return Map.of();
    }
  }

  private Map<String, String> englishNamesOf(DefinitionView d) {
    Map<String, String> known = englishByDefinition.get(d.key());
    if (known != null) {
      return known;
    }
    try {
      Map<String, String> names = modelNames(console.definitionXml(d.key()), d.processDefinitionId());
      englishByDefinition.put(d.key(), names);
      return names;
    } catch (RuntimeException e) {
      log.warn("No element names for process definition {}: {}", d.key(), e.toString());
      return Map.of();
    }
  }

  /** The name attribute of every named element of the given process (the process's own included). */
  static Map<String, String> modelNames(String xml, String processId) {
    Map<String, String> names = new LinkedHashMap<>();
    NodeList all = SafeXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .getElementsByTagNameNS("http://www.omg.org/spec/BPMN/20100524/MODEL", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      String name = e.getAttribute("name").strip();
      if (!name.isEmpty() && !e.getAttribute("id").isBlank() && processId.equals(processOf(e))) {
        names.put(e.getAttribute("id"), name);
      }
    }
    return names;
  }

  /** The name.zh of every element of the given process in a BPMN file (a file may hold several processes). */
  static Map<String, String> chineseNames(String xml, String processId) {
    Map<String, String> names = new LinkedHashMap<>();
    NodeList properties = SafeXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
        .getElementsByTagNameNS(ZEEBE, "property");
    for (int i = 0; i < properties.getLength(); i++) {
      Element p = (Element) properties.item(i);
      String value = p.getAttribute("value");
      if (!ChineseNames.PROPERTY.equals(p.getAttribute("name")) || value.isBlank()) {
        continue;
      }
      // zeebe:property < zeebe:properties < bpmn:extensionElements < the named element
      Node owner = ancestor(p, 3);
      if (owner instanceof Element e && !e.getAttribute("id").isBlank()
          && processId.equals(processOf(e))) {
        names.put(e.getAttribute("id"), value.strip());
      }
    }
    return names;
  }

  private static Node ancestor(Node n, int levels) {
    for (int i = 0; i < levels && n != null; i++) {
      n = n.getParentNode();
    }
    return n;
  }

  private static String processOf(Element e) {
    for (Node n = e; n instanceof Element x; n = n.getParentNode()) {
      if ("process".equals(x.getLocalName())) {
        return x.getAttribute("id");
      }
    }
    return null;
  }
}
