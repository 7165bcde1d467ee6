package org.exportcert.engine.auth;

import java.net.URI;
import java.util.Objects;

/**
 * Who may call the engine. By default every REST and gRPC call needs HTTP basic credentials: the
 * password is given, or generated into the data directory on first start and reused after (see
 * {@link EngineCredentials}). With an OIDC issuer, bearer tokens it signed are accepted as well.
 * {@link #none()} switches authentication off; it exists for unit tests of the engine's semantics
 * and must never be used for an engine that other processes can reach.
 */
public record EngineSecurity(
    boolean enabled, String username, String password, URI oidcIssuer, String oidcAudience) {

  /** The user the generated secret belongs to, unless another is given. */
  public static final String DEFAULT_USERNAME = "exportcert";

  public EngineSecurity {
    if (enabled) {
      Objects.requireNonNull(username, "username");
      if (username.isBlank() || username.contains(":")) {
        throw new IllegalArgumentException("the engine username must be non-blank without ':'");
      }
      if (password != null && password.length() < 12) {
        throw new IllegalArgumentException("the engine password must have at least 12 characters");
      }
      if (oidcIssuer != null && !oidcIssuer.isAbsolute()) {
        throw new IllegalArgumentException("the OIDC issuer must be an absolute URL, was " + oidcIssuer);
      }
    }
  }

  /** Basic authentication as {@value #DEFAULT_USERNAME} with a generated, persisted secret. */
  public static EngineSecurity generatedSecret() {
    return new EngineSecurity(true, DEFAULT_USERNAME, null, null, null);
  }

  /** Basic authentication with the given credentials. */
  public static EngineSecurity basic(String username, String password) {
    return new EngineSecurity(true, username, Objects.requireNonNull(password, "password"), null, null);
  }

  /** No authentication at all: engine unit tests only. */
  public static EngineSecurity none() {
    return new EngineSecurity(false, null, null, null, null);
  }

  /** Also accepts bearer tokens signed by the issuer (and, if given, meant for the audience). */
  public EngineSecurity withOidc(URI issuer, String audience) {
    return new EngineSecurity(enabled, username, password, Objects.requireNonNull(issuer, "issuer"), audience);
  }

  /**
   * Reads {@code EXPORTCERT_ENGINE_USERNAME}, {@code EXPORTCERT_ENGINE_PASSWORD},
   * {@code EXPORTCERT_ENGINE_OIDC_ISSUER_URI} and {@code EXPORTCERT_ENGINE_OIDC_AUDIENCE} from the
   * given lookup (the environment); unset ones keep the defaults (generated secret, no OIDC).
   */
  public static EngineSecurity fromEnvironment(java.util.function.Function<String, String> env) {
    String username = blankToNull(env.apply("EXPORTCERT_ENGINE_USERNAME"));
    String password = env.apply("EXPORTCERT_ENGINE_PASSWORD");
    password = password == null || password.isEmpty() ? null : password; // a password is taken as is
    String issuer = blankToNull(env.apply("EXPORTCERT_ENGINE_OIDC_ISSUER_URI"));
    EngineSecurity security =
        new EngineSecurity(true, username == null ? DEFAULT_USERNAME : username, password, null, null);
    return issuer == null
        ? security
        : security.withOidc(URI.create(issuer), blankToNull(env.apply("EXPORTCERT_ENGINE_OIDC_AUDIENCE")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String toString() {
    // never the password
    return enabled
        ? "EngineSecurity[basic as " + username + (oidcIssuer == null ? "" : ", bearer tokens of " + oidcIssuer) + "]"
        : "EngineSecurity[none]";
  }
}
