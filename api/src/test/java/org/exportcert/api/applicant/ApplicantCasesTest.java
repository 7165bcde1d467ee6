package org.exportcert.api.applicant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProgress;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.Role;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.SchemeType;
import org.exportcert.certification.eligibility.ApplicationForm;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.certification.evidence.EvidenceStore;
import org.exportcert.certification.registry.CertificateRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** The applicant's rules: own organisation only, answers only to open requests, the right message. */
class ApplicantCasesTest {

  static final String CASE = "EC-2026-000001";
  static final CurrentUser ALICE =
      new CurrentUser("applicant", EnumSet.of(Role.APPLICANT), "Example AI Ltd");

  ApplicationService applications = mock(ApplicationService.class);
  CaseService caseService = mock(CaseService.class);
  CaseQueries queries = mock(CaseQueries.class);
  CaseProcesses processes = mock(CaseProcesses.class);
  CaseProgress progress = mock(CaseProgress.class);
  AuditTrail audit = mock(AuditTrail.class);
  AppealService appeals = mock(AppealService.class);
  org.exportcert.certification.testing.NonconformityService nonconformities =
      mock(org.exportcert.certification.testing.NonconformityService.class);
  EvidenceStore evidence = mock(EvidenceStore.class);
  org.exportcert.certification.documentreview.DocumentFindingsRepository findings =
      mock(org.exportcert.certification.documentreview.DocumentFindingsRepository.class);
  PlatformTransactionManager tx = mock(PlatformTransactionManager.class);
  org.exportcert.certification.answer.ApplicantAnswers answers =
      mock(org.exportcert.certification.answer.ApplicantAnswers.class);
  ApplicantCases cases;

