package org.exportcert.api.partner;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Remembers webhook signatures for the replay window, in PostgreSQL: a primary key makes "seen
 * before" atomic across instances, and it survives restarts. Joins the caller's transaction, so a
 * call that fails later does not burn its signature.
 */
@Component
public class ReplayGuard {

  /** Kept twice the tolerance: a signature cannot come back while its timestamp is acceptable. */
  static final Duration KEEP = WebhookVerifier.TOLERANCE.multipliedBy(2);

  private final JdbcTemplate jdbc;

  public ReplayGuard(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** @return true the first time the signature is seen, false for a replay */
  public boolean firstSeen(String partner, String signature, Instant now) {
    jdbc.update("DELETE FROM partner_webhook_signature WHERE received_at < ?",
        Timestamp.from(now.minus(KEEP)));
    int inserted = jdbc.update(
        "INSERT INTO partner_webhook_signature (signature, partner, received_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (signature) DO NOTHING",
        signature, partner, Timestamp.from(now));
    return inserted == 1;
  }
}
