package org.exportcert.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import java.time.Duration;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.junit.jupiter.api.Test;

/** The two error channels, without a server. */
class JobsTest {

  static ActivatedJob job(int retries) {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getRetries()).thenReturn(retries);
    when(job.getElementId()).thenReturn("Task_X");
    when(job.getElementInstanceKey()).thenReturn(42L);
    return job;
  }

  @Test
  void technicalFailuresUseARetryWithGrowingBackOffUntilTheIncident() {
    var first = (JobError) Jobs.technical(job(3), new IllegalStateException("db down"));
    assertThat(first.getRetries()).isEqualTo(2);
    assertThat(first.getRetryBackoff()).isEqualTo(Duration.ofSeconds(10));
    var later = (JobError) Jobs.technical(job(2), new IllegalStateException("db down"));
    assertThat(later.getRetryBackoff()).isGreaterThan(first.getRetryBackoff());
    var last = (JobError) Jobs.technical(job(1), new IllegalStateException("db down"));
    assertThat(last.getRetries()).isZero(); // the engine raises an incident
    assertThat(last.getErrorMessage()).contains("db down");
  }

  @Test
  void anErrorThatAlreadySaysWhatToDoPassesThrough() {
    RuntimeException decided = CamundaError.jobError("bad input", null, 0);
    assertThat(Jobs.technical(job(3), decided)).isSameAs(decided);
  }

  @Test
  void businessOutcomesBecomeBpmnErrorsWithTheirCodeAndVariables() {
    var e = (BpmnError) Jobs.bpmnError(new BusinessRuleException("TEST_FAILED", "2 nonconformities"), Map.of("majorNonconformityCount", 1));
    assertThat(e.getErrorCode()).isEqualTo("TEST_FAILED");
    assertThat(e.getVariables()).isEqualTo(Map.of("majorNonconformityCount", 1));
  }

  @Test
  void theStepKeyNamesCaseElementAndInstance() {
    assertThat(Jobs.step(job(3), "EC-2026-000001")).isEqualTo("EC-2026-000001/Task_X/42");
  }
}
