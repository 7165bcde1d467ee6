package org.exportcert.workers;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import org.exportcert.certification.completion.CompletionStamps;
import org.springframework.stereotype.Component;

/**
 * For the workers that record the outcome of a user task the impartiality rules govern (decisions,
 * document findings, test reports): the outcome counts only if ExportCert completed the task. The
 * task is the one the service task's {@code stampedUserTask} header names.
 */
@Component
public class StampedCompletions {

  private final CompletionStamps stamps;

  public StampedCompletions(CompletionStamps stamps) {
    this.stamps = stamps;
  }

  /**
   * @return who completed the task, as ExportCert checked and stamped it
   * @throws io.camunda.client.exception.JobError with no retries left (an incident at once) when
   *     the task was completed elsewhere: no retry can make such a completion valid
   */
  public CompletionStamps.Stamped require(ActivatedJob job) {
    String task = job.getCustomHeaders().get(CompletionStamps.HEADER);
    try {
      return stamps.verify(job.getVariablesAsMap(), job.getProcessInstanceKey(), task);
    } catch (CompletionStamps.StampRejected e) {
      throw CamundaError.jobError(
          "Not recorded: " + e.getMessage() + ". Tasks governed by the impartiality rules are"
              + " completed in ExportCert only; cancel this instance or move it back to the task."
              + " / 未记录：该任务未经 ExportCert 完成或其结果已被更改（" + e.getMessage() + "）。"
              + "受公正性规则约束的任务只能在 ExportCert 中完成；请取消此流程实例或将其移回该任务。",
          null, 0);
    }
  }
}
