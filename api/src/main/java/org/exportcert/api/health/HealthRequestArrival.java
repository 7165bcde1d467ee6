package org.exportcert.api.health;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes when a health request arrived, before anything else runs (signing in hashes a password,
 * which on a loaded machine takes a good part of the time box): the checks' deadline counts from
 * here, so the time box bounds the whole answer, not only the part after the filters.
 */
@Component
class HealthRequestArrival extends OncePerRequestFilter implements Ordered {

  static final String ARRIVED = HealthRequestArrival.class.getName() + ".nanos";

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(request.getContextPath() + "/actuator/health");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    request.setAttribute(ARRIVED, System.nanoTime());
    chain.doFilter(request, response);
  }

  /** When this request arrived ({@link System#nanoTime()}), if it is a health request. */
  static Optional<Long> of(RequestAttributes request) {
    return request.getAttribute(ARRIVED, RequestAttributes.SCOPE_REQUEST) instanceof Long nanos
        ? Optional.of(nanos)
        : Optional.empty();
  }
}
