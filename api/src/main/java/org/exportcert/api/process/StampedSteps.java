package org.exportcert.api.process;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads from a deployed model which user task a check or recording step verifies: the step's
 * {@code stampedUserTask} task header (certification CompletionStamps.HEADER).
 */
final class StampedSteps {

  static final String ZEEBE = "http://camunda.org/schema/zeebe/1.0";
  static final String HEADER = org.exportcert.certification.completion.CompletionStamps.HEADER;

  private StampedSteps() {}

  static Optional<String> userTaskOf(String xml, String elementId) {
    if (xml == null || elementId == null) {
      return Optional.empty();
    }
    Document doc = SafeXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    NodeList all = doc.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (!elementId.equals(e.getAttribute("id"))) {
        continue;
      }
      NodeList headers = e.getElementsByTagNameNS(ZEEBE, "header");
      for (int h = 0; h < headers.getLength(); h++) {
        Element header = (Element) headers.item(h);
        String task = header.getAttribute("value").strip();
        if (HEADER.equals(header.getAttribute("key")) && !task.isEmpty()) {
          return Optional.of(task);
        }
      }
      return Optional.empty();
    }
    return Optional.empty();
  }
}
