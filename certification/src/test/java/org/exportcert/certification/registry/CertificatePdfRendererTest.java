package org.exportcert.certification.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The certificate PDF: Chinese names print as given, both languages label it, the font is embedded. */
class CertificatePdfRendererTest {

  static final String HOLDER = "深圳智算科技有限公司";
  static final String SERVICE = "灵犀智能客服大模型服务";
  static final String SCOPE = "面向东南亚市场的多语种智能客服 SaaS，包括模型推理接口与运维监控（Multilingual customer service）";

  final CertificatePdfRenderer renderer = new CertificatePdfRenderer(new CertificateProperties(null, null, "ExportCert 认证机构"));

  byte[] render(String conditions) throws IOException {
    Certificate c = new Certificate("EC-2026-000123", 7L, "ECC-2026-000045", 1, HOLDER, SCOPE,
        "ISO/IEC 17065:2012", LocalDate.of(2026, 12, 7), LocalDate.of(2029, 12, 6), conditions);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(new CertificatePdfRenderer.View(c, SERVICE, List.of("v2.1"), "AI_SAAS", "91440300MA5G123456"), out);
    return out.toByteArray();
  }

  static String text(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  @Test
  void chineseNamesPrintAsGivenNotAsQuestionMarks() throws IOException {
    byte[] pdf = render("每季度提交模型漂移监测报告。");
    String text = text(pdf);
    assertThat(text).contains(HOLDER, SERVICE, "ExportCert 认证机构", "每季度提交模型漂移监测报告。");
    // the long scope wraps between characters but loses none
    assertThat(text.replaceAll("\\s+", "")).contains(SCOPE.replaceAll("\\s+", ""));
    assertThat(text).doesNotContain("??");
    Path out = Path.of("target", "certificate-zh.pdf");
    Files.createDirectories(out.getParent());
    Files.write(out, pdf); // for a look with pdftoppm
  }

  @Test
  void everyLabelIsInChineseAndEnglish() throws IOException {
    String text = text(render(null));
    assertThat(text).contains("认证证书", "Certificate of Conformity", "证书编号", "Certificate number",
        "持证人", "Holder", "有效期至", "Valid until", "人工智能软件即服务 / AI SaaS", "ECC-2026-000045/R1",
        "请在白名单中查验", "Verify it there");
  }

  @Test
  void theFontIsEmbeddedAsASubset() throws IOException {
    byte[] pdf = render(null);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDPage page = doc.getPage(0);
      List<PDFont> fonts = new ArrayList<>();
      for (var name : page.getResources().getFontNames()) {
        fonts.add(page.getResources().getFont(name));
      }
      assertThat(fonts).isNotEmpty().allSatisfy(f -> {
        assertThat(f).isInstanceOf(PDType0Font.class);
        assertThat(f.isEmbedded()).isTrue();
        // a subset's name carries a six-letter tag: ABCDEF+NotoSansSC-Regular
        assertThat(f.getName()).matches("[A-Z]{6}\\+NotoSansSC.*");
      });
    }
    // the whole font is about 10 MB; the subset a certificate needs is a small part of it
    assertThat(pdf.length).isLessThan(400_000);
  }

  @Test
  void renderingAgainGivesTheSameBytes() throws IOException {
    assertThat(render("条件")).isEqualTo(render("条件"));
  }

  @Test
  void aCharacterNoFontHasPrintsAsAQuestionMarkAndTheRestStays() throws IOException {
    Certificate c = new Certificate("EC-1", 1L, "ECC-1", 1, "华为 \uD83D\uDE00 Ltd", "s", "x",
        LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(new CertificatePdfRenderer.View(c, "服务", List.of(), "OTHER", "R"), out);
    assertThat(text(out.toByteArray())).contains("华为 ? Ltd");
  }
}
