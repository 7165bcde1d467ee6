package org.exportcert.api.applicant;

import static org.exportcert.api.testing.Users.as;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientHttpException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.testing.ApiSlice;
import org.exportcert.certification.evidence.ObjectStorageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.CannotCreateTransactionException;

/** A database, object store or engine that is out is answered 503 with Retry-After, never 500. */
@ApiSlice(ApplicantController.class)
class OutagesAnswer503Test {

  static final String CASE = "EC-2026-000001";

  @Autowired MockMvc mvc;
  @MockitoBean ApplicantCases cases;
  @MockitoBean CaseQueries queries;

  @BeforeEach
  void owner() {
    when(queries.organisationOf(CASE)).thenReturn(Optional.of("Example AI Ltd"));
  }

  @Test
  void everyKindOfOutageIs503UpstreamUnavailableWithRetryAfter() throws Exception {
    List<Supplier<RuntimeException>> outages = List.of(
        () -> new CannotCreateTransactionException("Could not open JPA EntityManager",
            new SQLTransientConnectionException("Connection is not available, request timed out")),
        () -> new DataAccessResourceFailureException("connection reset"),
        () -> new QueryTimeoutException("statement timeout"),
        () -> new JpaSystemException(new RuntimeException(new java.sql.SQLException("terminating", "57P01"))),
        // the connection was cut mid-transaction: the rollback fails on a closed connection
        () -> new JpaSystemException(new org.hibernate.TransactionException(
            "Unable to rollback against JDBC Connection", new java.sql.SQLException("Connection is closed"))),
        () -> new ObjectStorageException("Could not store cases/x", new ConnectException("refused")),
        () -> new UncheckedIOException("Upload failed", new java.net.http.HttpConnectTimeoutException("timed out")),
        () -> new ClientException("engine unreachable", new ConnectException("refused")),
        () -> new ClientHttpException(503, "Service Unavailable"));
    for (Supplier<RuntimeException> outage : outages) {
      doThrow(outage.get()).when(cases).documents(CASE);
      mvc.perform(get("/api/cases/" + CASE + "/documents").with(as("applicant")))
          .andExpect(status().isServiceUnavailable())
          .andExpect(header().exists("Retry-After"))
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.type").value("urn:exportcert:problem:upstream-unavailable"));
    }
  }

  @Test
  void aFaultOfOursStays500WithAReference() throws Exception {
    doThrow(new IllegalStateException("bug")).when(cases).documents(CASE);
    mvc.perform(get("/api/cases/" + CASE + "/documents").with(as("applicant")))
        .andExpect(status().isInternalServerError())
        .andExpect(jsonPath("$.reference").exists());
    doThrow(new UncheckedIOException(new java.io.IOException("disk full"))).when(cases).documents(CASE);
    mvc.perform(get("/api/cases/" + CASE + "/documents").with(as("applicant")))
        .andExpect(status().isInternalServerError());
  }

  @Test
  void dataTheDatabaseCannotStoreIs400NotAConflict() throws Exception {
    doThrow(new org.springframework.dao.DataIntegrityViolationException(
        "could not execute statement", new java.sql.SQLException("invalid byte sequence for encoding", "22021")))
        .when(cases).documents(CASE);
    mvc.perform(get("/api/cases/" + CASE + "/documents").with(as("applicant")))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:exportcert:problem:validation"));
    doThrow(new org.springframework.dao.DataIntegrityViolationException(
        "duplicate", new java.sql.SQLException("duplicate key", "23505")))
        .when(cases).documents(CASE);
    mvc.perform(get("/api/cases/" + CASE + "/documents").with(as("applicant")))
        .andExpect(status().isConflict());
  }
}
