package org.exportcert.workers.eligibility;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.List;
import org.exportcert.certification.eligibility.ApplicationService;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class EligibilityWorkers {

  private final ApplicationService applications;

  public EligibilityWorkers(ApplicationService applications) {
    this.applications = applications;
  }

  public record ApplicationCodes(
      String category, List<String> targetMarkets, List<String> frameworksDocumented, boolean declarationsComplete) {}

  /** Only codes leave the case file: the rules need no names or addresses. */
  @JobWorker(type = "exportcert.eligibility.record-application")
  public ApplicationCodes recordApplication(ActivatedJob job, @Variable(name = "caseId") String caseId) {
    try {
      var s = applications.recordApplication(Jobs.caseId(caseId), Jobs.actor(job));
      return new ApplicationCodes(s.category(), s.targetMarkets(), s.referenceFrameworks(), s.notLodgedElsewhere());
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
