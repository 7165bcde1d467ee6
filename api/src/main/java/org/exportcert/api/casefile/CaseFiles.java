package org.exportcert.api.casefile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.certification.answer.ApplicantAnswers;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.exportcert.certification.casefile.StaffRole;
import org.exportcert.certification.decision.DecisionRepository;
import org.exportcert.certification.documentreview.DocumentFindingsRepository;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.registry.CertificateRepository;
import org.exportcert.certification.registry.CertificateService;
import org.exportcert.certification.testing.NonconformityRepository;
import org.exportcert.certification.testing.TestReportRepository;
import org.exportcert.certification.testing.TestRequestRepository;
import org.exportcert.certification.testing.TestingService;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What staff read beside a task: the case's documents, the eligibility rules' result, earlier
 * findings, the test plan and requests, test reports with their nonconformities, decisions and
 * the reviewer's recommendation, the certificate the registrar checks before listing. Records come from the domain; the few results the process keeps
 * only as variables (eligibility check, risk level, recommendation) from the engine.
 */
@Service
public class CaseFiles {

  /** Process variables shown in the case file, in this order. */
  static final List<String> PROCESS_RESULTS =
      List.of("eligibilityCheck", "eligibilityOutcome", "riskLevel", "testSuites", "documentReviewOutcome",
          "reviewRecommendation", "decisionOutcome");

  private final EvidenceStore evidence;
  private final DocumentFindingsRepository findings;
  private final TestRequestRepository requests;
  private final TestReportRepository reports;
  private final NonconformityRepository nonconformities;
  private final DecisionRepository decisions;
  private final CertificateRepository certificates;
  private final CaseProcesses processes;
  private final ObjectMapper json;
  private final StaffAssignmentService staff;
  private final ApplicantAnswers answers;
  /** The configured pools, for a lab's name in the reader's language (null: the name as allocated). */
  private org.exportcert.certification.casefile.StaffProperties pools;

  public CaseFiles(EvidenceStore evidence, DocumentFindingsRepository findings, TestRequestRepository requests,
      TestReportRepository reports, NonconformityRepository nonconformities, DecisionRepository decisions,
      CertificateRepository certificates, CaseProcesses processes, ObjectMapper json,
      StaffAssignmentService staff, ApplicantAnswers answers) {
    this.evidence = evidence;
    this.findings = findings;
    this.requests = requests;
    this.reports = reports;
    this.nonconformities = nonconformities;
    this.decisions = decisions;
    this.certificates = certificates;
    this.processes = processes;
    this.json = json;
    this.staff = staff;
    this.answers = answers;
  }

  @org.springframework.beans.factory.annotation.Autowired(required = false)
  void setPools(org.exportcert.certification.casefile.StaffProperties pools) {
    this.pools = pools;
  }

  /** A lab's name as people of the reader's language read it; the name as allocated otherwise. */
  String labName(String lab, String allocated) {
    String language = LocaleContextHolder.getLocale().getLanguage();
    if (pools != null && lab != null) {
      var configured = pools.organisationOf(lab, language);
      if (configured.isPresent()) {
        return configured.get();
      }
    }
    return allocated != null ? allocated : lab;
  }

  public record Document(String evidenceId, String kind, String fileName, String mediaType, long sizeBytes,
      String sha256, String submittedBy, Instant submittedAt, String reviewStatus) {
    public static Document of(Evidence e) {
      return new Document(e.getId(), e.getKind(), e.getFileName(), e.getMediaType(), e.getSizeBytes(),
          e.getSha256(), e.getSubmittedBy(), e.getSubmittedAt(), e.getReviewStatus().name());
    }
  }

  public record Finding(String outcome, String findings, String recordedBy, Instant recordedAt) {}

  /** lab: the lab's account; labName: its name as allocated (what people read). */
  public record TestPlan(String requestNumber, String scope, String market, List<String> suites, String kind,
      String lab, String labName, Instant requestedAt) {}

  public record Report(String reportId, String requestNumber, String lab, String accreditation, String method,
      LocalDate testedFrom, LocalDate testedTo, String conformity, String authorizedBy, String evidenceId,
      JsonNode results, List<Nc> nonconformities) {}

  public record Nc(String reference, String requirement, String severity, String description, String status,
      LocalDate dueOn) {}

  public record DecisionView(String kind, String type, String decisionMaker, Instant decidedAt,
      String rationale, String conditions) {}

