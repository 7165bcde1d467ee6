package org.exportcert.certification.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.audit.AuditEntry;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The applicant's note to staff is stored with the answer, bounded and without control characters. */
class ApplicantAnswersTest extends DomainTest {

  @Autowired ApplicantAnswers answers;
  @Autowired ApplicationService applications;
  @Autowired AuditTrail audit;
  @Autowired PlatformTransactionManager transactions;

  @Test
  void theNoteIsKeptWithTheAnswerAndTheAuditSaysAnAnswerWasGiven() {
    String caseId = TestCases.open(applications).getId();
    String note = "  已上传新版架构说明，见第 3 节。\nThe data-flow diagram is on page 2.  ";
    ApplicantAnswer a = inTransaction(() -> answers.record(caseId, "DocumentsResubmitted", note,
        List.of("EV-1", "EV-2"), "applicant", caseId + ":DocumentsResubmitted:42"));

    List<ApplicantAnswer> stored = answers.forCase(caseId);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).getNote()).isEqualTo(note.strip());
    assertThat(stored.get(0).getEvidenceIds()).containsExactly("EV-1", "EV-2");
    assertThat(stored.get(0).getMessage()).isEqualTo("DocumentsResubmitted");
    assertThat(stored.get(0).getAnsweredBy()).isEqualTo("applicant");
    // the audit records the answer by reference; the note's words are not parsed back out of it
    AuditEntry entry = audit.forSubject("case", caseId).stream()
        .filter(e -> e.getAction().equals("case.answer.DocumentsResubmitted")).findFirst().orElseThrow();
    assertThat(entry.getReason()).isEqualTo(
        Reason.of("audit.reason.answer-sent-with-documents", "AN-" + a.getId(), "EV-1, EV-2"));
  }

  @Test
  void theSameAnswerSentTwiceIsOneAnswerAndABlankNoteIsNone() {
    String caseId = TestCases.open(applications).getId();
    String id = caseId + ":AgreementSigned:7";
    ApplicantAnswer first = inTransaction(() -> answers.record(caseId, "AgreementSigned", "   ", null, "applicant", id));
    ApplicantAnswer again = inTransaction(() -> answers.record(caseId, "AgreementSigned", "again", null, "applicant", id));
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(answers.forCase(caseId)).singleElement().satisfies(a -> assertThat(a.getNote()).isNull());
  }

  @Test
  void aNoteTooLongOrWithControlCharactersIsRefusedNamingTheFieldAndNothingIsStored() {
    String caseId = TestCases.open(applications).getId();
    assertThatThrownBy(() -> inTransaction(() -> answers.record(caseId, "DocumentsResubmitted",
        "x".repeat(ApplicantAnswers.MAX_NOTE + 1), null, "applicant", caseId + ":1")))
        .isInstanceOfSatisfying(InvalidAnswerException.class, e -> {
          assertThat(e.field()).isEqualTo("note");
          assertThat(e.code()).isEqualTo("note-too-long");
        });
    for (String bad : List.of("nul\u0000here", "bell\u0007", "c1\u0085")) {
      assertThatThrownBy(() -> inTransaction(() -> answers.record(caseId, "DocumentsResubmitted", bad, null,
          "applicant", caseId + ":2")))
          .isInstanceOfSatisfying(InvalidAnswerException.class, e -> {
            assertThat(e.field()).isEqualTo("note");
            assertThat(e.code()).isEqualTo("note-control-character");
          });
    }
    // the longest note there may be, with tabs and line breaks, is text
    String longest = "备".repeat(ApplicantAnswers.MAX_NOTE - 2) + "\t\n";
    inTransaction(() -> answers.record(caseId, "DocumentsResubmitted", "a\t" + longest, null, "applicant",
        caseId + ":3"));
    assertThat(answers.forCase(caseId)).singleElement()
        .satisfies(a -> assertThat(a.getNote()).hasSize(ApplicantAnswers.MAX_NOTE));
  }

  @Test
  void anAnswerIsOnlyRecordedInTheTransactionThatPublishesIt() {
    String caseId = TestCases.open(applications).getId();
    assertThatThrownBy(() -> answers.record(caseId, "DocumentsResubmitted", "n", null, "applicant", caseId + ":x"))
        .isInstanceOf(IllegalTransactionStateException.class);
    assertThat(answers.forCase(caseId)).isEmpty();
  }

  private <T> T inTransaction(java.util.function.Supplier<T> work) {
    return new TransactionTemplate(transactions).execute(s -> work.get());
  }
}
