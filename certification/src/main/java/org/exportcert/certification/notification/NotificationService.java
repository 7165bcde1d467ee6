package org.exportcert.certification.notification;

import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CertificationCase;
import org.exportcert.certification.casefile.Refs;
import org.exportcert.certification.documentreview.DocumentReviewService;
import java.util.List;
import org.exportcert.certification.outbox.OutboxMessage;
import org.exportcert.certification.outbox.OutboxService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells the applicant (or holder) what happened and what to do next, in their language, through
 * the outbox: one row per notification, so a retried job step never mails twice.
 */
@Service
public class NotificationService {

  public static final String REF = "NT";
  static final String DOCUMENTS_REQUESTED = "DOCUMENTS_REQUESTED";

  private final CaseService cases;
  private final OutboxService outbox;
  private final NotificationTexts texts;
  private final AuditTrail audit;
  private final DocumentReviewService documents;

  public NotificationService(
      CaseService cases, OutboxService outbox, NotificationTexts texts, AuditTrail audit,
      DocumentReviewService documents) {
    this.documents = documents;
    this.cases = cases;
    this.outbox = outbox;
    this.texts = texts;
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
    NotificationTexts.Mail mail =
        texts.toApplicant(code, caseId, responseDueIn, c.getApplicant().getContactLanguage(),
            // the request names the documents still missing, so the applicant knows what to upload
            DOCUMENTS_REQUESTED.equals(code) ? documents.missingKinds(caseId, null, null) : List.of());
    String subject = mail.subject();
    String body = mail.body();
    String key = "notify:" + stepKey + ":" + code;
    boolean fresh = outbox.findByKey(key).isEmpty();
    OutboxMessage m =
        outbox.enqueue(key, caseId, OutboxMessage.Channel.APPLICANT_NOTIFICATION, to, subject, body);
    if (fresh) {
      audit.record("system", "notification.queued", CaseService.AUDIT_SUBJECT, caseId, code);
    }
    return Refs.of(REF, m.getId());
  }
}
