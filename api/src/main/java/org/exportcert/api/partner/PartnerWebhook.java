package org.exportcert.api.partner;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.Messages;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.recognition.RecognitionRepository;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** A verified partner answer becomes the {@code PartnerResponse} message of that case and market. */
@Service
public class PartnerWebhook {

  public enum Outcome { ACCEPTED, EXTRA_TESTS, REJECTED }

  public record Answer(Outcome outcome, String partnerReference, List<String> requestedTestSuites,
      String comment) {}

  private final RecognitionRepository recognitions;
  private final ReplayGuard replays;
  private final CaseProcesses processes;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  public PartnerWebhook(RecognitionRepository recognitions, ReplayGuard replays,
      CaseProcesses processes, AuditTrail audit, PlatformTransactionManager transactions) {
    this.recognitions = recognitions;
    this.replays = replays;
    this.processes = processes;
    this.audit = audit;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * Replay check, audit and correlation in one transaction: when nothing waits for the answer the
   * signature is not kept, so the partner may send it again once the request is open.
   */
  public void accept(String partner, String signature, String caseId, String market, Answer answer,
      Instant now) {
    if (recognitions.findByCaseIdAndMarket(caseId, market).isEmpty()) {
      throw ApiProblem.notFound("No recognition of " + caseId + " for market " + market + ".");
    }
    tx.executeWithoutResult(s -> {
      if (!replays.firstSeen(partner, signature, now)) {
        throw new ApiProblem(HttpStatus.CONFLICT, ProblemTypes.REPLAY, "Replay",
            "This signed request was received before.");
      }
      audit.record("partner:" + partner, "recognition.partner-response", CaseService.AUDIT_SUBJECT,
          caseId, market + " " + answer.outcome() + " ref=" + answer.partnerReference()
              + (answer.requestedTestSuites() == null ? "" : " tests=" + answer.requestedTestSuites()));
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("partnerOutcome", answer.outcome().name());
      vars.put("partnerReference", answer.partnerReference());
      vars.put("requestedTestSuites",
          answer.requestedTestSuites() == null ? List.of() : answer.requestedTestSuites());
      if (!processes.correlate(Messages.PARTNER_RESPONSE, caseId + ":" + market, vars)) {
        throw ApiProblem.conflict("No recognition request of " + caseId + " for " + market
            + " is waiting for an answer.");
      }
    });
  }

  static Instant now(Clock clock) {
    return clock.instant();
  }
}
