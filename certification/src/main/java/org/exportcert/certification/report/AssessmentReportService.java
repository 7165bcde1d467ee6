package org.exportcert.certification.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.decision.Decision;
import org.exportcert.certification.decision.DecisionRepository;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateProperties;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.DecisionView;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.Finding;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.LabReport;
import org.exportcert.certification.report.AssessmentReportPdfRenderer.Result;
import org.exportcert.certification.testing.NonconformityRepository;
import org.exportcert.certification.testing.TestReport;
import org.exportcert.certification.testing.TestReportRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bilingual assessment report of a certificate revision (scope, lab results, nonconformities,
 * the decision), stored as evidence of kind {@value #KIND}. It is rendered from the recorded case
 * file only, so the same revision always gives the same bytes: a retried step, or a dossier for a
 * second market, finds the evidence already stored instead of adding another.
 */
@Service
public class AssessmentReportService {

  public static final String KIND = "ASSESSMENT_REPORT";

  /** The report is the system's, whichever worker asks for it: one evidence per revision. */
  static final String SUBMITTER = "system";

  private final CaseService cases;
  private final DecisionRepository decisions;
  private final TestReportRepository testReports;
  private final NonconformityRepository nonconformities;
  private final CertificateProperties certificateProperties;
  private final AssessmentReportPdfRenderer renderer;
  private final EvidenceStore evidence;
  private final TransactionTemplate tx;
  private final ObjectMapper json = new ObjectMapper();

  public AssessmentReportService(
      CaseService cases,
      DecisionRepository decisions,
      TestReportRepository testReports,
      NonconformityRepository nonconformities,
      CertificateProperties certificateProperties,
      AssessmentReportPdfRenderer renderer,
      EvidenceStore evidence,
      PlatformTransactionManager transactions) {
    this.cases = cases;
    this.decisions = decisions;
    this.testReports = testReports;
    this.nonconformities = nonconformities;
    this.certificateProperties = certificateProperties;
    this.renderer = renderer;
    this.evidence = evidence;
    this.tx = new TransactionTemplate(transactions);
    this.tx.setReadOnly(true);
  }

  /** The report's number: one per certificate revision (AR-ECC-2026-000045-R1). */
  public static String reportNumber(Certificate cert) {
    return "AR-" + cert.getNumber() + "-R" + cert.getRevision();
  }

  /**
   * The report of {@code cert}: the one stored for this revision, else rendered and stored now. An
   * issued report stands, so a dossier sent again describes the same file even after the case
   * file moved on (a nonconformity closed in surveillance).
   */
  public Evidence reportFor(Certificate cert) {
    String fileName = reportNumber(cert) + ".pdf";
    for (Evidence e : evidence.forCase(cert.getCaseId())) {
      if (KIND.equals(e.getKind()) && fileName.equals(e.getFileName()) && SUBMITTER.equals(e.getSubmittedBy())) {
        return e;
      }
    }
    AssessmentReportPdfRenderer.View view = tx.execute(s -> view(cert));
    try {
      return evidence.storeRendered(new EvidenceStore.Upload(cert.getCaseId(), KIND, fileName, SUBMITTER, null),
          out -> renderer.render(view, out));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not render the assessment report of " + cert.getDisplayNumber(), e);
    }
  }

  AssessmentReportPdfRenderer.View view(Certificate cert) {
    CertificationCase c = cases.get(cert.getCaseId());
    Decision d =
        decisions.findById(cert.getDecisionId())
            .orElseThrow(() -> new IllegalStateException("Decision of " + cert.getDisplayNumber() + " not found"));
    List<LabReport> labs = new ArrayList<>();
    for (TestReport r : testReports.findByCaseIdOrderByIdAsc(cert.getCaseId())) {
      if (r.getImportedAt().isAfter(d.getDecidedAt())) {
        continue; // the report states what the decision rested on
      }
      labs.add(new LabReport(r.getReportId(), r.getLabName(), r.getLabAccreditation(), r.getMethod(), r.getItemVersion(),
          r.getItemSha256(), r.getTestStarted(), r.getTestEnded(), r.getDecisionRule(), r.getConformity().name(),
          r.getAuthorizer(), results(r.getResultsJson())));
    }
    List<Finding> findings =
        nonconformities.findByCaseIdOrderByIdAsc(cert.getCaseId()).stream()
            .map(n -> new Finding(n.getReference(), n.getRequirementRef(), n.getSeverity().name(), n.getStatus().name(),
                n.getDescription()))
            .toList();
    List<String> standards =
        cert.getStandards() == null || cert.getStandards().isBlank()
            ? certificateProperties.standards()
            : Arrays.stream(cert.getStandards().split(";")).map(String::strip).toList();
    return new AssessmentReportPdfRenderer.View(
        certificateProperties.issuer(),
        reportNumber(cert),
        cert.getCaseId(),
        cert.getDisplayNumber(),
        cert.getExpiresOn(),
        cert.getHolder(),
        c.getApplicant().getRegistrationNumber(),
        c.getProductName(),
        cert.getScope(),
        c.getIntendedPurpose(),
        standards,
        List.copyOf(c.getTargetMarkets()),
        new DecisionView(d.getType().name(), d.getDecidedAt().atZone(ZoneOffset.UTC).toLocalDate(), d.getDecisionMaker(),
            d.getRationale(), d.getConditions()),
        labs,
        findings);
  }

  /** The results array as imported (exportcert.test-report/1): suite, requirement, verdict. */
  private List<Result> results(String resultsJson) {
    List<Result> list = new ArrayList<>();
    try {
      for (JsonNode r : json.readTree(resultsJson == null ? "[]" : resultsJson)) {
        list.add(new Result(r.path("suite").asText(""), r.path("requirement").asText(""), r.path("verdict").asText("")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Stored test results are not JSON", e);
    }
    return list;
  }
}
