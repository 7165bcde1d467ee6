package org.exportcert.certification.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.ProductVersion;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.casefile.StaffAssignment;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.exportcert.certification.casefile.StaffRole;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceIntegrityException;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.notification.NotificationTexts;
import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Phase 3: test requests to the allocated lab and the import of its reports (format
 * {@code exportcert.test-report/1}, see docs/domain.md) with their nonconformities. Everyone named
 * in a report as having tested or authorised it is put on the case as test engineer, so the
 * impartiality rule keeps them from reviewing or deciding it.
 */
@Service
public class TestingService {

  public static final String REQUEST_REF = "TQ";
  public static final String REPORT_REF = "TR";
  public static final String NC_REF = "NC";
  public static final String FORMAT = "exportcert.test-report/1";

  private final CaseService cases;
  private final StaffAssignmentService staff;
  private final TestRequestRepository requests;
  private final TestReportRepository reports;
  private final NonconformityRepository nonconformities;
  private final EvidenceStore evidence;
  private final OutboxService outbox;
  private final TestingProperties properties;
  private final AuditTrail audit;
  private final Clock clock;
  private final NotificationTexts texts;
  private final ObjectMapper json = new ObjectMapper();

  public TestingService(
      CaseService cases,
      StaffAssignmentService staff,
      TestRequestRepository requests,
      TestReportRepository reports,
      NonconformityRepository nonconformities,
      EvidenceStore evidence,
      OutboxService outbox,
      TestingProperties properties,
      AuditTrail audit,
      Clock clock,
      NotificationTexts texts) {
    this.cases = cases;
    this.staff = staff;
    this.requests = requests;
    this.reports = reports;
    this.nonconformities = nonconformities;
    this.evidence = evidence;
    this.outbox = outbox;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
    this.texts = texts;
  }

  /** Sends the test plan to the lab allocated to the case (once per step). @return TQ-... */
  @Transactional
  public String requestLabTest(
      String caseId,
      String stepKey,
      String scope,
      String market,
      List<String> suites,
      List<String> requestedSuites,
      String retestKind,
      String actor) {
    var existing = requests.findByStepKey(stepKey);
    if (existing.isPresent()) {
      return Refs.of(REQUEST_REF, existing.get().getId());
    }
    List<StaffAssignment> labs = staff.forCase(caseId, StaffRole.TEST_ENGINEER);
    StaffAssignment lab =
        labs.stream()
            .filter(a -> a.getOrganisation() != null)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No test lab allocated to " + caseId));
    Set<String> plan = new LinkedHashSet<>();
    if (suites != null) plan.addAll(suites);
    if (requestedSuites != null) plan.addAll(requestedSuites);
    String s = scope == null || scope.isBlank() ? "BASE" : scope.toUpperCase(Locale.ROOT);
    String kind = retestKind == null || retestKind.isBlank() ? "INITIAL" : retestKind.toUpperCase(Locale.ROOT);
    TestRequest saved =
        requests.save(
            new TestRequest(caseId, stepKey, s, market, List.copyOf(plan), kind, lab.getPerson(), clock.instant()));
    String ref = Refs.of(REQUEST_REF, saved.getId());
    // staff language is not recorded: the request goes in Chinese and English
    NotificationTexts.Mail mail = texts.toLab(ref, caseId, kind, s, market, plan, FORMAT, null);
    outbox.enqueue(
        "lab-request:" + ref,
        caseId,
        OutboxMessage.Channel.LAB_REQUEST,
        texts.staffAddress(lab.getPerson()),
        mail.subject(),
        mail.body());
    audit.record(actor, "testing.requested", CaseService.AUDIT_SUBJECT, caseId, org.exportcert.certification.audit.Reason.of("audit.reason.testing-requested", ref, kind, plan));
    cases.transition(caseId, CaseStatus.TESTING, actor, org.exportcert.certification.audit.Reason.of("audit.reason.test-request", ref));
    return ref;
  }

  public record ImportResult(
      String testReportId, List<String> nonconformityIds, int majorNonconformityCount, TestReport.Conformity conformity) {

    /** The report shows the item does not (yet) conform: corrective action and retest follow. */
    public boolean failed() {
      return conformity != TestReport.Conformity.PASS || !nonconformityIds.isEmpty();
    }
  }

