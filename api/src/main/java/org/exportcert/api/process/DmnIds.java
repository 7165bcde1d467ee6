package org.exportcert.api.process;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Decision ids of a DMN file, read with a parser that refuses DOCTYPEs (no XXE). */
public final class DmnIds {

  private DmnIds() {}

  public static List<String> of(byte[] dmn) {
    Document doc = SafeXml.parse(new ByteArrayInputStream(dmn));
    NodeList decisions = doc.getElementsByTagNameNS("*", "decision");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < decisions.getLength(); i++) {
      String id = ((Element) decisions.item(i)).getAttribute("id");
      if (!id.isBlank()) {
        ids.add(id);
      }
    }
    return ids;
  }
}
