package org.exportcert.api.process;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** XML from outside is parsed without DOCTYPEs or external entities, and at most {@link #MAX_DEPTH} elements deep. */
public final class SafeXml {

  /** Element nesting accepted, as the engine's (org.exportcert.engine.model.XmlShape). */
  public static final int MAX_DEPTH = org.exportcert.engine.model.XmlShape.MAX_DEPTH;

  private SafeXml() {}

  public static Document parse(InputStream in) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      // the model API and Zeebe's validators walk nested scopes once per scope: 20,000 nested
      // sub-processes held a request thread for minutes before the engine (which refuses them too)
      f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      var builder = f.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(in);
    } catch (Exception e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }
}
