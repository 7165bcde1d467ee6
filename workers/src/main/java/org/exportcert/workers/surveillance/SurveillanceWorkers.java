package org.exportcert.workers.surveillance;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.exportcert.certification.surveillance.SurveillanceService;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class SurveillanceWorkers {

  private final SurveillanceService surveillance;

  public SurveillanceWorkers(SurveillanceService surveillance) {
    this.surveillance = surveillance;
  }

  public record NextDates(String nextSurveillanceDue, String renewalWindowOpens) {}

  @JobWorker(type = "exportcert.surveillance.schedule-next")
  public NextDates scheduleNext(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "certificateExpiry") String certificateExpiry,
      @Variable(name = "surveillanceInterval") String surveillanceInterval,
      @Variable(name = "renewalWindow") String renewalWindow,
      @Variable(name = "surveillanceOutcome") String surveillanceOutcome) {
    try {
      String id = Jobs.caseId(caseId);
      // only a surveillance that took place moves the schedule on; see SurveillanceService
      var s = surveillance.scheduleNext(
          id, Jobs.step(job, id), certificateExpiry, surveillanceInterval, renewalWindow, surveillanceOutcome, Jobs.actor(job));
      return new NextDates(s.nextSurveillanceDue().toString(), s.renewalWindowOpens().toString());
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
