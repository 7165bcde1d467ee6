package org.exportcert.api.error;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientHttpException;
import jakarta.validation.ConstraintViolationException;
import org.exportcert.api.tasks.StaffTasks;
import org.exportcert.certification.casefile.BusinessRuleException;
import org.exportcert.certification.casefile.CaseNotFoundException;
import org.exportcert.certification.casefile.ImpartialityViolationException;
import org.exportcert.certification.evidence.EvidenceNotFoundException;
import org.exportcert.certification.evidence.EvidenceRejectedException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as {@code application/problem+json} with a stable type. Nothing internal
 * (stack traces, SQL, class names) reaches the client; unexpected failures get a reference id that
 * is also in the log.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** The largest upload (EXPORTCERT_MAX_UPLOAD_SIZE), named in the refusal so the sender knows it. */
  @Value("${spring.servlet.multipart.max-file-size:512MB}")
  private DataSize maxUpload = DataSize.ofMegabytes(512);

  /** A field that failed validation, named as the client sent it. */
  public record FieldProblem(String field, String message) {}

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> fields =
        ex.getBindingResult().getFieldErrors().stream()
            .map(e -> new FieldProblem(e.getField(), messageOf(e)))
            .toList();
    List<FieldProblem> global =
        ex.getBindingResult().getGlobalErrors().stream()
            .map(e -> new FieldProblem(e.getObjectName(), e.getDefaultMessage()))
            .toList();
    ProblemDetail problem =
        ProblemWriter.problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Validation failed",
            text("problem.validation.fields", "One or more fields are invalid."));
    problem.setProperty("errors", concat(fields, global));
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> fields =
        ex.getParameterValidationResults().stream()
            .flatMap(
                r ->
                    r.getResolvableErrors().stream()
                        .map(e -> new FieldProblem(r.getMethodParameter().getParameterName(),
                            e.getDefaultMessage())))
            .toList();
    ProblemDetail problem =
        ProblemWriter.problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Validation failed",
            text("problem.validation.parameters", "One or more parameters are invalid."));
    problem.setProperty("errors", fields);
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
    List<FieldProblem> fields =
        ex.getConstraintViolations().stream()
            .map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
            .toList();
    ProblemDetail problem =
        ProblemWriter.problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Validation failed",
            text("problem.validation.fields", "One or more fields are invalid."));
    problem.setProperty("errors", fields);
    return ResponseEntity.badRequest().body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String detail = text("problem.malformed-request.json", "The request body is not valid JSON for this endpoint.");
    if (ex.getCause() instanceof UnrecognizedPropertyException unknown) {
      detail = text("problem.validation.unknown-field", "Unknown field ''{0}''.", unknown.getPropertyName());
      ProblemDetail problem =
          ProblemWriter.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Unknown field", detail);
      problem.setProperty("errors", List.of(new FieldProblem(unknown.getPropertyName(), text("problem.validation.unknown-field.short", "unknown field"))));
      return ResponseEntity.badRequest().body(problem);
    }
    if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      // well-formed JSON with a value of the wrong shape (or a required flag missing): name the field
      String field =
          mismatch.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(java.util.stream.Collectors.joining("."))
              .replace(".[", "[");
      boolean control = mismatch instanceof org.exportcert.api.web.ControlCharacterException;
      boolean hidden = control && ((org.exportcert.api.web.ControlCharacterException) mismatch).hidden();
      String key = hidden ? "problem.validation.hidden-character"
          : control ? "problem.validation.control-character" : "problem.validation.wrong-type";
      String what = hidden ? "contains a hidden formatting character or a broken surrogate"
          : control ? "contains a control character" : "missing or of the wrong type";
      ProblemDetail problem =
          ProblemWriter.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Validation failed",
              text(key, "Field ''{0}'' " + (control ? "" : "is ") + what + ".", field));
      problem.setProperty("errors", List.of(new FieldProblem(field, text(key + ".short", what))));
      return ResponseEntity.badRequest().body(problem);
    }
    return ResponseEntity.badRequest()
        .body(ProblemWriter.problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed request", detail));
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
        .body(ProblemWriter.problem(
            HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Upload too large",
            text("problem.payload-too-large.detail", "The upload exceeds the largest accepted size, {0}.",
                readable(maxUpload))));
  }

  static String readable(DataSize size) {
    long bytes = size.toBytes();
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return size.toMegabytes() + " MB";
    }
    return bytes >= 1024 && bytes % 1024 == 0 ? size.toKilobytes() + " KB" : bytes + " bytes";
  }

  /** Keeps Spring's own status and wording for framework errors, with our stable types. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem && (problem.getType() == null
        || URI.create("about:blank").equals(problem.getType()))) {
      problem.setType(typeFor(statusCode.value()));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
  ResponseEntity<ProblemDetail> accessDenied(RuntimeException ex) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(ProblemWriter.problem(
            HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
            text("problem.forbidden.detail", "Your role does not allow this request.")));
  }

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> apiProblem(ApiProblem ex) {
    return ResponseEntity.status(ex.status())
        .body(ProblemWriter.problem(ex.status(), ex.type(), ex.title(),
            ex.detailKey() == null ? ex.getMessage() : text(ex.detailKey(), ex.getMessage(), ex.detailArgs())));
  }

  @ExceptionHandler(StaffTasks.InvalidTaskVariables.class)
  ResponseEntity<ProblemDetail> taskVariables(StaffTasks.InvalidTaskVariables ex) {
    ProblemDetail problem =
        ProblemWriter.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Validation failed",
            text("problem.validation.task-form", "The form data does not fit the task's form."));
    problem.setProperty("errors", ex.problems());
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler({CaseNotFoundException.class, EvidenceNotFoundException.class})
  ResponseEntity<ProblemDetail> notFound(RuntimeException ex) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(ProblemWriter.problem(
            HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", ex.getMessage()));
  }

  /** The reason is the point: the person must learn why they may not act on this case. */
  @ExceptionHandler(ImpartialityViolationException.class)
  ResponseEntity<ProblemDetail> impartiality(ImpartialityViolationException ex) {
    ProblemDetail problem =
        ProblemWriter.problem(
            HttpStatus.FORBIDDEN, ProblemTypes.IMPARTIALITY, "Impartiality", ex.getMessage());
    problem.setProperty("reason", ex.getMessage());
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
  }

  @ExceptionHandler(EvidenceRejectedException.class)
  ResponseEntity<ProblemDetail> evidenceRejected(EvidenceRejectedException ex) {
    HttpStatus status =
        switch (ex.reason()) {
          case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
          case MEDIA_TYPE_NOT_ALLOWED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
          default -> HttpStatus.BAD_REQUEST;
        };
    ProblemDetail problem =
        ProblemWriter.problem(status, ProblemTypes.EVIDENCE_REJECTED, "Evidence rejected",
            text("problem.evidence-rejected." + ex.reason().name(), ex.getMessage(), ex.getMessage()));
    problem.setProperty("reason", ex.reason().name());
    return ResponseEntity.status(status).body(problem);
  }

  @ExceptionHandler(BusinessRuleException.class)
  ResponseEntity<ProblemDetail> businessRule(BusinessRuleException ex) {
    ProblemDetail problem =
        ProblemWriter.problem(
            HttpStatus.CONFLICT, ProblemTypes.BUSINESS_RULE, "Refused by a scheme rule",
            text("problem.business-rule." + ex.code(), ex.getMessage(), ex.getMessage()));
    problem.setProperty("code", ex.code());
    return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
  }

  /**
   * The engine answered with an error: a missing or changed resource; an outage (502-504, 429:
   * try again later); else a request it could not handle.
   */
  @ExceptionHandler(ClientHttpException.class)
  ResponseEntity<ProblemDetail> engineAnswered(ClientHttpException ex) {
    log.info("Engine refused a request: {} {}", ex.code(), ex.getMessage());
    if (ex.code() == 429 || (ex.code() >= 502 && ex.code() <= 504)) {
      return engineUnavailable(ex);
    }
    HttpStatus status =
        switch (ex.code()) {
          case 404 -> HttpStatus.NOT_FOUND;
          case 409 -> HttpStatus.CONFLICT;
          default -> HttpStatus.BAD_GATEWAY;
        };
    URI type =
        switch (status) {
          case NOT_FOUND -> ProblemTypes.NOT_FOUND;
          case CONFLICT -> ProblemTypes.CONFLICT;
          default -> ProblemTypes.UPSTREAM_UNAVAILABLE;
        };
    return ResponseEntity.status(status)
        .body(ProblemWriter.problem(status, type, "Process engine refused the request",
            status == HttpStatus.BAD_GATEWAY
                ? text("problem.upstream-unavailable.refused", "The process engine could not handle the request; try again later.")
                : text("problem.engine.missing-or-changed", "The process engine reports the task or instance as missing or changed.")));
  }

  @ExceptionHandler(ClientException.class)
  ResponseEntity<ProblemDetail> engineUnavailable(ClientException ex) {
    log.warn("Process engine unavailable: {}", ex.toString());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Integer.toString(InputAndOutageProblems.RETRY_AFTER_SECONDS))
        .body(ProblemWriter.problem(
            HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UPSTREAM_UNAVAILABLE,
            "Process engine unavailable", text("problem.upstream-unavailable.detail", "The process engine cannot be reached; try again later.")));
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<ProblemDetail> badMultipart(MultipartException ex) {
    return ResponseEntity.badRequest()
        .body(ProblemWriter.problem(
            HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST, "Malformed upload",
            text("problem.malformed-request.multipart", "The multipart request could not be read.")));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception ex) {
    String reference = UUID.randomUUID().toString();
    log.error("Unexpected error, reference {}", reference, ex);
    ProblemDetail problem =
        ProblemWriter.problem(
            HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
            text("problem.internal.detail", "Something went wrong on our side. Quote reference {0} to the operators.", reference));
    problem.setProperty("reference", reference);
    return ResponseEntity.internalServerError().body(problem);
  }

  /**
   * A sentence in the caller's language from i18n/messages*.properties ({0}-style arguments);
   * the English given here is the fallback when a key is missing.
   */
  private String text(String key, String english, Object... args) {
    var messages = getMessageSource();
    if (messages == null) {
      return java.text.MessageFormat.format(english, args);
    }
    return messages.getMessage(key, args, english, LocaleContextHolder.getLocale());
  }

  static URI typeFor(int status) {
    return switch (status) {
      case 400 -> ProblemTypes.MALFORMED_REQUEST;
      case 401 -> ProblemTypes.UNAUTHENTICATED;
      case 403 -> ProblemTypes.FORBIDDEN;
      case 404 -> ProblemTypes.NOT_FOUND;
      case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
      case 409 -> ProblemTypes.CONFLICT;
      case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
      case 415, 406 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
      default -> status >= 500 ? ProblemTypes.INTERNAL : ProblemTypes.type("http-" + status);
    };
  }

  private static String messageOf(FieldError error) {
    return error.getDefaultMessage() == null ? "invalid" : error.getDefaultMessage();
  }

  private static String lastNode(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

}
