package org.exportcert.engine.model;

import java.io.ByteArrayInputStream;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A cheap look at a BPMN or DMN resource before the model API reads it: the model API and Zeebe's
 * validators walk nested scopes once per scope, so a resource nested thousands of levels deep
 * (20,000 nested sub-processes, or 100,000 nested elements in a documentation) held the engine's
 * single processor thread for many minutes and every other client timed out. Real models nest a
 * few dozen levels at most (definitions, process, some sub-processes, a task, its extension
 * elements); deeper ones are refused in one streaming pass, in milliseconds, before any DOM is built.
 */
public final class XmlShape {

  /** Element nesting a resource may have; documented in docs/engine.md ("Limits"). */
  public static final int MAX_DEPTH = 100;

  private static final XMLInputFactory FACTORY = factory();

  private XmlShape() {}

  /** Throws the rejection when the resource nests deeper than {@link #MAX_DEPTH}; malformed XML is left to the model API's message. */
  public static void requireShallow(String resourceName, byte[] content) {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(content));
      int depth = 0;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamReader.START_ELEMENT && ++depth > MAX_DEPTH) {
          throw new DeploymentException(resourceName, List.of("- Element: " + idOrName(reader)
              + ": the XML nests more than " + MAX_DEPTH + " elements deep (line " + reader.getLocation().getLineNumber()
              + "); the engine refuses deeper resources"));
        } else if (event == XMLStreamReader.END_ELEMENT) {
          depth--;
        }
      }
    } catch (XMLStreamException malformed) {
      // the model API reads it next and says what is wrong in its own words
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing held but the byte array
        }
      }
    }
  }

  private static String idOrName(XMLStreamReader reader) {
    String id = reader.getAttributeValue(null, "id");
    return id != null ? id : reader.getLocalName();
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false); // no entities, no external anything
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }
}
