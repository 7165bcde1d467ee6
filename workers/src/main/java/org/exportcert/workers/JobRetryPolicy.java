package org.exportcert.workers;

import java.time.Duration;

/**
 * How a worker's technical failure is retried. A transient failure (the database pool timed out, a
 * dependency answered 503 or did not answer) is retried up to {@code transientAttempts} times
 * without using up the job's retries, each time after a back-off that doubles from {@code
 * firstBackoff} up to {@code maxBackoff}; with the defaults that rides out about 35 minutes of
 * overload. Any other technical failure uses the retries the model gives the job (the same
 * back-off), and an error that says the input is wrong becomes an incident at once.
 */
public record JobRetryPolicy(Duration firstBackoff, Duration maxBackoff, int transientAttempts) {

  public static final JobRetryPolicy DEFAULTS = new JobRetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 12);

  public JobRetryPolicy {
    if (firstBackoff == null || firstBackoff.isNegative() || firstBackoff.isZero()) {
      throw new IllegalArgumentException("exportcert.workers.retry.first-backoff must be positive: " + firstBackoff);
    }
    if (maxBackoff == null || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("exportcert.workers.retry.max-backoff must be at least the first back-off: " + maxBackoff);
    }
    if (transientAttempts < 0 || transientAttempts > 1000) {
      throw new IllegalArgumentException("exportcert.workers.retry.transient-attempts must be 0..1000: " + transientAttempts);
    }
  }

  /** The pause before attempt {@code failures + 1}: first, doubled per failure, capped. */
  public Duration backoffAfter(int failures) {
    Duration backoff = firstBackoff.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
    return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
  }
}
