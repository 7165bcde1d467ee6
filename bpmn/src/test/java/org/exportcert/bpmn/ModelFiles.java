package org.exportcert.bpmn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Loads the model resources from the source tree, so a failure names the file a program manager edits. */
final class ModelFiles {

  static final Path RESOURCES = Path.of("src/main/resources");
  static final Path MODELS = RESOURCES.resolve("models");
  static final Path FORMS = RESOURCES.resolve("forms");
  // outside the jar: Camunda Modeler reads them from here, the engine never needs them
  static final Path TEMPLATES = Path.of("element-templates");
  static final Path CATALOG = RESOURCES.resolve("catalog");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Map<String, BpmnModelInstance> bpmn;

  private ModelFiles() {}

  static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String baseName(Path p, String suffix) {
    String n = p.getFileName().toString();
    return n.substring(0, n.length() - suffix.length());
  }

  static String label(Path p) {
    return RESOURCES.relativize(p).toString();
  }

  /** Every BPMN file parsed once, keyed by its label (e.g. models/eligibility.bpmn). */
  static synchronized Map<String, BpmnModelInstance> bpmnModels() {
    if (bpmn == null) {
      Map<String, BpmnModelInstance> m = new LinkedHashMap<>();
      for (Path p : files(MODELS, ".bpmn")) {
        try (InputStream in = Files.newInputStream(p)) {
          m.put(label(p), Bpmn.readModelFromStream(in));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      bpmn = m;
    }
    return bpmn;
  }

  static JsonNode json(Path p) {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read JSON " + label(p), e);
    }
  }

  static Document xml(Path p) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(p.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot parse XML " + label(p), e);
    }
  }

  static List<String> values(JsonNode array) {
    List<String> r = new ArrayList<>();
    array.forEach(n -> r.add(n.asText()));
    return r;
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> r = new ArrayList<>();
    array.forEach(n -> r.add(n.path(field).asText()));
    return r;
  }
}
