package org.exportcert.workers.appeal;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.exportcert.certification.appeal.AppealService;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class AppealWorkers {

  private final AppealService appeals;

  public AppealWorkers(AppealService appeals) {
    this.appeals = appeals;
  }

  public record AppealRef(String appealId) {}

  @JobWorker(type = "exportcert.appeal.record-appeal")
  public AppealRef recordAppeal(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "decisionRecordId") String decisionRecordId) {
    try {
      return new AppealRef(appeals.record(Jobs.caseId(caseId), decisionRecordId, Jobs.actor(job)));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
