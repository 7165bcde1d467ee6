package org.exportcert.bpmn.paths;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;
import static org.exportcert.bpmn.paths.JobStubs.complete;
import static org.exportcert.bpmn.paths.JobStubs.error;

import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 7, the life of a certificate: yearly surveillance, suspension and its end, changes the
 * holder notifies, renewal, expiry and termination. Deadlines pass by moving the engine clock.
 */
class SurveillancePathTest extends PathTest {

  @RegisterExtension static CamundaProcessTestExtension extension = PathTestEngine.extension();

  private Instant now;

  @BeforeEach
  void deployModel() {
    deploy("models/surveillance.bpmn", "models/technical-testing.bpmn", "models/test-plan.dmn",
        "forms/surveillance-evaluation.form", "forms/change-assessment.form",
        "forms/change-decision.form", "forms/renewal-review.form", "forms/renewal-decision.form",
        "forms/restoration-decision.form", "forms/submit-test-report.form",
        "forms/verify-corrective-action.form", "forms/testing-deadline-missed.form",
        "forms/resolve-staffing.form");
    jobs.on("exportcert.notification.notify-applicant", complete(Map.of("notificationId", "N-1")))
        .on("exportcert.registry.suspend-entry", complete(Map.of()))
        .on("exportcert.registry.restore-entry", complete(Map.of()))
        .on("exportcert.registry.withdraw-entry", complete(Map.of()))
        .on("exportcert.case.record-status", complete(Map.of()));
    now = context.getCurrentTime();
    // ExportCert completes the tasks; these paths are about the routes, not the stamp
    jobs.on("exportcert.case.check-completion", complete(Map.of()));
  }

  /** What schedule-next answers: the next surveillance and the opening of the renewal window. */
  private JobStubs.Outcome schedule(long surveillanceInDays, long renewalInDays) {
    return complete(Map.of(
        "nextSurveillanceDue", now.plus(Duration.ofDays(surveillanceInDays)).toString(),
        "renewalWindowOpens", now.plus(Duration.ofDays(renewalInDays)).toString()));
  }

  private ProcessInstanceEvent startCertified(String caseId) {
    Map<String, Object> vars = caseVariables(caseId);
    vars.put("category", "AI_SAAS");
    vars.put("schemeType", 6);
    vars.put("riskLevel", "LOW");
    vars.put("certificateNumber", "C-1");
    vars.put("certificateExpiry", now.plus(Duration.ofDays(3 * 365)).toString());
    vars.put("decisionRecordId", "D-1");
    return start("surveillance", vars);
  }

  /**
   * What the model told schedule-next each time: the outcome of the surveillance evaluated since
   * the last schedule, or nothing, when the dates scheduled before stay (SurveillanceService).
   */
  private List<Object> surveillanceOutcomesScheduledWith() {
    return jobs.received("exportcert.surveillance.schedule-next").stream().map(v -> v.get("surveillanceOutcome")).toList();
  }

  private void terminate(ProcessInstanceEvent instance, String caseId) {
    assertThat(instance).isWaitingForMessage("TerminationRequested", caseId);
    publish("TerminationRequested", caseId);
    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Task_WithdrawOnTermination", "Task_RecordTermination", "EndEvent_Terminated");
  }