  /**
   * Imports the report stored as evidence {@code evidenceId}; importing the same report again
   * returns what the first import recorded.
   *
   * @throws TestReportInvalidException the report does not follow the documented format
   */
  @Transactional(noRollbackFor = TestReportInvalidException.class)
  public ImportResult importReport(String caseId, String testRequestRef, String evidenceId, String actor) {
    CertificationCase c = cases.get(caseId);
    Evidence file = evidence.get(evidenceId);
    if (!file.getCaseId().equals(caseId)) {
      throw new TestReportInvalidException(List.of("evidence " + evidenceId + " belongs to another case"));
    }
    JsonNode report;
    try (InputStream in = evidence.open(evidenceId)) {
      report = json.readTree(in);
    } catch (EvidenceIntegrityException e) {
      throw new TestReportInvalidException(List.of("the stored report does not match its hash"));
    } catch (IOException e) {
      throw new TestReportInvalidException(List.of("not JSON: " + e.getMessage()));
    }
    Parsed p = parse(report, c);
    if (!p.problems.isEmpty()) {
      throw new TestReportInvalidException(p.problems);
    }
    var existing = reports.findByCaseIdAndReportId(caseId, p.reportId);
    if (existing.isPresent()) {
      return resultOf(existing.get());
    }
    Long requestId = testRequestRef == null || testRequestRef.isBlank() ? null : Refs.idOf(REQUEST_REF, testRequestRef);
    TestReport saved =
        reports.save(
            new TestReport(
                caseId, p.reportId, requestId, p.labName, p.labAccreditation, p.method, p.itemVersion, p.itemSha256,
                p.from, p.to, report.get("results").toString(), p.decisionRule, p.conformity, p.authorizer,
                evidenceId, clock.instant()));
    for (JsonNode nc : report.path("nonconformities")) {
      var severity = Nonconformity.Severity.valueOf(nc.get("severity").asText().toUpperCase(Locale.ROOT));
      LocalDate found = LocalDate.parse(nc.get("foundOn").asText());
      LocalDate due =
          nc.hasNonNull("dueOn")
              ? LocalDate.parse(nc.get("dueOn").asText())
              : found.plus(severity == Nonconformity.Severity.MAJOR ? properties.majorDue() : properties.minorDue());
      nonconformities.save(
          new Nonconformity(
              caseId, saved.getId(), nc.get("reference").asText(), nc.get("requirement").asText(), severity,
              nc.path("description").asText(null), found, due));
    }
    for (String person : p.people) {
      var already = staff.forCase(caseId).stream().anyMatch(a -> a.getPerson().equals(person) && a.getRole() == StaffRole.TEST_ENGINEER);
      if (!already) {
        staff.assign(
            caseId, person, StaffRole.TEST_ENGINEER, p.labName,
            new StaffAssignmentService.Declaration(org.exportcert.certification.audit.Reason.of(
                "audit.reason.impartiality-statement", p.reportId, p.labName), false),
            actor);
      }
    }
    audit.record(actor, "testing.report.imported", CaseService.AUDIT_SUBJECT, caseId, p.reportId + " " + p.conformity);
    return resultOf(saved);
  }

  /**
   * What stops the import of a stored report, checked without importing it (so a person can be
   * told before the task is completed); empty when the import would take it. A PDF is the lab's
   * signed report document and is kept as evidence, but the results come in format {@link #FORMAT}.
   */
  @Transactional(readOnly = true)
  public List<String> problemsOf(String caseId, String evidenceId) {
    CertificationCase c = cases.get(caseId);
    Evidence file = evidence.get(evidenceId);
    if (!file.getCaseId().equals(caseId)) {
      return List.of("evidence " + evidenceId + " belongs to another case");
    }
    if (!"application/json".equals(file.getMediaType())) {
      return List.of(file.getFileName() + " is " + file.getMediaType() + ": it is kept as the report document,"
          + " but the results must also be uploaded as JSON in format " + FORMAT + " (see docs/domain.md)");
    }
    try (InputStream in = evidence.open(evidenceId)) {
      return parse(json.readTree(in), c).problems;
    } catch (EvidenceIntegrityException e) {
      return List.of("the stored report does not match its hash");
    } catch (IOException e) {
      return List.of(file.getFileName() + " is not JSON: " + e.getMessage());
    }
  }

  /** The suites of the case's latest test plan and the report's results outside it. */
  public record OutsidePlan(List<String> suites, List<String> plan) {}

