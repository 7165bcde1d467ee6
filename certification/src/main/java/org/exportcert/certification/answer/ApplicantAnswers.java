package org.exportcert.certification.answer;

import java.time.Clock;
import java.util.List;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.Refs;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the applicant's answers to requests with their note to staff, in the transaction that
 * publishes the answer to the process, and audits that an answer was given (not the note's text:
 * staff read it from here, in the case file).
 */
@Service
public class ApplicantAnswers {

  public static final String REF = "AN";
  /** The longest note to staff, in characters. */
  public static final int MAX_NOTE = 2000;
  public static final int MAX_EVIDENCE = 50;

  private final ApplicantAnswerRepository answers;
  private final AuditTrail audit;
  private final Clock clock;

  public ApplicantAnswers(ApplicantAnswerRepository answers, AuditTrail audit, Clock clock) {
    this.answers = answers;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Stores the answer, or returns the one already stored under the same message id (the answer
   * to one request sent twice).
   *
   * @param note the applicant's note to staff; blank is none
   * @param messageId the id the answer is published to the engine with
   * @throws InvalidAnswerException when the note is too long or holds control characters
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public ApplicantAnswer record(String caseId, String message, String note, List<String> evidenceIds,
      String actor, String messageId) {
    String text = validNote(note);
    List<String> evidence = evidenceIds == null ? List.of() : List.copyOf(evidenceIds);
    if (evidence.size() > MAX_EVIDENCE) {
      throw new InvalidAnswerException("evidenceIds", "too-many-documents", "At most " + MAX_EVIDENCE + " documents per answer.");
    }
    var earlier = answers.findByMessageId(messageId);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    ApplicantAnswer a = answers.save(new ApplicantAnswer(caseId, message, text, evidence, actor, clock.instant(), messageId));
    String ref = Refs.of(REF, a.getId());
    audit.record(actor, "case.answer." + message, CaseService.AUDIT_SUBJECT, caseId, evidence.isEmpty()
        ? Reason.of("audit.reason.answer-sent", ref)
        : Reason.of("audit.reason.answer-sent-with-documents", ref, String.join(", ", evidence)));
    return a;
  }

  @Transactional(readOnly = true)
  public List<ApplicantAnswer> forCase(String caseId) {
    return answers.findByCaseIdOrderByIdAsc(caseId);
  }

  /** The note stripped, null when blank; refused when longer than {@link #MAX_NOTE} or with control characters. */
  static String validNote(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    String text = note.strip();
    if (text.length() > MAX_NOTE) {
      throw new InvalidAnswerException("note", "note-too-long", "The note to staff is limited to " + MAX_NOTE + " characters.");
    }
    if (hasControlCharacter(text)) {
      throw new InvalidAnswerException("note", "note-control-character", "The note to staff contains a control character.");
    }
    return text;
  }

  /** NUL and the other C0/C1 controls; tab, line feed and carriage return are text. */
  static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(c -> (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f));
  }
}
