package org.exportcert.api.health;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a health request's round of checks the moment it arrives, before anything else runs:
 * signing in hashes a password, which on a loaded machine takes a good part of the time box, so
 * the checks run meanwhile and their deadline counts from arrival. The time box then bounds the
 * whole answer, not only the part after the filters, and a slow sign-in does not cut the checks'
 * own time short.
 */
@Component
class HealthRequestArrival extends OncePerRequestFilter implements Ordered {

  private final TimeBoxedHealthIndicators checks;

  HealthRequestArrival(TimeBoxedHealthIndicators checks) {
    this.checks = checks;
  }

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
    request.setAttribute(TimeBoxedHealthIndicators.ROUND, checks.openAt(System.nanoTime()));
    chain.doFilter(request, response);
  }
}
