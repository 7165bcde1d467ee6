package org.exportcert.certification.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.exportcert.certification.evidence.Hashing;
import org.springframework.stereotype.Component;

/**
 * Renders the certificate as PDF with Apache PDFBox (Apache License 2.0). The output depends only
 * on the certificate: dates and document id come from it, so rendering again gives the same bytes
 * and the same evidence.
 */
@Component
public class CertificatePdfRenderer {

  private final CertificateProperties properties;

  public CertificatePdfRenderer(CertificateProperties properties) {
    this.properties = properties;
  }

  public record View(Certificate certificate, String serviceName, List<String> versions, String category, String registration) {}

  public void render(View v, OutputStream out) throws IOException {
    Certificate c = v.certificate();
    try (PDDocument doc = new PDDocument()) {
      doc.setDocumentId(Long.parseLong(Hashing.sha256Hex(c.getDisplayNumber()).substring(0, 15), 16));
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("Certificate " + c.getDisplayNumber());
      info.setAuthor(properties.issuer());
      info.setProducer("ExportCert");
      Calendar granted = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
      granted.setTimeInMillis(c.getGrantedOn().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
      info.setCreationDate(granted);
      info.setModificationDate(granted);

      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        float y = 780;
        y = line(s, bold, 20, 60, y, properties.issuer());
        y = line(s, bold, 16, 60, y - 10, "Certificate of Conformity");
        y = line(s, regular, 11, 60, y - 4, "AI service export white-list scheme");
        y -= 20;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Certificate number", c.getDisplayNumber()});
        rows.add(new String[] {"Holder", c.getHolder() + " (" + v.registration() + ")"});
        rows.add(new String[] {"Service", v.serviceName()});
        rows.add(new String[] {"Versions", String.join(", ", v.versions())});
        rows.add(new String[] {"Category", v.category()});
        rows.add(new String[] {"Scope", c.getScope()});
        rows.add(new String[] {"Granted", c.getGrantedOn().toString()});
        rows.add(new String[] {"Valid until", c.getExpiresOn().toString()});
        rows.add(new String[] {"Case", c.getCaseId()});
        for (String[] r : rows) {
          line(s, bold, 11, 60, y, r[0]);
          y = wrapped(s, regular, 11, 200, y, r[1], 60);
          y -= 6;
        }
        y -= 10;
        y = line(s, bold, 11, 60, y, "Standards");
        for (String std : properties.standards()) {
          y = line(s, regular, 11, 72, y, "- " + std);
        }
        if (c.getConditions() != null && !c.getConditions().isBlank()) {
          y -= 10;
          y = line(s, bold, 11, 60, y, "Conditions");
          y = wrapped(s, regular, 11, 72, y, c.getConditions(), 80);
        }
        line(s, regular, 9, 60, 60,
            "The public white-list shows the current status of this certificate. Verify it there.");
      }
      doc.save(out);
    }
  }

  private static float line(PDPageContentStream s, PDType1Font font, float size, float x, float y, String text) throws IOException {
    s.beginText();
    s.setFont(font, size);
    s.newLineAtOffset(x, y);
    s.showText(printable(text));
    s.endText();
    return y - size * 1.5f;
  }

  private static float wrapped(PDPageContentStream s, PDType1Font font, float size, float x, float y, String text, int width) throws IOException {
    String rest = text == null ? "" : text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      cut = cut <= 0 ? width : cut;
      y = line(s, font, size, x, y, rest.substring(0, cut));
      rest = rest.substring(cut).trim();
    }
    return line(s, font, size, x, y, rest);
  }

  /** The standard fonts encode WinAnsi only: anything else is shown as '?'. */
  private static String printable(String text) {
    var enc = java.nio.charset.Charset.forName("windows-1252").newEncoder();
    StringBuilder b = new StringBuilder();
    for (char ch : text.toCharArray()) {
      b.append(ch >= 0x20 && enc.canEncode(ch) ? ch : '?');
    }
    return b.toString();
  }

}
