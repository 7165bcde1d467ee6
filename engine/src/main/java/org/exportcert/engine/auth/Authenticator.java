package org.exportcert.engine.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * Checks the {@code Authorization} value of a REST request or gRPC call: HTTP basic against the
 * engine's credentials, or a bearer token against the OIDC issuer when one is configured. Shared
 * by the REST filter and the gRPC interceptor so both ports apply one rule.
 */
public final class Authenticator {

  /** Why a call was refused; the message is safe to show the caller (it never echoes secrets). */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final boolean enabled;
  private final EngineCredentials credentials;
  private final byte[] expectedBasic;
  private final OidcTokenVerifier oidc;

  private Authenticator(EngineCredentials credentials, OidcTokenVerifier oidc) {
    this.enabled = credentials != null;
    this.credentials = credentials;
    this.expectedBasic =
        credentials == null ? null : credentials.authorizationHeader().substring(6).getBytes(StandardCharsets.US_ASCII);
    this.oidc = oidc;
  }

  /** Resolves the credentials (reading or generating the secret in the data directory). */
  public static Authenticator create(EngineSecurity security, Path dataDirectory) {
    if (!security.enabled()) {
      return new Authenticator(null, null);
    }
    OidcTokenVerifier oidc =
        security.oidcIssuer() == null ? null : new OidcTokenVerifier(security.oidcIssuer(), security.oidcAudience());
    return new Authenticator(EngineCredentials.resolve(security, dataDirectory), oidc);
  }

  public boolean enabled() {
    return enabled;
  }

  /** The basic credentials clients use, or null when authentication is off. */
  public EngineCredentials credentials() {
    return credentials;
  }

  public boolean acceptsBearerTokens() {
    return oidc != null;
  }

  /** The value of a {@code WWW-Authenticate} header naming the schemes this engine accepts. */
  public String challenge() {
    String basic = "Basic realm=\"ExportCert engine\", charset=\"UTF-8\"";
    return oidc == null ? basic : basic + ", Bearer realm=\"ExportCert engine\"";
  }

  /**
   * Returns the caller's name (the basic user or the token's subject).
   *
   * @throws Refused when the value is missing, malformed or wrong
   */
  public String authenticate(String authorization) throws Refused {
    if (!enabled) {
      return "anonymous";
    }
    if (authorization == null || authorization.isBlank()) {
      throw new Refused("This engine requires authentication: send HTTP basic credentials"
          + (oidc == null ? "" : " or an OIDC bearer token") + " in the Authorization header");
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    String token = space < 0 ? "" : value.substring(space + 1).trim();
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "basic" -> {
        // constant-time comparison of the encoded form; a differently encoded but equal value is
        // re-encoded first so that "user:pass" in any valid Base64 spelling is accepted
        // (every client sends the canonical form: comparing it as sent first spares the re-encoding per request)
        if (MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), expectedBasic)) {
          return credentials.username();
        }
        byte[] given = canonicalBasic(token);
        if (given == null || !MessageDigest.isEqual(given, expectedBasic)) {
          throw new Refused("The username or password is wrong");
        }
        return credentials.username();
      }
      case "bearer" -> {
        if (oidc == null) {
          throw new Refused("This engine accepts no bearer tokens (no OIDC issuer is configured); use basic credentials");
        }
        return oidc.verify(token);
      }
      default -> throw new Refused("Unsupported authorization scheme; use Basic"
          + (oidc == null ? "" : " or Bearer"));
    }
  }

  private static byte[] canonicalBasic(String token) {
    try {
      byte[] decoded = Base64.getDecoder().decode(token);
      return Base64.getEncoder().encodeToString(decoded).getBytes(StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