  @BeforeEach
  void setUp() {
    when(tx.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
    CaseProcessStarts starts = new CaseProcessStarts(processes, caseService,
        mock(org.exportcert.certification.casefile.CaseRepository.class), audit, tx,
        java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(5));
    cases = new ApplicantCases(applications, caseService, queries, processes, progress,
        evidence, mock(CertificateRepository.class), audit, appeals, catalog(), findings,
        mock(org.exportcert.certification.recognition.RecognitionRepository.class),
        mock(org.exportcert.certification.decision.DecisionRepository.class), nonconformities, tx, starts, answers);
  }

  static org.exportcert.api.evidence.EvidenceKinds catalog() {
    return new org.exportcert.api.evidence.EvidenceKinds(new org.exportcert.certification.evidence.EvidenceKindCatalog(),
        new org.springframework.beans.factory.support.StaticListableBeanFactory()
            .getBeanProvider(org.exportcert.certification.documentreview.DocumentRequirements.class));
  }

  /** The case's summary as the queries give it: one version, Singapore, created at the epoch. */
  private void givenCase(String caseId, String product, String category, String stage, String status) {
    when(queries.summary(caseId)).thenReturn(java.util.Optional.of(new org.exportcert.api.cases.CaseSummary(
        caseId, "Org", product, List.of("1.0"), category, "TYPE_6", stage, status,
        List.of("SG"), java.time.Instant.EPOCH, java.time.Instant.EPOCH)));
  }

  @Test
  void theChecklistNamesEveryRequiredKindAndWhatIsStillMissing() {
    String caseId = "EC-2026-000001";
    givenCase(caseId, "Copilot", "AI_SAAS", "DOCUMENT_REVIEW", "AGREEMENT_SIGNED");
    org.exportcert.certification.evidence.Evidence architecture = mock(org.exportcert.certification.evidence.Evidence.class);
    when(architecture.getKind()).thenReturn("ARCHITECTURE");
    when(architecture.getId()).thenReturn("EV-A");
    when(architecture.getReviewStatus()).thenReturn(org.exportcert.certification.evidence.Evidence.ReviewStatus.REGISTERED);
    org.exportcert.certification.evidence.Evidence rejected = mock(org.exportcert.certification.evidence.Evidence.class);
    when(rejected.getKind()).thenReturn("DATA_FLOWS");
    when(rejected.getReviewStatus()).thenReturn(org.exportcert.certification.evidence.Evidence.ReviewStatus.REJECTED);
    when(evidence.forCase(caseId)).thenReturn(List.of(architecture, rejected));

    ApplicantCases.MyCase mine = cases.one(caseId);

    assertThat(mine.requiredDocuments()).extracting(ApplicantCases.RequiredDocument::kind)
        .containsExactly("ARCHITECTURE", "DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION", "API_SPECIFICATION");
    assertThat(mine.requiredDocuments().get(0).present()).isTrue();
    assertThat(mine.requiredDocuments().get(0).evidenceIds()).containsExactly("EV-A");
    assertThat(mine.requiredDocuments().get(0).label()).containsKeys("en", "zh");
    assertThat(mine.missingDocuments()) // a rejected upload does not count
        .containsExactly("DATA_FLOWS", "AI_LIFECYCLE", "SECURITY_ATTESTATION", "API_SPECIFICATION");
  }

  @Test
  void anApplicationNotAcceptedSaysWhy() {
    String caseId = "EC-2026-000002";
    givenCase(caseId, "Twin", "INDUSTRIAL_DIGITAL_TWIN", "CLOSED", "INELIGIBLE");
    org.exportcert.certification.casefile.CaseStatusChange review = mock(org.exportcert.certification.casefile.CaseStatusChange.class);
    when(review.getToStatus()).thenReturn(CaseStatus.ELIGIBILITY_REVIEW);
    when(review.getReason()).thenReturn("IN_SCOPE");
    org.exportcert.certification.casefile.CaseStatusChange refused = mock(org.exportcert.certification.casefile.CaseStatusChange.class);
    when(refused.getToStatus()).thenReturn(CaseStatus.INELIGIBLE);
    when(refused.getReason()).thenReturn("CATEGORY_OUT_OF_SCOPE");
    when(caseService.history(caseId)).thenReturn(List.of(review, refused));

    // the refusal mail sends the applicant to the case "to read the reasons": the case has them
    assertThat(cases.one(caseId).ineligibleReason()).isEqualTo("CATEGORY_OUT_OF_SCOPE");
  }

  static ApplicationForm form(String legalName, String registration) {
    return new ApplicationForm(legalName, registration, null, null, null, "Copilot", null,
        List.of(new ApplicationForm.VersionForm("1.0", null)), "AI_SAAS", SchemeType.values()[0],
        "2026.1", null, List.of("EU"), List.of(), true);
  }

  CertificationCase inStatus(CaseStatus status) {
    CertificationCase c = mock(CertificationCase.class);
    when(c.getStatus()).thenReturn(status);
    when(caseService.get(CASE)).thenReturn(c);
    return c;
  }

  @Test
  void anApplicationForAnotherOrganisationIsRefused() {
    assertThatThrownBy(() -> cases.submit(form("Other Twin GmbH", "HRB-2"), ALICE))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("own organisation");
    verify(applications, never()).submit(any(), anyString(), any());
  }

  @Test
  void aRegistrationNumberHeldByAnotherOrganisationCannotBeTakenOver() {
    when(queries.legalNameOfRegistration("HRB-2")).thenReturn(Optional.of("Other Twin GmbH"));
    assertThatThrownBy(() -> cases.submit(form("Example AI Ltd", "HRB-2"), ALICE))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("another organisation");
    verify(applications, never()).submit(any(), anyString(), any());
  }

  @Test
  void anApplicationStartsTheCaseProcessWithReferencesOnly() {
    CertificationCase c = mock(CertificationCase.class);
    when(c.getId()).thenReturn(CASE);
    when(c.getCategory()).thenReturn("AI_SAAS");
    when(c.getTargetMarkets()).thenReturn(List.of("EU"));
    when(applications.submit(any(), eq("applicant"), any())).thenReturn(c);
    when(queries.summary(CASE)).thenReturn(Optional.of(ApplicantControllerTest.summary()));
    assertThat(cases.submit(form("example ai ltd", "HRB-1"), ALICE).caseId()).isEqualTo(CASE);
    verify(processes).startCase(CASE, "AI_SAAS", List.of("EU"), java.time.Duration.ofSeconds(5));
  }

  CertificationCase submitted() {
    CertificationCase c = mock(CertificationCase.class);
    when(c.getId()).thenReturn(CASE);
    when(c.getCategory()).thenReturn("AI_SAAS");
    when(c.getTargetMarkets()).thenReturn(List.of("EU"));
    when(applications.submit(any(), eq("applicant"), any())).thenReturn(c);
    when(queries.summary(CASE)).thenReturn(Optional.of(ApplicantControllerTest.summary()));
    return c;
  }

  @Test
  void theCaseIsCommittedBeforeTheEngineIsCalledAndNoTransactionIsOpenDuringTheCall() {
    submitted();
    when(processes.startCase(CASE, "AI_SAAS", List.of("EU"), java.time.Duration.ofSeconds(5))).thenReturn(7L);
    cases.submit(form("Example AI Ltd", "HRB-1"), ALICE);
    var order = org.mockito.Mockito.inOrder(tx, applications, processes, caseService);
    order.verify(tx).getTransaction(any());
    order.verify(applications).submit(any(), eq("applicant"), any());
    order.verify(tx).commit(any()); // the case is stored and its connection returned ...
    order.verify(processes).startCase(CASE, "AI_SAAS", List.of("EU"), java.time.Duration.ofSeconds(5)); // ... before the engine call, bounded
    order.verify(tx).getTransaction(any()); // the key is recorded in a short transaction of its own
    order.verify(caseService).processStarted(CASE, 7L);
    order.verify(tx).commit(any());
    verify(audit).record("applicant", "case.process.started", "case", CASE,
        org.exportcert.certification.audit.Reason.of("audit.reason.process-instance", 7L));
  }

  @Test
  void anEngineThatRefusesTheStartDoesNotLoseTheAcknowledgedCase() {
    submitted();
    when(processes.startCase(CASE, "AI_SAAS", List.of("EU"), java.time.Duration.ofSeconds(5)))
        .thenThrow(new io.camunda.client.api.command.ClientException("engine unreachable"));
    // answered with the stored case: a retry by the applicant would make a second one
    assertThat(cases.submit(form("Example AI Ltd", "HRB-1"), ALICE).caseId()).isEqualTo(CASE);
    verify(tx, never()).rollback(any());
    verify(caseService, never()).processStarted(anyString(), org.mockito.ArgumentMatchers.anyLong());
  }

  @Test
  void anAnswerNeedsAnOpenRequestWaitingForIt() {
    inStatus(CaseStatus.INFORMATION_REQUESTED);
    when(progress.of(CASE)).thenReturn(new CaseProgress.Progress(true, List.of(), List.of()));
    assertThatThrownBy(() -> cases.answer(CASE, "DocumentsResubmitted", null, null, null, null, ApplicantCases.Amendment.NONE, ALICE))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("No open request");
    verify(processes, never()).publish(anyString(), anyString(), anyString(), anyMap());
  }

  @Test
  void anAnswerToAnOpenRequestIsPublishedOncePerRequest() {
    inStatus(CaseStatus.INFORMATION_REQUESTED);
    when(progress.of(CASE)).thenReturn(new CaseProgress.Progress(true,
        List.of(new CaseProgress.OpenRequest("DOCUMENTS", "DocumentsResubmitted", "Wait", 42L, null, null, false)),
        List.of()));
    cases.answer(CASE, "DocumentsResubmitted", null, null, null, "see new file", ApplicantCases.Amendment.NONE, ALICE);
    verify(processes).publish("DocumentsResubmitted", CASE, CASE + ":DocumentsResubmitted:42", java.util.Map.of());
    // the note is stored as the answer's own data, under the id the engine deduplicates on
    verify(answers).record(CASE, "DocumentsResubmitted", "see new file", List.of(), "applicant",
        CASE + ":DocumentsResubmitted:42");
  }

  @Test
  void anAnswerToARequestForInformationAmendsTheApplicationBeforeTheRulesReadItAgain() {
    inStatus(CaseStatus.ELIGIBILITY_REVIEW);
    when(progress.of(CASE)).thenReturn(new CaseProgress.Progress(true,
        List.of(new CaseProgress.OpenRequest("INFORMATION", "ApplicationInformationProvided", "Wait", 7L, null, null,
            false, "ISO_IEC_23053_NOT_DOCUMENTED", null)),
        List.of()));
    cases.answer(CASE, "ApplicationInformationProvided", null, null, null, "now documented",
        new ApplicantCases.Amendment(List.of("ISO_IEC_23053"), true), ALICE);
    var order = org.mockito.Mockito.inOrder(applications, processes);
    order.verify(applications).amendDeclarations(CASE, List.of("ISO_IEC_23053"), true, "applicant");
    order.verify(processes).publish("ApplicationInformationProvided", CASE, CASE + ":ApplicationInformationProvided:7",
        java.util.Map.of());
  }

  @Test
  void frameworksGoOnlyWithAnAnswerToARequestForInformation() {
    inStatus(CaseStatus.INFORMATION_REQUESTED);
    assertThatThrownBy(() -> cases.answer(CASE, "DocumentsResubmitted", null, null, null, null,
        new ApplicantCases.Amendment(List.of("ISO_IEC_23053"), false), ALICE))
        .isInstanceOf(ApiProblem.class).hasMessageContaining("request for information");
    verify(applications, never()).amendDeclarations(anyString(), any(), org.mockito.ArgumentMatchers.anyBoolean(), anyString());
    verify(processes, never()).publish(anyString(), anyString(), anyString(), anyMap());
  }

  static org.exportcert.certification.evidence.Evidence stored(String id, String kind, java.time.Instant at) {
    org.exportcert.certification.evidence.Evidence e = mock(org.exportcert.certification.evidence.Evidence.class);
    when(e.getId()).thenReturn(id);
    when(e.getKind()).thenReturn(kind);
    when(e.getSubmittedAt()).thenReturn(at);
    when(e.getReviewStatus()).thenReturn(org.exportcert.certification.evidence.Evidence.ReviewStatus.REGISTERED);
    return e;
  }

  @Test
  void anAnswerCarriesOnlyTheDocumentsUploadedSinceItsRequestOpened() {
    // seen walking the console: answering the surveillance request attached every file of the case
    inStatus(CaseStatus.CERTIFIED);
    var asked = new CaseProgress.OpenRequest("SURVEILLANCE", "SurveillanceDataSubmitted", "Wait", 91L,
        java.time.OffsetDateTime.parse("2027-12-07T00:00:00Z"), null, false);
    when(progress.of(CASE)).thenReturn(new CaseProgress.Progress(true, List.of(asked), List.of()));
    // the engine's clock was moved a year ahead: the request opened "yesterday" on the server's clock
    java.time.Instant opened = java.time.Instant.parse("2026-12-06T10:00:00Z");
    when(progress.openedOnServerClock(asked)).thenReturn(opened);
    var held = List.of(
        stored("EV-OLD", "ARCHITECTURE", opened.minusSeconds(86_400)),
        stored("EV-NEW", "SURVEILLANCE_DATA", opened.plusSeconds(60)),
        stored("EV-LAB", "TEST_REPORT", opened.plusSeconds(120)));
    when(evidence.forCase(CASE)).thenReturn(held);

    cases.answer(CASE, "SurveillanceDataSubmitted", null, null, null, "Q4 data", ApplicantCases.Amendment.NONE, ALICE);

    verify(answers).record(CASE, "SurveillanceDataSubmitted", "Q4 data", List.of("EV-NEW"), "applicant",
        CASE + ":SurveillanceDataSubmitted:91");
  }

  @Test
  void aCorrectiveActionAnsweredFromTheConsoleReachesTheTestingRunThatAsked() {
    // seen walking the console: the lab's nonconformities asked for a corrective action the
    // applicant never saw; the console now shows the request and answers without a testing scope
    inStatus(CaseStatus.TESTING);
    var asked = new CaseProgress.OpenRequest("CORRECTIVE_ACTION", "CorrectiveActionSubmitted", "Wait", 77L, null, null, false);
    when(progress.of(CASE)).thenReturn(new CaseProgress.Progress(true, List.of(asked), List.of()));
    when(progress.correlationKeyOf(CASE, asked)).thenReturn(java.util.Optional.of(CASE + ":BASE"));
    cases.answer(CASE, "CorrectiveActionSubmitted", null, null, null, "isolation fixed", ApplicantCases.Amendment.NONE, ALICE);
    verify(processes).publish("CorrectiveActionSubmitted", CASE + ":BASE", CASE + ":CorrectiveActionSubmitted:77", java.util.Map.of());
  }

  @Test
  void onlyApplicantMessagesCanBeSent() {
    assertThatThrownBy(() -> cases.answer(CASE, "PartnerResponse", null, null, null, null, ApplicantCases.Amendment.NONE, ALICE))
        .isInstanceOf(ApiProblem.class);
  }

  @Test
  void withdrawingBeforeTheDecisionAndAfterAGrantSendDifferentMessages() {
    inStatus(CaseStatus.TESTING);
    assertThat(cases.withdraw(CASE, "retired", ALICE)).isEqualTo("ApplicationWithdrawn");
    inStatus(CaseStatus.CERTIFIED);
    assertThat(cases.withdraw(CASE, "retired", ALICE)).isEqualTo("TerminationRequested");
    inStatus(CaseStatus.WITHDRAWN);
    assertThatThrownBy(() -> cases.withdraw(CASE, "again", ALICE)).isInstanceOf(ApiProblem.class)
        .extracting(e -> ((ApiProblem) e).detailKey()).isEqualTo("problem.case.closed");
    verify(audit, org.mockito.Mockito.times(2))
        .record("applicant", "case.withdrawal.requested", "case", CASE, "retired");
  }

  @Test
  void onlyARefusalCanBeAppealedAndTheGroundsAreStored() {
    String grounds = "The lab report was read against the wrong test plan.";
    inStatus(CaseStatus.TESTING);
    // each refusal names its text, so the applicant reads it in the page's language
    assertThatThrownBy(() -> cases.appeal(CASE, grounds, ALICE)).isInstanceOf(ApiProblem.class)
        .extracting(e -> ((ApiProblem) e).detailKey()).isEqualTo("problem.appeal.not-refused");
    inStatus(CaseStatus.REFUSED);
    assertThatThrownBy(() -> cases.appeal(CASE, "  unfair  ", ALICE)).isInstanceOf(ApiProblem.class)
        .satisfies(e -> assertThat(((ApiProblem) e).detailKey()).isEqualTo("problem.appeal.grounds-too-short"))
        .satisfies(e -> assertThat(((ApiProblem) e).detailArgs()).containsExactly(20));
    verify(appeals, org.mockito.Mockito.never()).lodge(any(), any(), any());
    when(appeals.lodge(CASE, grounds, "applicant")).thenReturn("AP-7");
    assertThat(cases.appeal(CASE, "  " + grounds + "\n", ALICE)).isEqualTo("AP-7");
    verify(appeals).lodge(CASE, grounds, "applicant");
    verify(processes).publish("AppealLodged", CASE, CASE + ":AppealLodged", java.util.Map.of());
  }
}
