package org.exportcert.api.error;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives every problem+json that leaves a controller or exception handler its title in the
 * caller's language (LocaleContextHolder holds the locale the LocaleResolver chose).
 */
@RestControllerAdvice
class LocalizedProblems implements ResponseBodyAdvice<Object> {

  private final MessageSource messages;

  LocalizedProblems(MessageSource messages) {
    this.messages = messages;
  }

  @Override
  public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
      Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
    if (body instanceof ProblemDetail problem) {
      ProblemTexts.localize(problem, messages, LocaleContextHolder.getLocale());
    }
    return body;
  }
}
