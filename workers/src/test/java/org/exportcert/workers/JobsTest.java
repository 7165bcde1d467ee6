package org.exportcert.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.minio.errors.ServerException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.CannotCreateTransactionException;

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

  static ActivatedJob job(int retries, int transientFailures) {
    ActivatedJob job = job(retries);
    when(job.getVariablesAsMap()).thenReturn(Map.of(Jobs.TRANSIENT_FAILURES, transientFailures));
    return job;
  }

  static RuntimeException poolTimeout() {
    return new CannotCreateTransactionException(
        "Could not open JPA EntityManager for transaction",
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms."));
  }

  @AfterEach
  void defaultPolicy() {
    Jobs.use(JobRetryPolicy.DEFAULTS);
  }

  @Test
  void anOverloadedDatabaseDoesNotUseUpTheRetriesAndBacksOffLongerEachTime() {
    var first = (JobError) Jobs.technical(job(3), poolTimeout());
    assertThat(first.getRetries()).isEqualTo(3); // the model's retries are kept for real faults
    assertThat(first.getRetryBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(first.getVariables()).isEqualTo(Map.of(Jobs.TRANSIENT_FAILURES, 1));
    assertThat(first.getErrorMessage()).contains("transient (1/12)", "Connection is not available");

    var fourth = (JobError) Jobs.technical(job(3, 3), poolTimeout());
    assertThat(fourth.getRetries()).isEqualTo(3);
    assertThat(fourth.getRetryBackoff()).isEqualTo(Duration.ofSeconds(40));
    assertThat(fourth.getVariables()).isEqualTo(Map.of(Jobs.TRANSIENT_FAILURES, 4));

    var late = (JobError) Jobs.technical(job(3, 10), poolTimeout());
    assertThat(late.getRetryBackoff()).isEqualTo(Duration.ofMinutes(5)); // capped
    assertThat(late.getRetries()).isEqualTo(3);
  }

  @Test
  void theDefaultsRideOutHalfAnHourOfOverloadBeforeUsingRetries() {
    Duration waited = Duration.ZERO;
    for (int failures = 0; failures < JobRetryPolicy.DEFAULTS.transientAttempts(); failures++) {
      var error = (JobError) Jobs.technical(job(3, failures), poolTimeout());
      assertThat(error.getRetries()).isEqualTo(3);
      waited = waited.plus(error.getRetryBackoff());
    }
    assertThat(waited).isGreaterThan(Duration.ofMinutes(30));
  }

  @Test
  void anOverloadLongerThanTheBudgetUsesTheModelsRetriesAndEndsInAnIncident() {
    var spent = (JobError) Jobs.technical(job(3, 12), poolTimeout());
    assertThat(spent.getRetries()).isEqualTo(2);
    assertThat(spent.getVariables()).isNull();
    var last = (JobError) Jobs.technical(job(1, 12), poolTimeout());
    assertThat(last.getRetries()).isZero();
  }

  @Test
  void outagesOfDependenciesCountAsTransientWhereverTheyAreWrapped() {
    assertThat(TransientFailures.isTransient(new UncheckedIOException(new SocketTimeoutException("Read timed out")))).isTrue();
    assertThat(TransientFailures.isTransient(new IllegalStateException(new ConnectException("Connection refused")))).isTrue();
    assertThat(TransientFailures.isTransient(new RuntimeException(new ServerException("Service Unavailable", 503, "trace")))).isTrue();
    assertThat(TransientFailures.isTransient(new QueryTimeoutException("statement timeout"))).isTrue();
    assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("terminating connection", "57P01")))).isTrue();
    assertThat(TransientFailures.isTransient(new RuntimeException(new ServerException("Not Implemented", 501, "trace")))).isFalse();
    assertThat(TransientFailures.isTransient(new IllegalStateException("db down"))).isFalse();
    assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("syntax error", "42601")))).isFalse();
  }

  @Test
  void aWrongInputFailsFastAsAnIncidentEvenWhenRetriesAreLeft() {
    var business = (JobError) Jobs.technical(job(3), new BusinessRuleException("UNEXPECTED", "no rule for this"));
    assertThat(business.getRetries()).isZero();
    var argument = (JobError) Jobs.technical(job(3), new IllegalArgumentException("unknown outcome"));
    assertThat(argument.getRetries()).isZero();
  }

  @Test
  void thePolicyComesFromTheEnvironment() {
    var environment =
        new MockEnvironment()
            .withProperty("exportcert.workers.retry.first-backoff", "2s")
            .withProperty("exportcert.workers.retry.max-backoff", "1m")
            .withProperty("exportcert.workers.retry.transient-attempts", "30");
    JobRetryPolicy policy = new WorkersModule().jobRetryPolicy(environment);
    assertThat(policy).isEqualTo(new JobRetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(1), 30));
    var error = (JobError) Jobs.technical(job(3, 1), poolTimeout());
    assertThat(error.getRetryBackoff()).isEqualTo(Duration.ofSeconds(4));
    assertThat(new WorkersModule().jobRetryPolicy(new MockEnvironment())).isEqualTo(JobRetryPolicy.DEFAULTS);
    assertThatThrownBy(() -> new WorkersModule().jobRetryPolicy(new MockEnvironment().withProperty("exportcert.workers.retry.transient-attempts", "-1")))
        .hasMessageContaining("transient-attempts");
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
