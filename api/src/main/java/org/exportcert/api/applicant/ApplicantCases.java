package org.exportcert.api.applicant;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.evidence.EvidenceKinds;
import org.exportcert.certification.casefile.CaseStatusChange;
import org.exportcert.certification.documentreview.DocumentFindingsRepository;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.exportcert.certification.recognition.RecognitionRepository;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProgress;
import org.exportcert.api.process.Messages;
import org.exportcert.api.process.WaitingPoint;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.certification.answer.ApplicantAnswers;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.certification.testing.NonconformityService;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.notification.Languages;
import org.exportcert.certification.registry.Certificate;
import org.exportcert.certification.registry.CertificateRepository;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The applicant's side of a case. Callers have checked ownership through {@link CaseAccess}. */
@Service
public class ApplicantCases {

  /** The shortest grounds an appeal is taken with (the console says so beside the field). */
  static final int MIN_GROUNDS = 20;

  private final ApplicationService applications;
  private final CaseService cases;
  private final CaseQueries queries;
  private final CaseProcesses processes;
  private final CaseProgress progress;
  private final EvidenceStore evidence;
  private final CertificateRepository certificates;
  private final AuditTrail audit;
  private final AppealService appeals;
  private final NonconformityService nonconformities;
  private final EvidenceKinds kinds;
  private final DocumentFindingsRepository findings;
  private final RecognitionRepository recognitions;
  private final org.exportcert.certification.decision.DecisionRepository decisions;
  private final TransactionTemplate tx;
  private final CaseProcessStarts starts;
  private final ApplicantAnswers answers;

