package org.exportcert.workers.decision;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.exportcert.workers.StampedCompletions;
import org.springframework.stereotype.Component;

@Component
public class DecisionWorkers {

  private final DecisionService decisions;
  private final StampedCompletions stamps;

  public DecisionWorkers(DecisionService decisions, StampedCompletions stamps) {
    this.decisions = decisions;
    this.stamps = stamps;
  }

  /** Rationale and conditions move to the case file; the nulls clear them from the process. */
  public record DecisionRecord(String decisionRecordId, String decisionRationale, String decisionConditions) {}

  /**
   * Records the decision of the user task the model names in its {@code stampedUserTask} header,
   * and only if ExportCert completed that task: a decision completed on the engine's port, in
   * Tasklist or with zbctl carries no valid stamp and becomes an incident, never a decision. The
   * decision names the person the stamp names, the one who actually decided.
   */
  @JobWorker(type = "exportcert.decision.record-decision", fetchAllVariables = true)
  @BpmnErrors(ImpartialityViolationException.CODE)
  public DecisionRecord recordDecision(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "decisionType") String decisionType,
      @Variable(name = "decisionOutcome") String decisionOutcome,
      @Variable(name = "decisionRationale") String decisionRationale,
      @Variable(name = "decisionConditions") String decisionConditions) {
    try {
      String id = Jobs.caseId(caseId);
      String decidedBy = stamps.require(job).person();
      String ref =
          decisions.record(
              new DecisionService.DecisionInput(
                  id, Jobs.step(job, id), decisionType, decisionOutcome, decisionRationale, decisionConditions,
                  decidedBy));
      return new DecisionRecord(ref, null, null);
    } catch (ImpartialityViolationException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
