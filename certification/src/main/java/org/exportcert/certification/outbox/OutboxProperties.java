package org.exportcert.certification.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code exportcert.outbox.*}: how often and how persistently messages are delivered. */
@ConfigurationProperties(prefix = "exportcert.outbox")
public record OutboxProperties(
    Boolean dispatcherEnabled, Duration pollInterval, Integer batchSize, Integer maxAttempts,
    Duration firstRetry, Duration maxRetry) {

  public OutboxProperties {
    dispatcherEnabled = dispatcherEnabled == null || dispatcherEnabled;
    pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
    batchSize = batchSize == null ? 20 : batchSize;
    maxAttempts = maxAttempts == null ? 12 : maxAttempts;
    firstRetry = firstRetry == null ? Duration.ofSeconds(10) : firstRetry;
    maxRetry = maxRetry == null ? Duration.ofHours(1) : maxRetry;
  }

  /** Exponential back-off, capped. */
  public Duration retryAfter(int attempts) {
    long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
    Duration d = firstRetry.multipliedBy(factor);
    return d.compareTo(maxRetry) > 0 ? maxRetry : d;
  }
}
