package org.exportcert.certification.notification;

import java.util.Locale;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tells the applicant (or holder) what happened, through the outbox. */
@Service
public class NotificationService {

  public static final String REF = "NT";

  private final CaseService cases;
  private final OutboxService outbox;
  private final NotificationProperties properties;
  private final AuditTrail audit;

  public NotificationService(
      CaseService cases, OutboxService outbox, NotificationProperties properties, AuditTrail audit) {
    this.cases = cases;
    this.outbox = outbox;
    this.properties = properties;
    this.audit = audit;
  }

  /**
   * Queues the notification {@code code} of step {@code stepKey}; the same step queues it once.
   *
   * @param responseDueIn ISO 8601 duration the applicant has to answer, or null
   * @return the notification reference (NT-...)
   */
  @Transactional
  public String notifyApplicant(String caseId, String code, String responseDueIn, String stepKey) {
    CertificationCase c = cases.get(caseId);
    String to = c.getApplicant().getContactEmail();
    if (to == null || to.isBlank()) {
      throw new IllegalStateException("Case " + caseId + " has no applicant contact address");
    }
    var template = properties.templates().get(code);
    String readable = code.replace('_', ' ').toLowerCase(Locale.ROOT);
    String subject =
        fill(template != null && template.subject() != null ? template.subject() : "ExportCert case {caseId}: " + readable, caseId, responseDueIn);
    String body =
        fill(
            template != null && template.body() != null
                ? template.body()
                : "Dear applicant,\n\nthere is news on certification case {caseId}: " + readable + "."
                    + (responseDueIn == null ? "" : "\nPlease respond within {responseDue}.")
                    + "\nDetails are in your ExportCert case view.\n",
            caseId,
            responseDueIn);
    String key = "notify:" + stepKey + ":" + code;
    boolean fresh = outbox.findByKey(key).isEmpty();
    OutboxMessage m =
        outbox.enqueue(key, caseId, OutboxMessage.Channel.APPLICANT_NOTIFICATION, to, subject, body);
    if (fresh) {
      audit.record("system", "notification.queued", CaseService.AUDIT_SUBJECT, caseId, code);
    }
    return Refs.of(REF, m.getId());
  }

  private static String fill(String template, String caseId, String responseDueIn) {
    return template
        .replace("{caseId}", caseId)
        .replace("{responseDue}", responseDueIn == null ? "" : responseDueIn);
  }
}
