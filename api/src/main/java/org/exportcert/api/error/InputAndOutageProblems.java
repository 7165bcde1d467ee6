package org.exportcert.api.error;

import java.util.List;
import java.util.UUID;
import org.exportcert.certification.answer.InvalidAnswerException;
import org.exportcert.certification.eligibility.InvalidApplicationException;
import org.exportcert.certification.evidence.ObjectStorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Consulted before {@link ApiExceptionHandler}: codes outside the scheme's lists and answers the
 * scheme does not accept (400 naming each field), data the database cannot store (400, not a conflict) and dependency outages (503
 * {@code upstream-unavailable} with {@code Retry-After}, never 500).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InputAndOutageProblems {

  private static final Logger log = LoggerFactory.getLogger(InputAndOutageProblems.class);

  /** What a client waits before trying again after an outage, in seconds. */
  static final int RETRY_AFTER_SECONDS = 10;

  private final MessageSource messages;

  InputAndOutageProblems(MessageSource messages) {
    this.messages = messages;
  }

  @ExceptionHandler(InvalidApplicationException.class)
  ResponseEntity<ProblemDetail> unknownCodes(InvalidApplicationException ex) {
    ProblemDetail problem =
        ProblemWriter.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
            text("problem.validation.title", "Validation failed"),
            text("problem.unknown-code.detail",
                "One or more codes are not in the scheme's code lists."));
    // each field's message in the caller's language too: category, targetMarkets[1], ...
    problem.setProperty("errors", ex.problems().stream()
        .map(p -> new ApiExceptionHandler.FieldProblem(p.field(),
            text("problem.unknown-code." + p.field().replaceFirst("\\[\\d+]$", ""), p.message())))
        .toList());
    return ResponseEntity.badRequest().body(problem);
  }

  /** An answer's note (or document list) the scheme does not accept: 400 naming the field. */
  @ExceptionHandler(InvalidAnswerException.class)
  ResponseEntity<ProblemDetail> invalidAnswer(InvalidAnswerException ex) {
    String message = text("problem.answer." + ex.code(), ex.getMessage());
    ProblemDetail problem =
        ProblemWriter.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
            text("problem.validation.title", "Validation failed"), message);
    problem.setProperty("errors", List.of(new ApiExceptionHandler.FieldProblem(ex.field(), message)));
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
    if (UpstreamOutages.isBadData(ex)) {
      log.info("Refused data the database cannot store: {}", ex.getMostSpecificCause().getMessage());
      return ResponseEntity.badRequest().body(ProblemWriter.problem(
          HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
          text("problem.validation.title", "Validation failed"),
          text("problem.unstorable-value.detail",
              "A value is too long or holds characters that cannot be stored.")));
    }
    log.info("Rejected a write that conflicts with stored data: {}", ex.getMostSpecificCause().getMessage());
    return ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemWriter.problem(
        HttpStatus.CONFLICT, ProblemTypes.CONFLICT, text("problem.conflict.title", "Conflict"),
        text("problem.conflict.detail", "The request conflicts with the current state of the resource.")));
  }

  @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
      TransientDataAccessException.class, RecoverableDataAccessException.class,
      ObjectStorageException.class})
  ResponseEntity<ProblemDetail> outage(RuntimeException ex) {
    return unavailable(UpstreamOutages.of(ex).orElse(UpstreamOutages.Dependency.UNKNOWN), ex);
  }

  /**
   * Failures that are an outage when their cause is (a connection to a dependency failed, the
   * database shut down), else a fault of ours.
   */
  @ExceptionHandler({java.io.UncheckedIOException.class, UncategorizedDataAccessException.class,
      TransactionSystemException.class, jakarta.persistence.PersistenceException.class})
  ResponseEntity<ProblemDetail> maybeOutage(RuntimeException ex) {
    var dependency = UpstreamOutages.of(ex);
    if (dependency.isPresent()) {
      return unavailable(dependency.get(), ex);
    }
    String reference = UUID.randomUUID().toString();
    log.error("Unexpected error, reference {}", reference, ex);
    ProblemDetail problem = ProblemWriter.problem(
        HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
        text("problem.internal.title", "Internal error"),
        text("problem.internal.detail",
            "Something went wrong on our side. Quote reference {0} to the operators.", reference));
    problem.setProperty("reference", reference);
    return ResponseEntity.internalServerError().body(problem);
  }

  private ResponseEntity<ProblemDetail> unavailable(UpstreamOutages.Dependency dependency, Exception ex) {
    log.warn("{} unavailable: {}", dependency, ex.toString());
    String which = text("problem.upstream.dependency." + dependency.name().toLowerCase(),
        switch (dependency) {
          case DATABASE -> "The database";
          case OBJECT_STORAGE -> "The document store";
          case UNKNOWN -> "A service ExportCert depends on";
        });
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
        .body(ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UPSTREAM_UNAVAILABLE,
            text("problem.upstream.title", "Temporarily unavailable"),
            text("problem.upstream.detail",
                "{0} is not answering. Try again in {1} seconds.",
                which, RETRY_AFTER_SECONDS)));
  }

  private String text(String key, String english, Object... args) {
    return messages.getMessage(key, args, english, LocaleContextHolder.getLocale());
  }
}
