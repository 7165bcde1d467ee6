package org.exportcert.certification.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.exportcert.certification.pdf.BilingualFont;
import org.exportcert.certification.pdf.PdfDocuments;
import org.exportcert.certification.pdf.TextLines;
import org.springframework.stereotype.Component;

/**
 * Renders the certificate as a bilingual (Chinese and English) PDF with Apache PDFBox (Apache
 * License 2.0). Names print as the applicant gave them, Chinese included: the text is set in Noto
 * Sans SC (SIL Open Font License 1.1, fetched by the build), embedded as the subset of glyphs the
 * page uses. The output depends only on the certificate: dates and document id come from it, so
 * rendering again gives the same bytes and the same evidence.
 */
@Component
public class CertificatePdfRenderer {

  private static final float LEFT = 60;
  private static final float VALUE_X = 235;
  private static final float RIGHT = 535;

  /** Category codes in Chinese and English: the certificate and its scope are read by people, not systems. */
  static final Map<String, String[]> CATEGORIES = Map.of(
      "AI_SAAS", new String[] {"人工智能软件即服务", "AI SaaS"},
      "INTELLIGENT_OPERATIONS_PLATFORM", new String[] {"智能运维平台", "Intelligent operations platform"},
      "INDUSTRIAL_DIGITAL_TWIN", new String[] {"工业数字孪生", "Industrial digital twin"});

  private final CertificateProperties properties;

  public CertificatePdfRenderer(CertificateProperties properties) {
    this.properties = properties;
  }

  public record View(Certificate certificate, String serviceName, List<String> versions, String category, String registration) {}

  public void render(View v, OutputStream out) throws IOException {
    Certificate c = v.certificate();
    try (PDDocument doc = new PDDocument()) {
      PdfDocuments.describe(doc, c.getDisplayNumber(), "认证证书 Certificate " + c.getDisplayNumber(), properties.issuer(), c.getGrantedOn());

      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDType0Font font = BilingualFont.load(doc);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        TextLines w = new TextLines(s, font, RIGHT);
        float y = 790;
        y = w.line(true, 18, LEFT, y, properties.issuer());
        y = w.line(true, 20, LEFT, y - 8, "认证证书");
        y = w.line(true, 14, LEFT, y, "Certificate of Conformity");
        y = w.line(false, 11, LEFT, y - 2, "人工智能服务出口白名单认证 · AI service export white-list scheme");
        y -= 18;
        String[] category = CATEGORIES.getOrDefault(v.category(), new String[] {v.category(), v.category()});
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"证书编号", "Certificate number", c.getDisplayNumber()});
        rows.add(new String[] {"持证人", "Holder", c.getHolder() + " (" + v.registration() + ")"});
        rows.add(new String[] {"服务名称", "Service", v.serviceName()});
        rows.add(new String[] {"版本", "Versions", String.join(", ", v.versions())});
        rows.add(new String[] {"类别", "Category", category[0] + " / " + category[1]});
        rows.add(new String[] {"认证范围", "Scope", c.getScope()});
        rows.add(new String[] {"发证日期", "Granted", c.getGrantedOn().toString()});
        rows.add(new String[] {"有效期至", "Valid until", c.getExpiresOn().toString()});
        rows.add(new String[] {"案件编号", "Case", c.getCaseId()});
        for (String[] r : rows) {
          w.line(true, 11, LEFT, y, r[0]);
          w.line(false, 8.5f, LEFT, y - 13, r[1]);
          float after = w.wrapped(false, 11, VALUE_X, y, r[2]);
          y = Math.min(after, y - 26) - 4;
        }
        y -= 8;
        y = w.line(true, 11, LEFT, y, "依据标准 Standards");
        for (String std : properties.standards()) {
          y = w.line(false, 11, LEFT + 12, y, "- " + std);
        }
        if (c.getConditions() != null && !c.getConditions().isBlank()) {
          y -= 8;
          y = w.line(true, 11, LEFT, y, "附加条件 Conditions");
          w.wrapped(false, 11, LEFT + 12, y, c.getConditions());
        }
        w.line(false, 9, LEFT, 72, "本证书的当前状态以公开白名单为准，请在白名单中查验。");
        w.line(false, 9, LEFT, 58,
            "The public white-list shows the current status of this certificate. Verify it there.");
      }
      doc.save(out);
    }
  }
}
