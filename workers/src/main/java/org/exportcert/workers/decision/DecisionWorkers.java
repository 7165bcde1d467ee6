package org.exportcert.workers.decision;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.completion.CompletionStamps;
import org.exportcert.certification.decision.DecisionService;
import org.exportcert.workers.BpmnErrors;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class DecisionWorkers {

  private final DecisionService decisions;
  private final CompletionStamps stamps;

  public DecisionWorkers(DecisionService decisions, CompletionStamps stamps) {
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
      CompletionStamps.Stamped stamped = verified(job);
      String ref =
          decisions.record(
              new DecisionService.DecisionInput(
                  id, Jobs.step(job, id), decisionType, decisionOutcome, decisionRationale, decisionConditions,
                  stamped.person()));
      return new DecisionRecord(ref, null, null);
    } catch (ImpartialityViolationException e) {
      throw Jobs.bpmnError(e);
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }

  private CompletionStamps.Stamped verified(ActivatedJob job) {
    String task = job.getCustomHeaders().get(CompletionStamps.HEADER);
    try {
      return stamps.verify(job.getVariablesAsMap(), job.getProcessInstanceKey(), task);
    } catch (CompletionStamps.StampRejected e) {
      // no retry can make it valid: an incident at once, which an operator sees and resolves by
      // cancelling the instance or having the decision taken again through ExportCert
      throw CamundaError.jobError(
          "Decision not recorded: " + e.getMessage() + ". Decisions are taken in ExportCert only."
              + " / 决定未记录：该用户任务未经 ExportCert 完成或其结果已被更改（" + e.getMessage()
              + "）。决定只能在 ExportCert 中作出。",
          null, 0);
    }
  }
}
