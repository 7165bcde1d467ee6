package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class IncidentMessagesTest {

  @Test
  void aWorkersStackTraceIsReducedToWhatFailedAndWhy() {
    Exception failure = new IllegalStateException("Could not send the dossier to PARTNER_SG",
        new java.net.ConnectException("Connection refused"));
    failure.addSuppressed(new RuntimeException("cleanup failed"));
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));

    String shown = IncidentMessages.withoutStackTrace(trace.toString());

    assertThat(shown)
        .contains("java.lang.IllegalStateException: Could not send the dossier to PARTNER_SG")
        .contains("Caused by: java.net.ConnectException: Connection refused")
        .doesNotContain("\tat ").doesNotContain("at org.").doesNotContain(" more")
        .doesNotContain("IncidentMessagesTest.java");
  }

  @Test
  void theJobErrorAWorkerFailsWithOnPurposeShowsOnlyItsMessage() {
    // seen walking the incidents inbox: "io.camunda.client.exception.JobError: Not recorded: …"
    assertThat(IncidentMessages.withoutStackTrace(
            "io.camunda.client.exception.JobError: Not recorded: Task_X was completed outside ExportCert / 未记录"))
        .isEqualTo("Not recorded: Task_X was completed outside ExportCert / 未记录");
  }

  @Test
  void plainMessagesStayAsTheyAre() {
    assertThat(IncidentMessages.withoutStackTrace("Expected at least one job worker; none answered"))
        .isEqualTo("Expected at least one job worker; none answered");
    assertThat(IncidentMessages.withoutStackTrace(null)).isNull();
  }
}
