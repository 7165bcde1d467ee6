package org.exportcert.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.error.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per client address on the unauthenticated endpoints (public registry, partner
 * webhook), so one caller cannot starve the others. In-memory: each instance limits on its own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class PublicRateLimitFilter extends OncePerRequestFilter {

  private final int perMinute;
  private final ProblemWriter problems;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  PublicRateLimitFilter(RequestLimitsProperties limits, ProblemWriter problems) {
    this.perMinute = limits.publicRequestsPerMinute();
    this.problems = problems;
    this.clock = Clock.systemUTC();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI();
    return !(path.startsWith("/api/public/") || path.startsWith("/api/partner/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (buckets.size() > 10_000) {
      buckets.clear(); // bounded memory under address churn; limits restart, never block wrongly
    }
    Bucket bucket = buckets.computeIfAbsent(request.getRemoteAddr(), k -> new Bucket(perMinute));
    long waitSeconds = bucket.take(clock.millis(), perMinute);
    if (waitSeconds > 0) {
      response.setHeader("Retry-After", Long.toString(waitSeconds));
      problems.write(
          request,
          response,
          ProblemWriter.problem(
              HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Too many requests",
              problems.text(request, "problem.rate-limited.detail",
                  "Slow down: at most {0} requests per minute from one address.", perMinute)));
      return;
    }
    chain.doFilter(request, response);
  }

  /** Refills continuously at perMinute tokens a minute, holding at most perMinute. */
  static final class Bucket {
    private double tokens;
    private long last = -1;

    Bucket(int capacity) {
      this.tokens = capacity;
    }

    /** @return 0 when a token was taken, else the whole seconds until one is available */
    synchronized long take(long nowMillis, int perMinute) {
      if (last >= 0) {
        tokens = Math.min(perMinute, tokens + (nowMillis - last) * perMinute / 60_000.0);
      }
      last = nowMillis;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) * 60.0 / perMinute);
    }
  }
}
