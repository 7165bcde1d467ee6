package org.exportcert.api.error;

import java.net.URI;

/** Stable problem {@code type}s clients can switch on; the title may change, the type does not. */
public final class ProblemTypes {

  private ProblemTypes() {}

  public static final URI VALIDATION = type("validation");
  public static final URI MALFORMED_REQUEST = type("malformed-request");
  public static final URI UNAUTHENTICATED = type("unauthenticated");
  public static final URI FORBIDDEN = type("forbidden");
  public static final URI IMPARTIALITY = type("impartiality");
  public static final URI NOT_FOUND = type("not-found");
  public static final URI CONFLICT = type("conflict");
  public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");
  public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");
  public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");
  public static final URI RATE_LIMITED = type("rate-limited");
  public static final URI UPSTREAM_UNAVAILABLE = type("upstream-unavailable");
  public static final URI INTERNAL = type("internal");
  public static final URI BUSINESS_RULE = type("business-rule");
  public static final URI EVIDENCE_REJECTED = type("evidence-rejected");
  public static final URI REPLAY = type("replay");
  public static final URI BAD_SIGNATURE = type("bad-signature");
  public static final URI LINT_FAILED = type("lint-failed");
  public static final URI MODEL_REFUSED = type("model-refused");

  public static URI type(String slug) {
    return URI.create("urn:exportcert:problem:" + slug);
  }
}