  @Test
  void yearlySurveillanceMaintainsTheCertificateAndSchedulesTheNextOne() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000), schedule(730, 2000));
    var instance = startCertified("EC-2026-000600");

    context.increaseTime(Duration.ofDays(366));
    assertThat(instance).isWaitingForMessage("SurveillanceDataSubmitted", "EC-2026-000600");
    publish("SurveillanceDataSubmitted", "EC-2026-000600");
    assertThatUserTask(UserTaskSelectors.byElementId("Task_EvaluateSurveillance")).hasCandidateGroup("evaluators");
    context.completeUserTask("Task_EvaluateSurveillance", Map.of("surveillanceOutcome", "MAINTAIN"));

    assertThat(instance).hasCompletedElement("Task_ScheduleNext", 2)
        .hasCompletedElements("Event_SurveillanceDue", "Task_AwaitSurveillanceData");
    // the surveillance held moves the schedule on to the next anniversary
    Assertions.assertThat(surveillanceOutcomesScheduledWith()).containsExactly(null, "MAINTAIN");
    terminate(instance, "EC-2026-000600");
  }

  @Test
  void missedSurveillanceSuspendsAndAResolvedCauseRestoresWithTheMissedSurveillanceDueAtOnce() {
    // seen on the walk: the restoration pushed the next surveillance a year on; the schedule keeps its date
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000), schedule(365, 2000), schedule(730, 2000))
        .on("exportcert.decision.record-decision", error("IMPARTIALITY_VIOLATION"), complete(Map.of("decisionRecordId", "D-R")));
    var instance = startCertified("EC-2026-000601");

    context.increaseTime(Duration.ofDays(366));
    assertThat(instance).isWaitingForMessage("SurveillanceDataSubmitted", "EC-2026-000601");
    context.increaseTime(Duration.ofDays(31));
    assertThat(instance).hasCompletedElements("Boundary_SurveillanceMissed", "Task_SuspendEntry");
    publish("SuspensionCauseResolved", "EC-2026-000601");
    context.completeUserTask("Task_DecideRestoration", Map.of("restorationDecision", "RESTORE", "decisionRationale", "data received"));
    assertThat(instance).hasCompletedElements("Boundary_RestorationDeciderNotImpartial");
    context.completeUserTask("Task_DecideRestoration", Map.of("restorationDecision", "RESTORE", "decisionRationale", "again"));

    assertThat(instance).hasCompletedElements("Task_RestoreEntry", "Task_NotifyRestored")
        .hasVariable("suspensionReason", "SURVEILLANCE_MISSED");
    // no surveillance took place: scheduled without an outcome, the date passed long ago, and the
    // surveillance missed is asked for again at once, without moving the clock
    assertThat(instance).hasCompletedElement("Task_ScheduleNext", 2).hasCompletedElement("Event_SurveillanceDue", 2)
        .isWaitingForMessage("SurveillanceDataSubmitted", "EC-2026-000601");
    Assertions.assertThat(surveillanceOutcomesScheduledWith()).containsExactly(null, null);
    publish("SurveillanceDataSubmitted", "EC-2026-000601");
    context.completeUserTask("Task_EvaluateSurveillance", Map.of("surveillanceOutcome", "MAINTAIN"));
    assertThat(instance).hasCompletedElement("Task_ScheduleNext", 3);
    Assertions.assertThat(surveillanceOutcomesScheduledWith()).containsExactly(null, null, "MAINTAIN");
    terminate(instance, "EC-2026-000601");
  }

  @Test
  void aSurveillanceHeldThatSuspendsCountsWhenTheCertificateIsRestored() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000), schedule(730, 2000))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-R")));
    var instance = startCertified("EC-2026-000610");

    context.increaseTime(Duration.ofDays(366));
    publish("SurveillanceDataSubmitted", "EC-2026-000610");
    context.completeUserTask("Task_EvaluateSurveillance", Map.of("surveillanceOutcome", "SUSPEND"));
    publish("SuspensionCauseResolved", "EC-2026-000610");
    context.completeUserTask("Task_DecideRestoration", Map.of("restorationDecision", "RESTORE", "decisionRationale", "fixed"));

    assertThat(instance).hasCompletedElements("Task_RestoreEntry").hasCompletedElement("Task_ScheduleNext", 2);
    // that year's surveillance was held: the schedule moves on to the next anniversary
    Assertions.assertThat(surveillanceOutcomesScheduledWith()).containsExactly(null, "SUSPEND");
    terminate(instance, "EC-2026-000610");
  }

  @Test
  void aSuspensionNotResolvedWithinTheLimitEndsInWithdrawal() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000));
    var instance = startCertified("EC-2026-000602");

    context.increaseTime(Duration.ofDays(366));
    publish("SurveillanceDataSubmitted", "EC-2026-000602");
    context.completeUserTask("Task_EvaluateSurveillance", Map.of("surveillanceOutcome", "SUSPEND"));
    assertThat(instance).isWaitingForMessage("SuspensionCauseResolved", "EC-2026-000602");
    context.increaseTime(Duration.ofDays(190));

    assertThat(instance)
        .isCompleted()
        .hasCompletedElements("Boundary_SuspensionLimit", "Task_WithdrawCertificate", "EndEvent_Withdrawn")
        .hasVariable("suspensionReason", "SURVEILLANCE_NONCONFORMITY");
  }

  @Test
  void theCommitteeCanWithdrawInsteadOfRestoring() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-W")));
    var instance = startCertified("EC-2026-000603");

    context.increaseTime(Duration.ofDays(366));
    publish("SurveillanceDataSubmitted", "EC-2026-000603");
    context.completeUserTask("Task_EvaluateSurveillance", Map.of("surveillanceOutcome", "SUSPEND"));
    publish("SuspensionCauseResolved", "EC-2026-000603");
    context.completeUserTask("Task_DecideRestoration", Map.of("restorationDecision", "WITHDRAW", "decisionRationale", "not fixed"));

    assertThat(instance).isCompleted().hasCompletedElements("EndEvent_Withdrawn");
  }

  @Test
  void aChangeWithoutImpactLeavesTheSurveillanceScheduleAsItWas() {
    // seen on the walk: "no impact" pushed the next surveillance a year later (a second schedule)
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000), schedule(730, 2000));
    var instance = startCertified("EC-2026-000604");

    assertThat(instance).isWaitingForMessage("ChangeNotified", "EC-2026-000604");
    publish("ChangeNotified", "EC-2026-000604");
    context.completeUserTask("Task_AssessChange", Map.of("changeImpact", "NO_IMPACT"));

    assertThat(instance).hasCompletedElements("Event_WaitAfterNoImpact", "Event_BackToWaiting")
        .hasCompletedElement("Task_ScheduleNext", 1);
    // the surveillance first scheduled is still due on its day
    context.increaseTime(Duration.ofDays(366));
    assertThat(instance).isWaitingForMessage("SurveillanceDataSubmitted", "EC-2026-000604")
        .hasCompletedElement("Task_ScheduleNext", 1);
  }

  @Test
  void aChangeNeedingTestsIsRetestedDecidedAndTheCertificateReissuedWithTheScheduleKept() {
    // seen on the walk: an accepted change pushed the next surveillance a year on
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000))
        .on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.request-lab-test", complete(Map.of("testRequestId", "TQ-C")))
        .on("exportcert.testing.import-test-report",
            complete(Map.of("testReportId", "TR-C", "nonconformityIds", List.of(), "majorNonconformityCount", 0)))
        .on("exportcert.decision.record-decision", error("IMPARTIALITY_VIOLATION"), complete(Map.of("decisionRecordId", "D-C")))
        .on("exportcert.registry.issue-certificate",
            complete(Map.of("certificateNumber", "C-1-R1", "certificateExpiry", now.plus(Duration.ofDays(1100)).toString())));
    var instance = startCertified("EC-2026-000605");

    publish("ChangeNotified", "EC-2026-000605");
    context.completeUserTask("Task_AssessChange", Map.of("changeImpact", "RETEST_NEEDED"));
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-C"));
    context.completeUserTask("Task_DecideOnChange", Map.of("changeDecision", "ACCEPT_CHANGE", "decisionRationale", "ok"));
    assertThat(instance).hasCompletedElements("Boundary_ChangeDeciderNotImpartial");
    context.completeUserTask("Task_DecideOnChange", Map.of("changeDecision", "ACCEPT_CHANGE", "decisionRationale", "ok"));

    assertThat(instance).hasCompletedElements("CallActivity_ChangeTesting", "Task_ReissueCertificate", "Task_NotifyChangeAccepted")
        .hasVariable("certificateNumber", "C-1-R1")
        .hasCompletedElement("Task_ScheduleNext", 2);
    // the holder is told once, after the re-issue, that the change was accepted (the re-issue sets the status)
    Assertions.assertThat(jobs.received("exportcert.notification.notify-applicant"))
        .extracting(v -> v.get("notificationCode")).containsExactly("CHANGE_ACCEPTED");
    // a change is no surveillance: scheduled without an outcome, the first surveillance stays on its day
    Assertions.assertThat(surveillanceOutcomesScheduledWith()).containsExactly(null, null);
    context.increaseTime(Duration.ofDays(366));
    assertThat(instance).isWaitingForMessage("SurveillanceDataSubmitted", "EC-2026-000605");
  }

  @Test
  void aRejectedChangeSuspendsTheCertificate() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(365, 2000))
        .on("exportcert.case.allocate-staff", complete(Map.of("allocationId", "L-1")))
        .on("exportcert.testing.request-lab-test", complete(Map.of("testRequestId", "TQ-C")))
        .on("exportcert.testing.import-test-report",
            complete(Map.of("testReportId", "TR-C", "nonconformityIds", List.of(), "majorNonconformityCount", 0)))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-S")));
    var instance = startCertified("EC-2026-000606");

    publish("ChangeNotified", "EC-2026-000606");
    context.completeUserTask("Task_AssessChange", Map.of("changeImpact", "RETEST_NEEDED"));
    context.completeUserTask("Task_RunTests", Map.of("testReportEvidenceId", "EV-C"));
    context.completeUserTask("Task_DecideOnChange", Map.of("changeDecision", "SUSPEND", "decisionRationale", "no"));

    assertThat(instance).hasCompletedElements("Task_SuspendEntry")
        .hasVariable("suspensionReason", "CHANGE_NOT_ACCEPTED")
        .isWaitingForMessage("SuspensionCauseResolved", "EC-2026-000606");
  }

  @Test
  void aRenewalRequestedInTheWindowIsGrantedAndSurveillanceContinues() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(2000, 30), schedule(2000, 3000))
        .on("exportcert.decision.record-decision", error("IMPARTIALITY_VIOLATION"), complete(Map.of("decisionRecordId", "D-RN")))
        .on("exportcert.registry.issue-certificate",
            complete(Map.of("certificateNumber", "C-1-R2", "certificateExpiry", now.plus(Duration.ofDays(2200)).toString())));
    var instance = startCertified("EC-2026-000607");

    context.increaseTime(Duration.ofDays(31));
    assertThat(instance).isWaitingForMessage("RenewalRequested", "EC-2026-000607");
    publish("RenewalRequested", "EC-2026-000607");
    context.completeUserTask("Task_ReviewRenewal", Map.of("renewalRecommendation", "RENEW"));
    context.completeUserTask("Task_DecideRenewal", Map.of("renewalDecision", "RENEW", "decisionRationale", "ok"));
    assertThat(instance).hasCompletedElements("Boundary_RenewalDeciderNotImpartial");
    context.completeUserTask("Task_DecideRenewal", Map.of("renewalDecision", "RENEW", "decisionRationale", "ok"));

    assertThat(instance).hasCompletedElements("Task_RenewCertificate", "Task_NotifyRenewed")
        .hasVariable("certificateNumber", "C-1-R2");
    terminate(instance, "EC-2026-000607");
  }

  @Test
  void aRefusedRenewalWithdrawsTheCertificate() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(2000, 30))
        .on("exportcert.decision.record-decision", complete(Map.of("decisionRecordId", "D-NR")));
    var instance = startCertified("EC-2026-000608");

    context.increaseTime(Duration.ofDays(31));
    publish("RenewalRequested", "EC-2026-000608");
    context.completeUserTask("Task_ReviewRenewal", Map.of("renewalRecommendation", "REFUSE"));
    context.completeUserTask("Task_DecideRenewal", Map.of("renewalDecision", "REFUSE", "decisionRationale", "no"));

    assertThat(instance).isCompleted()
        .hasCompletedElements("Task_WithdrawNotRenewed", "Task_NotifyNotRenewed", "EndEvent_NotRenewed");
  }

  @Test
  void aCertificateNotRenewedBeforeExpiryExpires() {
    jobs.on("exportcert.surveillance.schedule-next", schedule(5000, 30));
    var instance = startCertified("EC-2026-000609");

    context.increaseTime(Duration.ofDays(31));
    assertThat(instance).isWaitingForMessage("RenewalRequested", "EC-2026-000609");
    context.increaseTime(Duration.ofDays(3 * 365));

    assertThat(instance).isCompleted()
        .hasCompletedElements("Boundary_CertificateExpired", "Task_MarkExpired", "Task_NotifyExpired", "EndEvent_Expired");
  }
}
