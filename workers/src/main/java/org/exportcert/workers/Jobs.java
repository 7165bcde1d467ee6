package org.exportcert.workers;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.casefile.CaseIds;
import org.exportcert.certification.casefile.StepKey;

/** What every worker shares: the step key, the actor name and the two error channels. */
public final class Jobs {

  /** Local variable of the task: how often its job failed transiently (the engine keeps it across attempts). */
  public static final String TRANSIENT_FAILURES = "jobTransientFailures";

  private static volatile JobRetryPolicy policy = JobRetryPolicy.DEFAULTS;

  private Jobs() {}

  /** Set once at start from the environment ({@link WorkersModule}). */
  static void use(JobRetryPolicy retryPolicy) {
    policy = retryPolicy;
  }

  static JobRetryPolicy policy() {
    return policy;
  }

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
   * A technical failure. A transient one (overload, outage: see {@link TransientFailures}) is retried
   * with a back-off that grows per attempt, without using up the job's retries, for as many attempts
   * as the {@link JobRetryPolicy} allows; the count lives in a local variable of the task. Any other
   * is retried with the model's retries, an error about the input becomes an incident at once.
   */
  public static RuntimeException technical(ActivatedJob job, Exception e) {
    if (e instanceof CamundaError decided) {
      return decided; // already says how the engine should treat it
    }
    String message = describe(e);
    if (TransientFailures.isPermanent(e)) {
      return CamundaError.jobError(message, null, 0, null, e);
    }
    int transientFailures = transientFailures(job);
    if (TransientFailures.isTransient(e) && transientFailures < policy.transientAttempts()) {
      int failures = transientFailures + 1;
      return CamundaError.jobError(
          "transient (" + failures + "/" + policy.transientAttempts() + "): " + message,
          Map.of(TRANSIENT_FAILURES, failures),
          Math.max(job.getRetries(), 1),
          policy.backoffAfter(failures),
          e);
    }
    int retriesLeft = Math.max(job.getRetries() - 1, 0);
    // back-off doubles as retries are used up (3 retries: 5 s, 10 s, 20 s ...)
    int used = Math.max(1, 3 - retriesLeft + 1);
    return CamundaError.jobError(message, null, retriesLeft, policy.backoffAfter(used), e);
  }

  // the operator sees what failed and, when wrapped, why (the pool timeout behind the transaction)
  private static String describe(Exception e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
      root = root.getCause();
    }
    return root == e ? message : message + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  private static int transientFailures(ActivatedJob job) {
    Map<String, Object> variables = job.getVariablesAsMap();
    Object count = variables == null ? null : variables.get(TRANSIENT_FAILURES);
    return count instanceof Number n ? Math.max(n.intValue(), 0) : 0;
  }
}
