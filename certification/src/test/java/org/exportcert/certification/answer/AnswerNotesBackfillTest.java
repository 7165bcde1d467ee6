package org.exportcert.certification.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.exportcert.certification.TestStack;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Migration V5 takes the notes of answers given before it out of their audit reasons (the note,
 * then " evidence=[ids]" when documents were named), so old cases show them from the new table.
 */
class AnswerNotesBackfillTest {

  @Test
  void notesOfEarlierAnswersAreTakenOverFromTheAuditTrail() {
    DriverManagerDataSource db = new DriverManagerDataSource(TestStack.jdbcUrl());
    String schema = "backfill_" + System.nanoTime();
    Flyway.configure().dataSource(db).schemas(schema).locations("classpath:db/migration").target("4.2").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(db);
    jdbc.execute("SET search_path TO " + schema);
    jdbc.update("INSERT INTO " + schema + ".applicant (id, legal_name, registration_number, created_at)"
        + " VALUES (1, '示例智能科技有限公司', 'REG-1', now())");
    jdbc.update("INSERT INTO " + schema + ".product (id, applicant_id, name, created_at) VALUES (1, 1, 'Insight', now())");
    jdbc.update("INSERT INTO " + schema + ".certification_case (id, scheme_version, scheme_type, category, applicant_id,"
        + " product_id, target_markets, not_lodged_elsewhere, phase, status, created_at, updated_at,"
        + " applicant_legal_name, product_name) VALUES ('EC-2026-000001', '2026.1', 'TYPE_6', 'AI_SAAS', 1, 1, 'EU',"
        + " true, 'DOCUMENT_REVIEW', 'INFORMATION_REQUESTED', now(), now(), '示例智能科技有限公司', 'Insight')");
    String[][] entries = {
        {"case.answer.DocumentsResubmitted", "架构说明已更新 evidence=[EV-0a1b, EV-2c3d]"},
        {"case.answer.AgreementSigned", ""},
        {"case.answer.DocumentsResubmitted", "see the evidence=[attached] note"},
        {"case.answer.CorrectiveActionSubmitted", "fixed; evidence=[not an id list]"},
        {"case.answer.DocumentsResubmitted", null},
        {"case.submitted", "{\"code\":\"audit.reason.application-received\",\"args\":[]}"}};
    for (int i = 0; i < entries.length; i++) {
      jdbc.update("INSERT INTO " + schema + ".audit_entry (seq, occurred_at, actor, action, subject_type, subject_id,"
          + " reason, previous_hash, entry_hash) VALUES (?, now(), 'applicant', ?, 'case', 'EC-2026-000001', ?, 'p', ?)",
          i + 1, entries[i][0], entries[i][1], "h" + i);
    }

    Flyway.configure().dataSource(db).schemas(schema).locations("classpath:db/migration").load().migrate();

    List<Map<String, Object>> rows = jdbc.queryForList("SELECT message, note, evidence_ids, answered_by, message_id FROM "
        + schema + ".applicant_answer WHERE case_id = 'EC-2026-000001' ORDER BY id");
    assertThat(rows).extracting(r -> r.get("message")).containsExactly("DocumentsResubmitted", "AgreementSigned",
        "DocumentsResubmitted", "CorrectiveActionSubmitted", "DocumentsResubmitted");
    assertThat(rows).extracting(r -> r.get("note")).containsExactly("架构说明已更新", null,
        "see the evidence=[attached] note", "fixed; evidence=[not an id list]", null);
    assertThat(rows).extracting(r -> r.get("evidence_ids")).containsExactly("EV-0a1b,EV-2c3d", "", "", "", "");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.get("answered_by")).isEqualTo("applicant");
      assertThat(r.get("message_id")).isNull();
    });
    jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
  }
}
