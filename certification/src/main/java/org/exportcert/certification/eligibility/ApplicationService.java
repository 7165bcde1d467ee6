package org.exportcert.certification.eligibility;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

  public ApplicationService(
      CaseRepository cases,
      ApplicantRepository applicants,
      ProductRepository products,
      CaseService caseService,
      AuditTrail audit,
      Clock clock) {
    this.cases = cases;
    this.applicants = applicants;
    this.products = products;
    this.caseService = caseService;
    this.audit = audit;
    this.clock = clock;
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
    var at = clock.instant();
    Applicant applicant =
        applicants
            .findByRegistrationNumber(form.registrationNumber())
            .map(
                a -> {
                  a.updateContact(
                      form.legalName(), form.address(), form.contactName(), form.contactEmail());
                  return a;
                })
            .orElseGet(
                () ->
                    applicants.save(
                        new Applicant(
                            form.legalName(),
                            form.registrationNumber(),
                            form.address(),
                            form.contactName(),
                            form.contactEmail(),
                            at)));
    applicant.preferLanguage(Languages.supported(contactLanguage));
    Product product =
        products
            .findByApplicantAndName(applicant, form.productName())
            .orElseGet(
                () ->
                    products.save(
                        new Product(applicant, form.productName(), form.deploymentBoundary(), at)));
    var versions = new LinkedHashSet<ProductVersion>();
    for (var v : form.versions()) {
      versions.add(product.addVersion(v.label(), v.modelIdentifiers(), at));
    }
    products.flush(); // cascades the new versions (managed product: no merge copies)
    String id = CaseIds.format(at.atZone(ZoneOffset.UTC).getYear(), cases.nextCaseNumber());
    List<String> markets =
        form.targetMarkets().stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).distinct().toList();
    CertificationCase c =
        cases.save(
            new CertificationCase(
                id,
                form.schemeVersion(),
                form.schemeType(),
                form.category().trim().toUpperCase(Locale.ROOT),
                applicant,
                product,
                versions,
                form.intendedPurpose(),
                markets,
                form.referenceFrameworks() == null ? List.of() : form.referenceFrameworks(),
                form.notLodgedElsewhere(),
                at));
    audit.record(actor, "case.submitted", CaseService.AUDIT_SUBJECT, id, "application received");
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
      caseService.transition(caseId, CaseStatus.ELIGIBILITY_REVIEW, actor, "application recorded");
    }
    return new ApplicationSummary(
        c.getId(),
        c.getCategory(),
        c.getSchemeType(),
        c.getTargetMarkets(),
        c.getReferenceFrameworks(),
        c.isNotLodgedElsewhere());
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
