package org.exportcert.api.cases;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.exportcert.api.error.ApiProblem;

/**
 * The SHA-256 a client declares for a request body in the {@code Content-Digest} field of RFC 9530
 * ({@code sha-256=:<base64>:}); other algorithms in the field are ignored.
 */
public final class ContentDigest {

  private ContentDigest() {}

  /** The declared SHA-256 as lower-case hex; empty when the header or its sha-256 entry is absent. */
  public static Optional<String> sha256Hex(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    for (String member : header.split(",")) {
      String m = member.strip();
      int eq = m.indexOf('=');
      if (eq < 0 || !m.substring(0, eq).strip().equalsIgnoreCase("sha-256")) {
        continue;
      }
      String value = m.substring(eq + 1).strip();
      if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
        throw ApiProblem.invalid("Content-Digest sha-256 must be a byte sequence, like sha-256=:<base64>:");
      }
      byte[] digest;
      try {
        digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("Content-Digest sha-256 is not valid base64.");
      }
      if (digest.length != 32) {
        throw ApiProblem.invalid("Content-Digest sha-256 must be 32 bytes, not " + digest.length + ".");
      }
      return Optional.of(HexFormat.of().formatHex(digest));
    }
    return Optional.empty();
  }
}