  /** A certificate as issued: what the registrar checks before the listing, and staff later. */
  public record CertificateView(String number, String status, String holder, String scope, String standards,
      LocalDate grantedOn, LocalDate expiresOn, String conditions, String evidenceId) {}

  /** The applicant's answer to a request (message name), the note they wrote with it and the documents named. */
  public record AnswerView(String message, String note, List<String> evidenceIds, String answeredBy,
      Instant answeredAt) {}

  public record CaseFile(String caseId, List<Document> documents, Map<String, JsonNode> processResults,
      List<Finding> findings, List<TestPlan> testRequests, List<Report> testReports,
      List<DecisionView> decisions, List<CertificateView> certificates, List<AnswerView> answers) {}

  /** @param instanceKeys process instances whose variables to read (the task's and the case's root) */
  @Transactional(readOnly = true)
  public CaseFile of(String caseId, Set<Long> instanceKeys) {
    List<Document> docs = evidence.forCase(caseId).stream().map(Document::of).toList();
    List<Finding> found = findings.findByCaseIdOrderByIdAsc(caseId).stream()
        .map(f -> new Finding(f.getOutcome(), f.getFindings(), f.getRecordedBy(), f.getRecordedAt())).toList();
    Map<String, String> labNames = new LinkedHashMap<>();
    staff.forCase(caseId, StaffRole.TEST_ENGINEER).forEach(a -> {
      if (a.getOrganisation() != null) labNames.putIfAbsent(a.getPerson(), a.getOrganisation());
    });
    List<TestPlan> plans = requests.findByCaseIdOrderByIdAsc(caseId).stream()
        .map(r -> new TestPlan(Refs.of(TestingService.REQUEST_REF, r.getId()), r.getScope(), r.getMarket(),
            List.copyOf(r.getTestSuites()), r.getRetestKind(), r.getLab(), labName(r.getLab(), labNames.get(r.getLab())),
            r.getRequestedAt())).toList();
    var ncs = nonconformities.findByCaseIdOrderByIdAsc(caseId);
    List<Report> reps = reports.findByCaseIdOrderByIdAsc(caseId).stream()
        .map(r -> new Report(r.getReportId(),
            r.getTestRequestId() == null ? null : Refs.of(TestingService.REQUEST_REF, r.getTestRequestId()),
            r.getLabName(), r.getLabAccreditation(), r.getMethod(), r.getTestStarted(), r.getTestEnded(),
            r.getConformity() == null ? null : r.getConformity().name(), r.getAuthorizer(), r.getEvidenceId(),
            parse(r.getResultsJson()),
            ncs.stream().filter(n -> r.getId().equals(n.getTestReportId()))
                .map(n -> new Nc(n.getReference(), n.getRequirementRef(), n.getSeverity().name(),
                    n.getDescription(), n.getStatus().name(), n.getDueOn())).toList()))
        .toList();
    List<DecisionView> decided = decisions.findByCaseIdOrderByIdAsc(caseId).stream()
        .map(d -> new DecisionView(d.getKind().name(), d.getType().name(), d.getDecisionMaker(), d.getDecidedAt(),
            d.getRationale(), d.getConditions())).toList();
    List<CertificateView> certs = certificates.findByCaseIdOrderByRevisionAsc(caseId).stream()
        .map(c -> new CertificateView(c.getDisplayNumber(), c.getStatus().name(), c.getHolder(),
            CertificateService.scopeFor(c.getScope(),
                LocaleContextHolder.getLocale()),
            c.getStandards(), c.getGrantedOn(), c.getExpiresOn(), c.getConditions(), c.getPdfEvidenceId())).toList();
    return new CaseFile(caseId, docs, processResults(instanceKeys), found, plans, reps, decided, certs, answers(caseId));
  }

  /** The answers as stored with their notes (answers given before V5 were taken over from the audit trail). */
  private List<AnswerView> answers(String caseId) {
    return answers.forCase(caseId).stream()
        .map(a -> new AnswerView(a.getMessage(), a.getNote(), a.getEvidenceIds(), a.getAnsweredBy(), a.getAnsweredAt()))
        .toList();
  }

  private Map<String, JsonNode> processResults(Set<Long> instanceKeys) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String name : PROCESS_RESULTS) {
      for (Long key : new LinkedHashSet<>(instanceKeys)) {
        var value = processes.variable(key, name).map(this::parse).filter(v -> !v.isNull());
        if (value.isPresent()) {
          out.put(name, value.get());
          break;
        }
      }
    }
    return out;
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (Exception e) {
      return json.getNodeFactory().textNode(text);
    }
  }
}
