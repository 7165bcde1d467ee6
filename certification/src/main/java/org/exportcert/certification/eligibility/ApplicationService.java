package org.exportcert.certification.eligibility;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.Applicant;
import org.exportcert.certification.casefile.ApplicantRepository;
import org.exportcert.certification.casefile.CaseIds;
import org.exportcert.certification.casefile.CaseRepository;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.Product;
import org.exportcert.certification.casefile.ProductRepository;
import org.exportcert.certification.casefile.ProductVersion;
import org.exportcert.certification.casefile.SchemeType;
import org.exportcert.certification.notification.Languages;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Phase 1: an application becomes a case; eligibility review accepts or refuses it. */
@Service
public class ApplicationService {

  private final CaseRepository cases;
  private final ApplicantRepository applicants;
  private final ProductRepository products;
  private final CaseService caseService;
  private final AuditTrail audit;
  private final Clock clock;
  private final SchemeCatalog catalog;

  public ApplicationService(
      CaseRepository cases,
      ApplicantRepository applicants,
      ProductRepository products,
      CaseService caseService,
      AuditTrail audit,
      Clock clock,
      SchemeCatalog catalog) {
    this.cases = cases;
    this.applicants = applicants;
    this.products = products;
    this.caseService = caseService;
    this.audit = audit;
    this.clock = clock;
    this.catalog = catalog;
  }

  /**
   * Opens a case for a submitted application. The applicant and product are matched by
   * registration number and name, so a vendor's second application reuses them.
   */
  @Transactional
  public CertificationCase submit(ApplicationForm form, String actor) {
    return submit(form, actor, null);
  }

  /**
   * @param contactLanguage the language the application was written in (zh or en, see {@link
   *     Languages}); notifications use it, null keeps
   *     the one known
   */
  @Transactional
  public CertificationCase submit(ApplicationForm form, String actor, String contactLanguage) {
    List<SchemeCatalog.CodeProblem> unknownCodes = catalog.problems(form);
    if (!unknownCodes.isEmpty()) {
      throw new InvalidApplicationException(unknownCodes);
    }
    var at = clock.instant();
    // insert-if-absent first: two first applications of one organisation (or product, or
    // version) at once must both succeed, not race on the unique keys
    applicants.insertIfAbsent(form.legalName(), form.registrationNumber(), form.address(),
        form.contactName(), form.contactEmail(), at);
    Applicant applicant = applicants.findByRegistrationNumber(form.registrationNumber()).orElseThrow();
    applicant.updateContact(form.legalName(), form.address(), form.contactName(), form.contactEmail());
    applicant.preferLanguage(Languages.supported(contactLanguage));
    products.insertIfAbsent(applicant.getId(), form.productName(), form.deploymentBoundary(), at);
    Product product = products.findByApplicantAndName(applicant, form.productName()).orElseThrow();
    for (var v : form.versions()) {
      products.insertVersionIfAbsent(product.getId(), v.label(), v.modelIdentifiers(), at);
    }
    // the versions collection loads on first use below, after the inserts
    var versions = new LinkedHashSet<ProductVersion>();
    for (var v : form.versions()) {
      versions.add(product.addVersion(v.label(), v.modelIdentifiers(), at));
    }
    String id = CaseIds.format(at.atZone(ZoneOffset.UTC).getYear(), cases.nextCaseNumber());
    List<String> markets = form.targetMarkets().stream().map(SchemeCatalog::code).distinct().toList();
    CertificationCase c =
        cases.save(
            new CertificationCase(
                id,
                form.schemeVersion(),
                form.schemeType(),
                SchemeCatalog.code(form.category()),
                applicant,
                product,
                versions,
                form.intendedPurpose(),
                markets,
                form.referenceFrameworks() == null ? List.of()
                    : form.referenceFrameworks().stream().map(SchemeCatalog::code).distinct().toList(),
                form.notLodgedElsewhere(),
                at));
    audit.record(actor, "case.submitted", CaseService.AUDIT_SUBJECT, id, org.exportcert.certification.audit.Reason.of("audit.reason.application-received"));
    return c;
  }

