package org.exportcert.workers.notification;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.exportcert.certification.notification.NotificationService;
import org.exportcert.workers.Jobs;
import org.springframework.stereotype.Component;

@Component
public class NotificationWorkers {

  private final NotificationService notifications;

  public NotificationWorkers(NotificationService notifications) {
    this.notifications = notifications;
  }

  public record Notification(String notificationId) {}

  /** Queues the message in the outbox; the dispatcher delivers it (mail, or the log locally). */
  @JobWorker(type = "exportcert.notification.notify-applicant")
  public Notification notifyApplicant(
      ActivatedJob job,
      @Variable(name = "caseId") String caseId,
      @Variable(name = "notificationCode") String notificationCode,
      @Variable(name = "responseDueIn") String responseDueIn) {
    try {
      String id = Jobs.caseId(caseId);
      return new Notification(
          notifications.notifyApplicant(id, notificationCode, responseDueIn, Jobs.step(job, id)));
    } catch (RuntimeException e) {
      throw Jobs.technical(job, e);
    }
  }
}
