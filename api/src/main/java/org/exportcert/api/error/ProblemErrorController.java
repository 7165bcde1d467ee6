package org.exportcert.api.error;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller as problem+json: the servlet container's error dispatch
 * (Boot's {@code /error}, which this replaces), requests the security firewall refuses (an encoded
 * CR/LF, {@code ..}, a NUL in the path) and Tomcat's own error reports (see
 * {@link ProblemErrorReportValve}).
 */
@Hidden // not an endpoint of the API: it stays out of the OpenAPI document
@RestController
class ProblemErrorController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

  private final ProblemWriter problems;
  private final MessageSource messages;

  ProblemErrorController(ProblemWriter problems, MessageSource messages) {
    this.problems = problems;
    this.messages = messages;
  }

  @RequestMapping("/error")
  void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    // a client calling /error itself (not the container's error dispatch): there is nothing here,
    // as for any unknown path; it was a 500 "internal error" for every method and body
    int status = code instanceof Integer i && i >= 400 ? i : error == null ? 404 : 500;
    if (error instanceof RequestRejectedException) {
      status = 400;
    }
    ProblemDetail problem;
    if (status >= 500) {
      String reference = UUID.randomUUID().toString();
      log.error("Error outside the controllers, reference {}", reference, error);
      problem = ProblemWriter.problem(HttpStatus.valueOf(status), ApiExceptionHandler.typeFor(status),
          text("problem.internal.title", "Internal error"),
          text("problem.internal.detail",
              "Something went wrong on our side. Quote reference {0} to the operators.", reference));
      problem.setProperty("reference", reference);
    } else {
      HttpStatus known = HttpStatus.resolve(status);
      problem = ProblemWriter.problem(known == null ? HttpStatus.BAD_REQUEST : known,
          ApiExceptionHandler.typeFor(status),
          known == null ? "Error " + status : known.getReasonPhrase(),
          text("problem.request-refused.detail",
              "The request was refused before it reached the application: check its path, headers and body."));
    }
    response.resetBuffer();
    problems.write(request, response, problem);
  }

  private String text(String key, String english, Object... args) {
    return messages.getMessage(key, args, english, LocaleContextHolder.getLocale());
  }
}
