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
              + " completed in ExportCert only. Do not retry (it fails again): in ExportCert's console,"
              + " Incidents, choose \"Send back to the task\" so the right person completes it in ExportCert."
              + " / 未记录：该任务未经 ExportCert 完成或其结果已被更改（" + e.getMessage() + "）。"
              + "受公正性规则约束的任务只能在 ExportCert 中完成。请勿重试（会再次失败）：请在 ExportCert 控制台的"
              + "“故障”页面选择“退回该任务重新办理”，由正确的人员在 ExportCert 中完成。",
          null, 0);
    }
  }
}
