package org.exportcert.certification.report;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
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
 * Renders the assessment report a partner body abroad reads beside the certificate: scope, the
 * lab's results, nonconformities and the decision with its rationale, every label in Chinese and
 * English (PDFBox, the certificate's font). The output depends only on the {@link View}: dates and
 * document id come from it, so rendering again gives the same bytes and the same evidence.
 */
@Component
public class AssessmentReportPdfRenderer {

  private static final float LEFT = 56;
  private static final float VALUE_X = 210;
  private static final float RIGHT = 539;
  private static final float TOP = 790;
  private static final float BOTTOM = 80;

  static final Map<String, String> DECISIONS = Map.of(
      "GRANT", "批准认证 / Granted",
      "GRANT_WITH_CONDITIONS", "附条件批准认证 / Granted with conditions",
      "RENEW", "批准再认证 / Renewed",
      "CHANGE_ACCEPTED", "批准变更 / Change accepted");
  static final Map<String, String> VERDICTS = Map.of(
      "PASS", "通过 / Pass",
      "FAIL", "未通过 / Fail",
      "INCONCLUSIVE", "无法判定 / Inconclusive",
      "NOT_APPLICABLE", "不适用 / Not applicable");
  static final Map<String, String> SEVERITIES = Map.of("MAJOR", "严重 / Major", "MINOR", "一般 / Minor");
  static final Map<String, String> NC_STATUSES = Map.of(
      "OPEN", "未关闭 / Open", "CORRECTED", "已纠正 / Corrected",
      "VERIFIED", "已验证 / Verified", "CLOSED", "已关闭 / Closed");

  /** Everything the report states; built by {@link AssessmentReportService} from the case file. */
  public record View(
      String issuer,
      String reportNumber,
      String caseId,
      String certificateNumber,
      LocalDate validUntil,
      String holder,
      String registration,
      String service,
      String scope,
      String intendedPurpose,
      List<String> standards,
      List<String> targetMarkets,
      DecisionView decision,
      List<LabReport> labReports,
      List<Finding> nonconformities) {}

  public record DecisionView(String type, LocalDate decidedOn, String decisionMaker, String rationale, String conditions) {}

  public record LabReport(
      String reportId, String lab, String accreditation, String method, String itemVersion, String itemSha256,
      LocalDate from, LocalDate to, String decisionRule, String conformity, String authorizer, List<Result> results) {}

  public record Result(String suite, String requirement, String verdict) {}

  public record Finding(String reference, String requirement, String severity, String status, String description) {}

  public void render(View v, OutputStream out) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PdfDocuments.describe(doc, v.reportNumber(), "认证评估报告 Assessment report " + v.reportNumber(), v.issuer(), v.decision().decidedOn());
      PDType0Font font = BilingualFont.load(doc);
      try (Flow f = new Flow(doc, font)) {
        body(v, f);
      }
      footers(doc, font, v.reportNumber());
      doc.save(out);
    }
  }

  private static void body(View v, Flow f) throws IOException {
    f.text(true, 16, LEFT, v.issuer());
    f.gap(4);
    f.text(true, 18, LEFT, "认证评估报告");
    f.text(true, 13, LEFT, "Certification assessment report");
    f.text(false, 10, LEFT, "人工智能服务出口白名单认证 · AI service export white-list scheme");
    f.gap(10);
    f.row("报告编号", "Report number", v.reportNumber());
    f.row("证书编号", "Certificate", v.certificateNumber() + " (有效期至 valid until " + v.validUntil() + ")");
    f.row("案件编号", "Case", v.caseId());

    f.heading("1 认证范围", "Scope");
    f.row("申请人", "Applicant", v.holder() + " (" + v.registration() + ")");
    f.row("服务名称", "Service", v.service());
    f.row("认证范围", "Scope", v.scope());
    f.row("预期用途", "Intended purpose", v.intendedPurpose());
    f.row("依据标准", "Standards", String.join("; ", v.standards()));
    f.row("目标市场", "Target markets", String.join(", ", v.targetMarkets()));

    f.heading("2 检测结果", "Laboratory test results");
    if (v.labReports().isEmpty()) {
      f.text(false, 10, LEFT, "无检测报告。 No test reports.");
    }
    for (LabReport r : v.labReports()) {
      f.keep(60);
      f.text(true, 11, LEFT, "检测报告 Test report " + r.reportId());
      f.row("实验室", "Laboratory", r.lab() + " (" + r.accreditation() + ")");
      f.row("检测方法", "Method", r.method());
      f.row("被测对象", "Item tested", r.itemVersion() + (r.itemSha256() == null ? "" : " · SHA-256 " + r.itemSha256()));
      f.row("检测日期", "Tested", r.from() + " – " + r.to());
      f.row("判定规则", "Decision rule", r.decisionRule());
      f.row("符合性结论", "Conformity", word(VERDICTS, r.conformity()));
      f.row("批准人", "Authorised by", r.authorizer());
      for (Result res : r.results()) {
        f.item(res.suite() + " · " + res.requirement() + ": " + word(VERDICTS, res.verdict()));
      }
      f.gap(6);
    }

    f.heading("3 不符合项", "Nonconformities");
    if (v.nonconformities().isEmpty()) {
      f.text(false, 10, LEFT, "无。 None.");
    }
    for (Finding n : v.nonconformities()) {
      f.item(n.reference() + " · " + word(SEVERITIES, n.severity()) + " · " + word(NC_STATUSES, n.status())
          + " · " + n.requirement() + (n.description() == null ? "" : ": " + n.description()));
    }

    DecisionView d = v.decision();
    f.heading("4 认证决定", "Certification decision");
    f.row("决定", "Decision", word(DECISIONS, d.type()));
    f.row("决定日期", "Decided on", d.decidedOn().toString());
    f.row("决定人", "Decided by", d.decisionMaker());
    f.row("理由", "Rationale", d.rationale());
    if (d.conditions() != null && !d.conditions().isBlank()) {
      f.row("附加条件", "Conditions", d.conditions());
    }
    f.gap(10);
    f.paragraph("本报告与证书、检测结果一同列于材料包的签名清单（manifest.json）中，各文件的 SHA-256 均经签名。");
    f.paragraph("This report is listed with the certificate and the test results in the dossier's signed manifest "
        + "(manifest.json), which signs the SHA-256 of every file.");
  }

  /** "第 1/3 页 · Page 1 of 3" and the report number on every page, once the page count is known. */
  private static void footers(PDDocument doc, PDType0Font font, String reportNumber) throws IOException {
    int total = doc.getNumberOfPages();
    for (int i = 0; i < total; i++) {
      try (PDPageContentStream s =
          new PDPageContentStream(doc, doc.getPage(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
        new TextLines(s, font, RIGHT).line(false, 8, LEFT, 40,
            reportNumber + " · 第 " + (i + 1) + "/" + total + " 页 · Page " + (i + 1) + " of " + total);
      }
    }
  }

  private static String word(Map<String, String> words, String code) {
    return code == null ? "" : words.getOrDefault(code, code);
  }

  /** Writes top to bottom, starting a new page when the next block would not fit. */
  private static final class Flow implements AutoCloseable {
    private final PDDocument doc;
    private final PDType0Font font;
    private PDPageContentStream stream;
    private TextLines lines;
    private float y;
    private int pages;

    Flow(PDDocument doc, PDType0Font font) throws IOException {
      this.doc = doc;
      this.font = font;
      newPage();
    }

    private void newPage() throws IOException {
      if (stream != null) {
        stream.close();
      }
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      stream = new PDPageContentStream(doc, page);
      lines = new TextLines(stream, font, RIGHT);
      y = TOP;
      pages++;
    }

    /** Starts a new page unless {@code height} points are left on this one. */
    void keep(float height) throws IOException {
      if (y - height < BOTTOM) {
        newPage();
      }
    }

    void gap(float points) {
      y -= points;
    }

    void text(boolean bold, float size, float x, String text) throws IOException {
      keep(size * 1.5f);
      y = lines.line(bold, size, x, y, text);
    }

    void heading(String zh, String en) throws IOException {
      gap(8);
      keep(60); // a heading stays with the lines under it
      y = lines.line(true, 13, LEFT, y, zh + " " + en);
      gap(2);
    }

    /** A label in Chinese over its English, the value beside them, wrapped. */
    void row(String zh, String en, String value) throws IOException {
      String text = value == null || value.isBlank() ? "—" : value;
      List<String> wrapped = lines.split(10, VALUE_X, text);
      keep(Math.min(wrapped.size(), 3) * 15f + 14); // the label and its first lines together
      lines.line(true, 10, LEFT, y, zh);
      lines.line(false, 8, LEFT, y - 12, en);
      float top = y;
      int page = pages;
      flowing(wrapped, 10, VALUE_X);
      // below the two label lines, unless the value went on to another page
      y = (page == pages ? Math.min(y, top - 24) : y) - 4;
    }

    void item(String text) throws IOException {
      List<String> wrapped = lines.split(9.5f, LEFT + 24, text);
      keep(Math.min(wrapped.size(), 2) * 14.25f);
      lines.line(false, 9.5f, LEFT + 12, y, "-");
      flowing(wrapped, 9.5f, LEFT + 24);
    }

    void paragraph(String text) throws IOException {
      flowing(lines.split(9, LEFT, text), 9, LEFT);
    }

    /** Lines of one text, going on on the next page when this one is full: no text is cut off. */
    private void flowing(List<String> wrapped, float size, float x) throws IOException {
      for (String l : wrapped) {
        keep(size * 1.5f);
        y = lines.line(false, size, x, y, l);
      }
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }
}
