package org.exportcert.certification.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.exportcert.certification.evidence.Hashing;
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

  static final String FONT = "/fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";
  private static final float LEFT = 60;
  private static final float VALUE_X = 235;
  private static final float RIGHT = 535;

  /** Category codes as the certificate words them, Chinese first. */
  /** Category codes in Chinese and English: the certificate and its scope are read by people, not systems. */
  static final Map<String, String[]> CATEGORIES = Map.of(
      "AI_SAAS", new String[] {"人工智能软件即服务", "AI SaaS"},
      "INTELLIGENT_OPERATIONS_PLATFORM", new String[] {"智能运维平台", "Intelligent operations platform"},
      "INDUSTRIAL_DIGITAL_TWIN", new String[] {"工业数字孪生", "Industrial digital twin"});

  private static volatile byte[] fontBytes;

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
      info.setTitle("认证证书 Certificate " + c.getDisplayNumber());
      info.setAuthor(properties.issuer());
      info.setProducer("ExportCert");
      Calendar granted = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
      granted.setTimeInMillis(c.getGrantedOn().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
      info.setCreationDate(granted);
      info.setModificationDate(granted);

      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDType0Font font = PDType0Font.load(doc, new java.io.ByteArrayInputStream(font()), true);
      try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
        Writer w = new Writer(s, font);
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

  /** The font file, read once from the classpath: about 10 MB, parsed again for each document. */
  static byte[] font() {
    byte[] bytes = fontBytes;
    if (bytes == null) {
      try (InputStream in = CertificatePdfRenderer.class.getResourceAsStream(FONT)) {
        if (in == null) {
          throw new IllegalStateException("Certificate font " + FONT + " is missing from the classpath; "
              + "the certification module's build fetches it (mvn -pl certification process-resources)");
        }
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      fontBytes = bytes;
    }
    return bytes;
  }

  /** Lines of text in one embedded font; bold is drawn as fill plus a thin stroke. */
  private static final class Writer {
    private final PDPageContentStream s;
    private final PDFont font;

    Writer(PDPageContentStream s, PDFont font) {
      this.s = s;
      this.font = font;
    }

    float line(boolean bold, float size, float x, float y, String text) throws IOException {
      s.beginText();
      s.setFont(font, size);
      if (bold) {
        s.setRenderingMode(RenderingMode.FILL_STROKE);
        s.setLineWidth(size / 30f);
      } else {
        s.setRenderingMode(RenderingMode.FILL);
      }
      s.newLineAtOffset(x, y);
      s.showText(printable(text));
      s.endText();
      return y - size * 1.5f;
    }

    /** Wraps by measured width: at a space where there is one, else between any two characters (CJK). */
    float wrapped(boolean bold, float size, float x, float y, String text) throws IOException {
      String rest = printable(text == null ? "" : text);
      float max = RIGHT - x;
      while (!rest.isEmpty() && width(rest, size) > max) {
        int cut = fitting(rest, size, max);
        int space = rest.lastIndexOf(' ', cut);
        // a nearby space is the better break for Latin words; CJK text breaks where it is full
        if (space > 0 && cut - space < 16) {
          cut = space;
        }
        y = line(bold, size, x, y, rest.substring(0, cut).stripTrailing());
        rest = rest.substring(cut).stripLeading();
      }
      return line(bold, size, x, y, rest);
    }

    private int fitting(String text, float size, float max) throws IOException {
      int end = 1;
      while (end < text.length()) {
        int next = text.offsetByCodePoints(end, 1);
        if (width(text.substring(0, next), size) > max) {
          break;
        }
        end = next;
      }
      return end;
    }

    private float width(String text, float size) throws IOException {
      return font.getStringWidth(text) / 1000f * size;
    }

    /** Control characters and anything the font has no glyph for print as '?', never fail the page. */
    private String printable(String text) {
      StringBuilder b = new StringBuilder();
      text.codePoints().forEach(cp -> {
        if (cp < 0x20 || Character.isISOControl(cp)) {
          b.append(' ');
          return;
        }
        String ch = new String(Character.toChars(cp));
        try {
          font.encode(ch);
          b.append(ch);
        } catch (IOException | IllegalArgumentException e) {
          b.append('?');
        }
      });
      return b.toString();
    }
  }
}