  /** What the eligibility rules (DMN) need: references and codes, no personal data. */
  public record ApplicationSummary(
      String caseId,
      String category,
      SchemeType schemeType,
      List<String> targetMarkets,
      List<String> referenceFrameworks,
      boolean notLodgedElsewhere) {}

  /** The process took the application up: the case enters eligibility review (idempotent). */
  @Transactional
  public ApplicationSummary recordApplication(String caseId, String actor) {
    CertificationCase c = caseService.lock(caseId);
    if (c.getStatus() == CaseStatus.SUBMITTED) {
      caseService.transition(caseId, CaseStatus.ELIGIBILITY_REVIEW, actor, org.exportcert.certification.audit.Reason.of("audit.reason.application-recorded"));
    }
    return new ApplicationSummary(
        c.getId(),
        c.getCategory(),
        c.getSchemeType(),
        c.getTargetMarkets(),
        c.getReferenceFrameworks(),
        c.isNotLodgedElsewhere());
  }

  /**
   * The applicant's answer to a request for information adds the frameworks it now documents and
   * gives the declaration; the eligibility rules read them again when the process goes on. Only
   * while eligibility is under way, only codes of the scheme (400 naming the field otherwise).
   *
   * @return whether anything changed (an answer repeating what is there records nothing)
   */
  @Transactional
  public boolean amendDeclarations(String caseId, List<String> addedFrameworks, boolean declarationGiven, String actor) {
    List<String> added = addedFrameworks == null ? List.of() : addedFrameworks;
    List<SchemeCatalog.CodeProblem> unknown = catalog.frameworkProblems(added);
    if (!unknown.isEmpty()) {
      throw new InvalidApplicationException(unknown);
    }
    CertificationCase c = caseService.lock(caseId);
    if (c.getStatus() != CaseStatus.SUBMITTED && c.getStatus() != CaseStatus.ELIGIBILITY_REVIEW) {
      throw new org.exportcert.certification.casefile.BusinessRuleException("PAST_ELIGIBILITY",
          "Case " + caseId + " is past eligibility (" + c.getStatus() + "): the application can no longer be amended.");
    }
    List<String> codes = added.stream().map(SchemeCatalog::code).distinct()
        .filter(code -> !c.getReferenceFrameworks().contains(code)).toList();
    boolean declaration = declarationGiven && !c.isNotLodgedElsewhere();
    if (codes.isEmpty() && !declaration) {
      return false;
    }
    c.amendDeclarations(codes, declaration, clock.instant());
    if (!codes.isEmpty()) {
      audit.record(actor, "application.amended", CaseService.AUDIT_SUBJECT, caseId,
          org.exportcert.certification.audit.Reason.of("audit.reason.frameworks-added", String.join(", ", codes)));
    }
    if (declaration) {
      audit.record(actor, "application.amended", CaseService.AUDIT_SUBJECT, caseId,
          org.exportcert.certification.audit.Reason.of("audit.reason.declaration-given"));
    }
    return true;
  }

  /** Eligibility outcome: accepted cases go on to document review; refused ones close. */
  @Transactional
  public void recordEligibility(String caseId, boolean eligible, String reasons, String actor) {
    caseService.transition(
        caseId,
        eligible ? CaseStatus.ACCEPTED : CaseStatus.INELIGIBLE,
        actor,
        reasons);
  }

  /** The applicant withdrew before a decision; after one, it is a termination. */
  @Transactional
  public void withdraw(String caseId, String reason, String actor) {
    CertificationCase c = caseService.lock(caseId);
    CaseStatus next =
        switch (c.getStatus()) {
          case GRANTED, CERTIFIED, CHANGE_ACCEPTED, SUSPENDED -> CaseStatus.TERMINATED;
          default -> CaseStatus.WITHDRAWN;
        };
    caseService.transition(caseId, next, actor, reason);
  }
}
