package org.exportcert.workers;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.time.Duration;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.casefile.CaseIds;
import org.exportcert.certification.casefile.StepKey;

/** What every worker shares: the step key, the actor name and the two error channels. */
public final class Jobs {

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private Jobs() {}

  /** The case id a job is about; a job without one is a modelling error (incident). */
  public static String caseId(String caseId) {
    if (!CaseIds.isValid(caseId)) {
      throw CamundaError.jobError("caseId missing or malformed: " + caseId, null, 0);
    }
    return caseId;
  }

  /** Identifies this execution of the step: stable across retries of the job. */
  public static String step(ActivatedJob job, String caseId) {
    return StepKey.of(caseId, job.getElementId(), job.getElementInstanceKey());
  }

  public static String actor(ActivatedJob job) {
    return "worker:" + job.getType();
  }

  /** A business outcome the models catch with an error boundary event. */
  public static RuntimeException bpmnError(BusinessRuleException e) {
    return CamundaError.bpmnError(e.code(), e.getMessage());
  }

  public static RuntimeException bpmnError(BusinessRuleException e, Map<String, Object> variables) {
    return CamundaError.bpmnError(e.code(), e.getMessage(), variables);
  }

  /**
   * A technical failure: the job is retried with growing back-off until its retries run out, then
   * it becomes an incident an operator resolves.
   */
  public static RuntimeException technical(ActivatedJob job, Exception e) {
    if (e instanceof CamundaError decided) {
      return decided; // already says how the engine should treat it
    }
    int retriesLeft = Math.max(job.getRetries() - 1, 0);
    // back-off doubles as retries are used up (3 retries: 5 s, 10 s, 20 s ...)
    int used = Math.max(0, 3 - retriesLeft);
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(used, 10));
    if (backoff.compareTo(MAX_BACKOFF) > 0) {
      backoff = MAX_BACKOFF;
    }
    return CamundaError.jobError(e.getClass().getSimpleName() + ": " + e.getMessage(), null, retriesLeft, backoff, e);
  }
}
