package org.exportcert.certification.documentreview;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceIntegrityException;
import org.exportcert.certification.evidence.EvidenceRejectedException;
import org.exportcert.certification.evidence.EvidenceStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Phase 2: completeness of the technical file, evidence registration, evaluator findings. */
@Service
public class DocumentReviewService {

  public static final String FINDINGS_REF = "DF";

  private final CaseService cases;
  private final EvidenceStore evidence;
  private final DocumentRequirements requirements;
  private final DocumentFindingsRepository findings;
  private final AuditTrail audit;
  private final Clock clock;

  public DocumentReviewService(
      CaseService cases,
      EvidenceStore evidence,
      DocumentRequirements requirements,
      DocumentFindingsRepository findings,
      AuditTrail audit,
      Clock clock) {
    this.cases = cases;
    this.evidence = evidence;
    this.requirements = requirements;
    this.findings = findings;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Kinds required for the category and scheme type with no usable evidence yet (empty: complete).
   * Category and scheme type default to the case's own.
   */
  @Transactional(readOnly = true)
  public List<String> missingKinds(String caseId, String category, Integer schemeType) {
    CertificationCase c = cases.get(caseId);
    String cat = category == null || category.isBlank() ? c.getCategory() : category;
    int type = schemeType != null ? schemeType : (c.getSchemeType().name().endsWith("5") ? 5 : 6);
    Set<String> present =
        evidence.forCase(caseId).stream()
            .filter(e -> e.getReviewStatus() != Evidence.ReviewStatus.REJECTED)
            .map(e -> e.getKind().toUpperCase(Locale.ROOT))
            .collect(Collectors.toSet());
    return requirements.requiredFor(cat, type).stream().filter(k -> !present.contains(k)).toList();
  }

  /**
   * Re-reads every newly submitted file from storage, checks its SHA-256 and marks it registered,
   * or rejected when the stored bytes no longer match. Throws when a kind is left with a rejected
   * file and no good one submitted after it.
   *
   * @return ids of the registered evidence of the case
   */
  public List<String> registerEvidence(String caseId, String actor) {
    cases.get(caseId);
    for (Evidence e : evidence.forCase(caseId)) {
      if (e.getReviewStatus() != Evidence.ReviewStatus.SUBMITTED) {
        continue;
      }
      try {
        evidence.verify(e.getId());
        evidence.review(e.getId(), Evidence.ReviewStatus.REGISTERED, actor);
      } catch (EvidenceIntegrityException bad) {
        evidence.review(e.getId(), Evidence.ReviewStatus.REJECTED, actor);
      }
    }
    List<Evidence> all = new ArrayList<>(evidence.forCase(caseId));
    all.sort(Comparator.comparing(Evidence::getSubmittedAt).thenComparing(Evidence::getId));
    List<String> unresolved = new ArrayList<>();
    for (Evidence e : all) {
      if (e.getReviewStatus() == Evidence.ReviewStatus.REJECTED
          && all.stream()
              .noneMatch(
                  later ->
                      later.getKind().equals(e.getKind())
                          && later.getSubmittedAt().isAfter(e.getSubmittedAt())
                          && later.getReviewStatus() != Evidence.ReviewStatus.REJECTED)) {
        unresolved.add(e.getId());
      }
    }
    if (!unresolved.isEmpty()) {
      throw new EvidenceRejectedException(
          EvidenceRejectedException.Reason.INTEGRITY,
          "Stored files do not match their recorded SHA-256: " + String.join(", ", unresolved));
    }
    return all.stream()
        .filter(
            e -> e.getReviewStatus() == Evidence.ReviewStatus.REGISTERED
                || e.getReviewStatus() == Evidence.ReviewStatus.ACCEPTED)
        .map(Evidence::getId)
        .toList();
  }

  /** Stores the evaluator's findings of one review step (once per step). @return DF-... */
  @Transactional
  public String recordFindings(String caseId, String stepKey, String outcome, String text, String actor) {
    var existing = findings.findByStepKey(stepKey);
    if (existing.isPresent()) {
      return Refs.of(FINDINGS_REF, existing.get().getId());
    }
    String code = outcome == null ? "" : outcome.trim().toUpperCase(Locale.ROOT);
    CaseStatus next =
        switch (code) {
          case "CONFORM" -> CaseStatus.TESTING;
          case "INFORMATION_REQUESTED" -> CaseStatus.INFORMATION_REQUESTED;
          default -> throw new IllegalArgumentException("Unknown document review outcome " + outcome);
        };
    DocumentFindings saved =
        findings.save(new DocumentFindings(caseId, stepKey, code, text, actor, clock.instant()));
    audit.record(actor, "documents.findings", CaseService.AUDIT_SUBJECT, caseId, code);
    cases.transition(caseId, next, actor, org.exportcert.certification.audit.Reason.of("audit.reason.document-review", code));
    return Refs.of(FINDINGS_REF, saved.getId());
  }
}
