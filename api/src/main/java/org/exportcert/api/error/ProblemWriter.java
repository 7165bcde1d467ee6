package org.exportcert.api.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/** Writes a problem+json body from filters, where no controller advice runs. */
@Component
public class ProblemWriter {

  private final ObjectMapper objectMapper;
  private final MessageSource messages;
  private final LocaleResolver locales;

  public ProblemWriter(ObjectMapper objectMapper, MessageSource messages, LocaleResolver locales) {
    this.objectMapper = objectMapper;
    this.messages = messages;
    this.locales = locales;
  }

  /** A fixed sentence in the caller's language, for filters that answer before MVC runs. */
  public String text(HttpServletRequest request, String key, String english, Object... args) {
    return messages.getMessage(key, args, english, locales.resolveLocale(request));
  }

  public static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type);
    problem.setTitle(title);
    return problem;
  }

  public void write(
      HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    // on an error dispatch, the path the client asked for rather than /error
    Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    try {
      problem.setInstance(URI.create(original instanceof String path ? path : request.getRequestURI()));
    } catch (IllegalArgumentException notAUri) {
      // a malformed path is not repeated back
    }
    ProblemTexts.localize(problem, messages, locales.resolveLocale(request));
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    objectMapper.writeValue(response.getOutputStream(), problem);
  }
}
