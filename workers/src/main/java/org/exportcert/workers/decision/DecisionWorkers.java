package org.exportcert.workers.decision;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class DecisionWorkers {

  private final DecisionService decisions;

  public DecisionWorkers(DecisionService decisions) {
    this.decisions = decisions;
  }

  /** Rationale and conditions move to the case file; the nulls clear them from the process. */
  public record DecisionRecord(String decisionRecordId, String decisionRationale, String decisionConditions) {}

  @JobWorker(type = "exportcert.decision.record-decision")
  @BpmnErrors(ImpartialityViolationException.CODE)
  public DecisionRecord recordDecision(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "decisionType") String decisionType,
      @Variable(name = "decisionOutcome") String decisionOutcome,
      @Variable(name = "decisionRationale") String decisionRationale,
      @Variable(name = "decisionConditions") String decisionConditions,
      @Variable(name = "decidedBy") String decidedBy) {
    try {
      String id = Jobs.caseId(caseId);
      String ref =
          decisions.record(
              new DecisionService.DecisionInput(
                  id, Jobs.step(job, id), decisionType, decisionOutcome, decisionRationale, decisionConditions, decidedBy));
      return new DecisionRecord(ref, null, null);
    } catch (ImpartialityViolationException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
