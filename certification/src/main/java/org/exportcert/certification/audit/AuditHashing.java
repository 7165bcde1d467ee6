package org.exportcert.certification.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** The canonical form an entry's hash covers; length-prefixed so no two entries collide. */
final class AuditHashing {

  static final String GENESIS = "0".repeat(64);

  private AuditHashing() {}

  /** PostgreSQL keeps microseconds: hash what will be read back. */
  static Instant normalise(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  static String hash(
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String subjectType,
      String subjectId,
      String reason,
      String previousHash) {
    StringBuilder b = new StringBuilder();
    for (String field :
        new String[] {
          Long.toString(seq),
          normalise(occurredAt).toString(),
          actor,
          action,
          subjectType,
          subjectId,
          reason == null ? "\u0000" : reason,
          previousHash
        }) {
      b.append(field.length()).append(':').append(field).append('|');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hashOf(AuditEntry e) {
    return hash(
        e.getSeq(),
        e.getOccurredAt(),
        e.getActor(),
        e.getAction(),
        e.getSubjectType(),
        e.getSubjectId(),
        e.getReason(),
        e.getPreviousHash());
  }
}