  /**
   * The suites a JSON report's results name that the case's latest test plan does not hold, or
   * empty when all are planned (or no plan was sent, or the report cannot be read: see {@link
   * #problemsOf}).
   */
  public java.util.Optional<OutsidePlan> suitesOutsidePlan(String caseId, String evidenceId) {
    List<TestRequest> sent = requests.findByCaseIdOrderByIdAsc(caseId);
    if (sent.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<String> plan = sent.get(sent.size() - 1).getTestSuites();
    JsonNode report;
    try (InputStream in = evidence.open(evidenceId)) {
      report = json.readTree(in);
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
    Set<String> outside = new LinkedHashSet<>();
    for (JsonNode res : report.path("results")) {
      String suite = res.path("suite").asText("");
      if (!suite.isBlank() && !plan.contains(suite)) {
        outside.add(suite);
      }
    }
    return outside.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new OutsidePlan(List.copyOf(outside), plan));
  }

  private ImportResult resultOf(TestReport r) {
    List<Nonconformity> ncs =
        nonconformities.findByCaseIdOrderByIdAsc(r.getCaseId()).stream()
            .filter(n -> r.getId().equals(n.getTestReportId()))
            .toList();
    return new ImportResult(
        Refs.of(REPORT_REF, r.getId()),
        ncs.stream().map(n -> Refs.of(NC_REF, n.getId())).toList(),
        (int) ncs.stream().filter(n -> n.getSeverity() == Nonconformity.Severity.MAJOR).count(),
        r.getConformity());
  }

  private static final class Parsed {
    final List<String> problems = new ArrayList<>();
    final Set<String> people = new LinkedHashSet<>();
    String reportId, labName, labAccreditation, method, itemVersion, itemSha256, decisionRule, authorizer;
    LocalDate from, to;
    TestReport.Conformity conformity;
  }

  /** Checks the report against the documented format; collects every problem, not just the first. */
  private Parsed parse(JsonNode r, CertificationCase c) {
    Parsed p = new Parsed();
    if (!r.isObject()) {
      p.problems.add("the report is not a JSON object");
      return p;
    }
    if (!FORMAT.equals(r.path("format").asText())) {
      p.problems.add("format must be " + FORMAT);
    }
    if (r.hasNonNull("caseId") && !c.getId().equals(r.get("caseId").asText())) {
      p.problems.add("caseId " + r.get("caseId").asText() + " is not " + c.getId());
    }
    p.reportId = text(r, "reportId", p);
    p.labName = text(r.path("lab"), "lab.name", "name", p);
    p.labAccreditation = text(r.path("lab"), "lab.accreditation", "accreditation", p);
    p.method = text(r, "method", p);
    p.itemVersion = text(r.path("item"), "item.productVersion", "productVersion", p);
    p.itemSha256 = r.path("item").path("sha256").asText(null);
    if (p.itemSha256 != null && !p.itemSha256.matches("[0-9a-f]{64}")) {
      p.problems.add("item.sha256 must be 64 lower-case hex digits");
    }
    if (p.itemVersion != null
        && c.getProductVersions().stream().map(ProductVersion::getVersionLabel).noneMatch(p.itemVersion::equals)) {
      p.problems.add("item.productVersion " + p.itemVersion + " is not a version under certification");
    }
    p.from = date(r, "testedFrom", p);
    p.to = date(r, "testedTo", p);
    if (p.from != null && p.to != null && p.to.isBefore(p.from)) {
      p.problems.add("testedTo is before testedFrom");
    }
    p.decisionRule = text(r, "decisionRule", p);
    p.authorizer = text(r, "authorizedBy", p);
    String conformity = text(r, "conformity", p);
    if (conformity != null) {
      try {
        p.conformity = TestReport.Conformity.valueOf(conformity.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        p.problems.add("conformity must be PASS, FAIL or INCONCLUSIVE");
      }
    }
    if (!r.path("results").isArray() || r.path("results").isEmpty()) {
      p.problems.add("results must be a non-empty array");
    } else {
      int i = 0;
      for (JsonNode res : r.get("results")) {
        if (!res.hasNonNull("suite") || !res.hasNonNull("verdict")) {
          p.problems.add("results[" + i + "] needs suite and verdict");
        }
        i++;
      }
    }
    if (!r.path("testedBy").isArray() || r.path("testedBy").isEmpty()) {
      p.problems.add("testedBy must name at least one person");
    } else {
      r.get("testedBy").forEach(n -> p.people.add(n.asText()));
    }
    if (p.authorizer != null) {
      p.people.add(p.authorizer);
    }
    JsonNode ncs = r.path("nonconformities");
    if (!ncs.isMissingNode() && !ncs.isArray()) {
      p.problems.add("nonconformities must be an array");
    } else {
      int i = 0;
      Set<String> refs = new LinkedHashSet<>();
      for (JsonNode nc : ncs) {
        String at = "nonconformities[" + i++ + "]";
        if (!nc.hasNonNull("reference") || !nc.hasNonNull("requirement") || !nc.hasNonNull("foundOn")) {
          p.problems.add(at + " needs reference, requirement and foundOn");
          continue;
        }
        if (!refs.add(nc.get("reference").asText())) {
          p.problems.add(at + " repeats reference " + nc.get("reference").asText());
        }
        String sev = nc.path("severity").asText("");
        if (!sev.equalsIgnoreCase("MAJOR") && !sev.equalsIgnoreCase("MINOR")) {
          p.problems.add(at + ".severity must be MAJOR or MINOR");
        }
        for (String d : new String[] {"foundOn", "dueOn"}) {
          if (nc.hasNonNull(d)) {
            try {
              LocalDate.parse(nc.get(d).asText());
            } catch (DateTimeParseException e) {
              p.problems.add(at + "." + d + " is not a date (yyyy-mm-dd)");
            }
          }
        }
      }
    }
    return p;
  }

  private static String text(JsonNode node, String field, Parsed p) {
    return text(node, field, field, p);
  }

  private static String text(JsonNode node, String label, String field, Parsed p) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      p.problems.add(label + " is required");
      return null;
    }
    return v.asText();
  }

  private static LocalDate date(JsonNode node, String field, Parsed p) {
    String t = text(node, field, p);
    if (t == null) {
      return null;
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      p.problems.add(field + " is not a date (yyyy-mm-dd)");
      return null;
    }
  }
}