  public ApplicantCases(
      ApplicationService applications,
      CaseService cases,
      CaseQueries queries,
      CaseProcesses processes,
      CaseProgress progress,
      EvidenceStore evidence,
      CertificateRepository certificates,
      AuditTrail audit,
      AppealService appeals,
      EvidenceKinds kinds,
      DocumentFindingsRepository findings,
      RecognitionRepository recognitions,
      org.exportcert.certification.decision.DecisionRepository decisions,
      NonconformityService nonconformities,
      PlatformTransactionManager transactions,
      CaseProcessStarts starts,
      ApplicantAnswers answers) {
    this.nonconformities = nonconformities;
    this.starts = starts;
    this.answers = answers;
    this.recognitions = recognitions;
    this.decisions = decisions;
    this.kinds = kinds;
    this.findings = findings;
    this.applications = applications;
    this.cases = cases;
    this.queries = queries;
    this.processes = processes;
    this.progress = progress;
    this.evidence = evidence;
    this.certificates = certificates;
    this.audit = audit;
    this.appeals = appeals;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * @param requiredDocuments the checklist: every kind the application must hold, and whether it does
   * @param missingDocuments the required kinds still missing (the reason of a documents request)
   * @param reviewFindings what the evaluator asked for when the documents did not conform
   * @param certificateIssued whether {@code /certificate} has one to show (no probing for a 404)
   * @param decisions the decisions taken on the case with their reasons and conditions (the
   *     applicant is told why, and appeals against a reason they can read); not who took them
   * @param nonconformities what the lab found, open or closed: what a corrective action answers
   * @param appeal the appeal against the latest refusal once lodged (null before): the applicant
   *     sees it is under way instead of a refusal that looks unanswered
   * @param ineligibleReason why the application was not accepted (the reviewer's or the rules'
   *     reason code), once the case closed as INELIGIBLE: what the refusal mail sends them to read
   */
  public record MyCase(
      CaseSummary summary, CaseProgress.Progress progress, List<RequiredDocument> requiredDocuments,
      List<String> missingDocuments, String reviewFindings, boolean certificateIssued,
      List<RecognitionView> recognitions, List<DecisionView> decisions,
      List<NonconformityView> nonconformities, AppealView appeal, String ineligibleReason) {}

  /** A nonconformity the lab found, as the applicant corrects it. */
  public record NonconformityView(
      String reference, String severity, String requirement, String description, LocalDate foundOn,
      LocalDate dueOn, String status) {}

  /** The applicant's appeal: when, on which grounds, and whether it is still being handled. */
  public record AppealView(java.time.Instant lodgedAt, String grounds, String status, boolean againstLatestDecision) {}

  /** A decision as the applicant reads it. */
  public record DecisionView(String kind, String type, java.time.Instant decidedAt, String rationale, String conditions) {}

  /** Recognition abroad per target market; NO_ARRANGEMENT when no partner body answers for it. */
  public record RecognitionView(String market, String partnerBody, String arrangement, String outcome, String partnerReference) {}

  /** One line of the checklist, with the uploads of that kind. */
  public record RequiredDocument(
      String kind, Map<String, String> label, Map<String, String> hint, boolean present, List<String> evidenceIds) {}

  /**
   * Stores the case (committed: the submission is acknowledged from here on), then starts its
   * process outside the transaction, so no database connection waits for the engine. A start that
   * fails or is cut by a crash is retried by {@link CaseProcessStarts#startMissed()}.
   */
  public CaseSummary submit(ApplicationForm form, CurrentUser user) {
    if (user.organisation() == null || user.organisation().isBlank()) {
      throw ApiProblem.forbidden("Your account is not linked to an organisation.");
    }
    if (!CaseAccess.sameOrganisation(form.legalName(), user.organisation())) {
      throw ApiProblem.forbidden(
          "You apply for your own organisation only: legalName must be '" + user.organisation() + "'.");
    }
    // the domain matches applicants by registration number and updates their name: never let
    // one organisation rename (and so take over) another's applicant record
    queries
        .legalNameOfRegistration(form.registrationNumber())
        .filter(existing -> !CaseAccess.sameOrganisation(existing, user.organisation()))
        .ifPresent(existing -> {
          throw ApiProblem.conflict(
              "Registration number " + form.registrationNumber() + " belongs to another organisation.");
        });
    // the language of this request is the one the applicant's mail is written in
    CertificationCase c =
        tx.execute(s -> applications.submit(form, user.username(), Languages.of(LocaleContextHolder.getLocale())));
    String caseId = c.getId();
    starts.startNow(c, user.username()); // no connection held while the engine answers
    return queries.summary(caseId).orElseThrow();
  }

  /** One page of the caller's organisation's cases, newest first, narrowed by text and status (each may be null). */
  public CaseQueries.Page<CaseSummary> mine(CurrentUser user, String text, String status, int page, int size) {
    return user.organisation() == null ? new CaseQueries.Page<>(List.of(), 0, page, size)
        : queries.ofOrganisation(user.organisation(), text, status, page, size);
  }

  public MyCase one(String caseId) {
    CaseSummary summary = queries.summary(caseId).orElseThrow();
    List<Evidence> held = evidence.forCase(caseId).stream()
        .filter(e -> e.getReviewStatus() != Evidence.ReviewStatus.REJECTED).toList();
    int schemeType = "TYPE_5".equals(summary.schemeType()) ? 5 : 6;
    List<RequiredDocument> checklist = kinds.requiredFor(summary.category(), schemeType).stream()
        .map(k -> {
          List<String> ids = held.stream().filter(e -> k.code().equals(e.getKind())).map(Evidence::getId).toList();
          return new RequiredDocument(k.code(), k.label(), k.hint(), !ids.isEmpty(), ids);
        })
        .toList();
    List<String> missing = checklist.stream().filter(r -> !r.present()).map(RequiredDocument::kind).toList();
    String findings = this.findings.findByCaseIdOrderByIdAsc(caseId).stream()
        .reduce((a, b) -> b)
        .filter(f -> !"CONFORM".equals(f.getOutcome()))
        .map(f -> f.getFindings() == null ? "" : f.getFindings())
        .orElse(null);
    List<RecognitionView> abroad = recognitions.findByCaseIdOrderByMarketAsc(caseId).stream()
        .map(r -> new RecognitionView(r.getMarket(), r.getPartnerBody(), r.getArrangement(),
            r.getOutcome() == null ? null : r.getOutcome().name(), r.getPartnerReference()))
        .toList();
    List<DecisionView> decided = decisions.findByCaseIdOrderByIdAsc(caseId).stream()
        .map(d -> new DecisionView(d.getKind().name(), d.getType().name(), d.getDecidedAt(), d.getRationale(),
            d.getConditions()))
        .toList();
    List<NonconformityView> found = nonconformities.forCase(caseId).stream()
        .map(n -> new NonconformityView(n.getReference(), n.getSeverity().name(), n.getRequirementRef(),
            n.getDescription(), n.getFoundOn(), n.getDueOn(), n.getStatus().name()))
        .toList();
    Long latestDecision = decisions.findByCaseIdOrderByIdAsc(caseId).stream()
        .reduce((a, b) -> b).map(org.exportcert.certification.decision.Decision::getId).orElse(null);
    AppealView appeal = appeals.latest(caseId)
        .map(a -> new AppealView(a.getLodgedAt(), a.getGrounds(), a.getStatus(),
            a.getDecisionId() != null && a.getDecisionId().equals(latestDecision)))
        .orElse(null);
    String ineligible = CaseStatus.INELIGIBLE.name().equals(summary.status())
        ? cases.history(caseId).stream().filter(c -> c.getToStatus() == CaseStatus.INELIGIBLE)
            .reduce((a, b) -> b).map(CaseStatusChange::getReason).orElse(null)
        : null;
    return new MyCase(summary, progress.of(caseId), checklist, missing, findings, certificate(caseId).isPresent(), abroad,
        decided, found, appeal, ineligible);
  }

  public Evidence upload(
      String caseId, String kind, String fileName, LocalDate validUntil, InputStream content,
      CurrentUser user) throws IOException {
    requireOpen(caseId);
    return evidence.store(
        new EvidenceStore.Upload(caseId, kind, fileName, user.username(), validUntil), content);
  }

  /** An upload whose size (and optionally SHA-256) the client declared: stored in one write. */
  public Evidence uploadDeclared(
      String caseId, String kind, String fileName, LocalDate validUntil, InputStream content,
      long size, String sha256, CurrentUser user) throws IOException {
    requireOpen(caseId);
    EvidenceStore.Upload upload =
        new EvidenceStore.Upload(caseId, kind, fileName, user.username(), validUntil);
    return sha256 == null
        ? evidence.store(upload, content)
        : evidence.storeDeclared(upload, content, size, sha256);
  }

  public List<Evidence> documents(String caseId) {
    return evidence.forCase(caseId);
  }

  /**
   * What an answer to a request for information adds to the application: frameworks the applicant
   * now documents and the declaration, which the eligibility rules read again.
   */
  public record Amendment(List<String> referenceFrameworks, boolean notLodgedElsewhere) {
    public static final Amendment NONE = new Amendment(null, false);

    boolean isEmpty() {
      return (referenceFrameworks == null || referenceFrameworks.isEmpty()) && !notLodgedElsewhere;
    }
  }

  /**
   * Publishes the catalog message that ends the wait; a request must be open for it. An amendment of
   * the application goes only with the answer to a request for information.
   */
  public void answer(
      String caseId, String message, String testingScope, String market, List<String> evidenceIds,
      String note, Amendment amendment, CurrentUser user) {
    if (!Messages.APPLICANT_ANSWERS.contains(message)) {
      throw ApiProblem.invalid("Not an answer an applicant can give: " + message);
    }
    if (!amendment.isEmpty() && !Messages.APPLICATION_INFORMATION_PROVIDED.equals(message)) {
      throw ApiProblem.invalid("referenceFrameworks and notLodgedElsewhere answer a request for information ("
          + Messages.APPLICATION_INFORMATION_PROVIDED + ") only.");
    }
    requireOpen(caseId);
    requireOwnEvidence(caseId, evidenceIds);
    String messageId = caseId + ":" + message + ":" + UUID.randomUUID();
    Optional<WaitingPoint> waiting = WaitingPoint.ofMessage(message);
    CaseProgress.OpenRequest open = null;
    if (waiting.isPresent() && (testingScope == null || !Messages.CORRECTIVE_ACTION_SUBMITTED.equals(message))) {
      open =
          progress.of(caseId).openRequests().stream()
              .filter(r -> r.message().equals(message))
              .findFirst()
              .orElseThrow(() -> ApiProblem.conflict("No open request on " + caseId + " waits for " + message)
                  .detailKey("problem.answer.no-open-request", caseId));
      messageId = caseId + ":" + message + ":" + open.elementInstanceKey(); // a double submit is one answer
    }
    String key = caseId;
    if (Messages.CORRECTIVE_ACTION_SUBMITTED.equals(message)) {
      if (testingScope == null && open != null) {
        // the console answers the request it shows: the run that asked is found from the request
        final CaseProgress.OpenRequest asked = open;
        key = progress.correlationKeyOf(caseId, asked)
            .orElseThrow(() -> ApiProblem.conflict("No open request on " + caseId + " waits for " + message)
                  .detailKey("problem.answer.no-open-request", caseId));
      } else if (testingScope == null || !testingScope.matches("[A-Z_]{1,32}")) {
        throw ApiProblem.invalid("testingScope (e.g. BASE) is required for corrective action.");
      } else {
        key = caseId + ":" + testingScope + (market == null ? "" : ":" + market.toUpperCase());
      }
    }
    final String correlationKey = key;
    final String id = messageId;
    // the answer's evidence is what was chosen for it, else what was uploaded since the request opened
    final List<String> attached = evidenceIds != null ? evidenceIds : uploadedSince(caseId, open);
    // the note is stored with the answer in the transaction that publishes it: no answer without its note
    tx.executeWithoutResult(s -> {
      if (!amendment.isEmpty()) {
        applications.amendDeclarations(caseId, amendment.referenceFrameworks(), amendment.notLodgedElsewhere(),
            user.username());
      }
      answers.record(caseId, message, note, attached, user.username(), id);
      processes.publish(message, correlationKey, id, Map.of());
    });
  }

  /** Before the decision a withdrawal; after a grant it ends the certification (termination). */
  public String withdraw(String caseId, String reason, CurrentUser user) {
    CaseStatus status = cases.get(caseId).getStatus();
    if (status.isFinal()) {
      throw ApiProblem.conflict("Case " + caseId + " is closed (" + status + ").")
          .detailKey("problem.case.closed", caseId);
    }
    String message =
        switch (status) {
          case GRANTED, CERTIFIED, CHANGE_ACCEPTED, SUSPENDED -> Messages.TERMINATION_REQUESTED;
          case REFUSED -> throw ApiProblem.conflict(
              "Case " + caseId + " was refused: appeal, or let the appeal window pass.")
              .detailKey("problem.case.refused-not-withdrawn", caseId);
          default -> Messages.APPLICATION_WITHDRAWN;
        };
    tx.executeWithoutResult(s -> {
      audit.record(user.username(), "case.withdrawal.requested", CaseService.AUDIT_SUBJECT, caseId, reason);
      processes.publish(message, caseId, caseId + ":" + message, Map.of());
    });
    return message;
  }

  /**
   * Stores the appeal with its grounds against the refusal, then tells the process; the appeals
   * handler reads the grounds beside the task.
   *
   * @return the appeal reference
   */
  public String appeal(String caseId, String grounds, CurrentUser user) {
    CaseStatus status = cases.get(caseId).getStatus();
    if (status != CaseStatus.REFUSED) {
      throw ApiProblem.conflict("Only a refusal can be appealed; case " + caseId + " is " + status + ".")
          .detailKey("problem.appeal.not-refused", caseId);
    }
    String text = grounds == null ? "" : grounds.strip();
    if (text.length() < MIN_GROUNDS) {
      throw ApiProblem.invalid("Say why the decision is wrong: grounds need at least 20 characters.")
          .detailKey("problem.appeal.grounds-too-short", MIN_GROUNDS);
    }
    return tx.execute(s -> {
      String appealId = appeals.lodge(caseId, text, user.username());
      audit.record(user.username(), "case.appeal.lodged", CaseService.AUDIT_SUBJECT, caseId,
          appealId + ": " + text);
      processes.publish(Messages.APPEAL_LODGED, caseId, caseId + ":" + Messages.APPEAL_LODGED, Map.of());
      return appealId;
    });
  }

  public Optional<Certificate> certificate(String caseId) {
    return certificates.findFirstByCaseIdOrderByRevisionDesc(caseId);
  }

  public Evidence certificatePdf(String caseId) {
    Certificate c =
        certificate(caseId).orElseThrow(() -> ApiProblem.notFound("No certificate for " + caseId));
    if (c.getPdfEvidenceId() == null) {
      throw ApiProblem.notFound("The certificate document of " + caseId + " is not issued yet.");
    }
    return evidence.get(c.getPdfEvidenceId());
  }

  public InputStream open(Evidence e) {
    return evidence.open(e.getId());
  }

  private void requireOpen(String caseId) {
    CaseStatus status = cases.get(caseId).getStatus();
    if (status.isFinal()) {
      throw ApiProblem.conflict("Case " + caseId + " is closed (" + status + ").")
          .detailKey("problem.case.closed", caseId);
    }
  }

  void requireOwnEvidence(String caseId, List<String> evidenceIds) {
    if (evidenceIds == null) {
      return;
    }
    for (String id : evidenceIds) {
      if (!caseId.equals(evidence.get(id).getCaseId())) {
        throw ApiProblem.invalid("Evidence " + id + " does not belong to " + caseId + ".");
      }
    }
  }

  /**
   * The applicant's documents stored since the request opened (not rejected): the case's earlier
   * files are no evidence of this answer. None without a request (e.g. a change notification).
   */
  List<String> uploadedSince(String caseId, CaseProgress.OpenRequest open) {
    java.time.Instant since = open == null ? null : progress.openedOnServerClock(open);
    if (since == null) {
      return List.of();
    }
    return evidence.forCase(caseId).stream()
        .filter(e -> e.getReviewStatus() != Evidence.ReviewStatus.REJECTED)
        .filter(e -> e.getSubmittedAt() != null && !e.getSubmittedAt().isBefore(since))
        .filter(e -> {
          EvidenceKindCatalog.Kind k = kinds.get(e.getKind());
          return k != null && k.party() == EvidenceKindCatalog.Party.APPLICANT;
        })
        .map(Evidence::getId)
        .limit(org.exportcert.certification.answer.ApplicantAnswers.MAX_EVIDENCE)
        .toList();
  }
}
