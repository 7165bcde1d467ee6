package org.exportcert.certification.report;

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
import org.apache.pdfbox.text.PDFTextStripper;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.DecisionView;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.Finding;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.LabReport;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.Result;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.View;
import org.junit.jupiter.api.Test;

/** The assessment report a partner body reads: both languages, the case's own words, every result. */
class AssessmentReportPdfRendererTest {

  static final String HOLDER = "深圳智算科技有限公司";
  static final String RATIONALE = "技术文件符合要求，基础测试套件全部通过。Documentation conforms; base suites passed.";

  final AssessmentReportPdfRenderer renderer = new AssessmentReportPdfRenderer();

  static View view(List<Result> results) {
    return new View("ExportCert 认证机构", "AR-ECC-2026-000045-R1", "EC-2026-000123", "ECC-2026-000045/R1",
        LocalDate.of(2029, 12, 6), HOLDER, "91440300MA5G123456", "灵犀智能客服",
        "灵犀智能客服 2.1 · 人工智能软件即服务 / AI SaaS · 第 6 类认证方案 / ISO/IEC 17067 scheme type 6",
        "多语种智能客服 Multilingual customer service", List.of("ISO/IEC 17065:2012", "ISO/IEC 42001:2023"),
        List.of("EU", "SG"),
        new DecisionView("GRANT_WITH_CONDITIONS", LocalDate.of(2026, 12, 7), "dora.decider", RATIONALE,
            "每季度提交模型漂移监测报告。"),
        List.of(new LabReport("ALPHA-2", "Alpha Test Lab", "ISO/IEC 17025 L-0001", "Test plan 2026.1", "2.1", null,
            LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 10), "Simple acceptance (ILAC-G8:09/2019)", "PASS",
            "lars.labhead", results)),
        List.of(new Finding("NC-1", "S-2.1 tenant isolation", "MAJOR", "CLOSED", "Cross-tenant prompt leakage")));
  }

  byte[] render(View v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(v, out);
    return out.toByteArray();
  }

  static String text(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  @Test
  void theReportStatesScopeResultsFindingsAndDecisionInChineseAndEnglish() throws IOException {
    byte[] pdf = render(view(List.of(new Result("SECURITY", "S-2.1", "PASS"))));
    Path out = Path.of("target", "assessment-report.pdf");
    Files.createDirectories(out.getParent());
    Files.write(out, pdf); // for a look with pdftoppm
    String text = text(pdf);
    assertThat(text).contains("认证评估报告", "Certification assessment report", "AR-ECC-2026-000045-R1",
        "认证范围", "Scope", "检测结果", "Laboratory test results", "不符合项", "Nonconformities",
        "认证决定", "Certification decision", "附条件批准认证 / Granted with conditions",
        HOLDER, "ECC-2026-000045/R1", "ALPHA-2", "Alpha Test Lab", "SECURITY · S-2.1: 通过 / Pass",
        "NC-1 · 严重 / Major · 已关闭 / Closed", "dora.decider", "每季度提交模型漂移监测报告。", "EU, SG");
    assertThat(text.replaceAll("\\s+", "")).contains(RATIONALE.replaceAll("\\s+", ""));
    assertThat(text).doesNotContain("??");
  }

  @Test
  void renderingAgainGivesTheSameBytes() throws IOException {
    View v = view(List.of(new Result("ROBUSTNESS", "R-4.2", "FAIL")));
    assertThat(render(v)).isEqualTo(render(v));
  }

  @Test
  void manyResultsGoOnFurtherPagesAndNoneIsCutOff() throws IOException {
    List<Result> many = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      many.add(new Result("SUITE-" + i, "REQ-" + i, i % 2 == 0 ? "PASS" : "FAIL"));
    }
    byte[] pdf = render(view(many));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertThat(doc.getNumberOfPages()).isGreaterThan(2);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("SUITE-1 · REQ-1", "SUITE-120 · REQ-120: 通过 / Pass",
          "Page 1 of " + doc.getNumberOfPages(), "每季度提交模型漂移监测报告。");
    }
  }
}
