package org.exportcert.engine.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;
import org.exportcert.engine.runtime.Json;

/**
 * Validates bearer tokens with Nimbus JOSE + JWT: the signature against the issuer's published keys
 * (found through its OpenID discovery document, fetched on first use and cached, refreshed when a
 * token names an unknown key), the issuer, the expiry and, when configured, the audience.
 */
final class OidcTokenVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
  private static final int TIMEOUT_MS = 5_000;

  private final URI issuer;
  private final String audience;
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  OidcTokenVerifier(URI issuer, String audience) {
    this.issuer = issuer;
    this.audience = audience;
  }

  /** Returns the token's subject. */
  String verify(String token) throws Authenticator.Refused {
    if (token.isEmpty()) {
      throw new Authenticator.Refused("The bearer token is empty");
    }
    try {
      JWTClaimsSet claims = processor().process(token, null);
      return claims.getSubject();
    } catch (KeySourceException e) {
      throw new Authenticator.Refused("The token issuer's keys could not be fetched; try again later");
    } catch (ParseException e) {
      throw new Authenticator.Refused("The bearer token is not a JWT");
    } catch (BadJOSEException | JOSEException e) {
      throw new Authenticator.Refused("The bearer token was refused: " + e.getMessage());
    }
  }

  private DefaultJWTProcessor<SecurityContext> processor() throws Authenticator.Refused {
    DefaultJWTProcessor<SecurityContext> current = processor;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (processor == null) {
        processor = build(jwksUrl());
      }
      return processor;
    }
  }

  private DefaultJWTProcessor<SecurityContext> build(URL jwks) {
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(jwks, new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, 512 * 1024))
            .retrying(true)
            .build();
    DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
    built.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    Set<String> required = new HashSet<>(Set.of("exp", "iss"));
    built.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        audience == null ? null : new HashSet<>(Set.of(audience)), // nimbus asks contains(null)
        new JWTClaimsSet.Builder().issuer(issuer.toString()).build(),
        required,
        null));
    return built;
  }

  /** The {@code jwks_uri} of the issuer's discovery document, which must name the same issuer. */
  private URL jwksUrl() throws Authenticator.Refused {
    String base = issuer.toString().replaceAll("/+$", "");
    try {
      DefaultResourceRetriever retriever = new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, 512 * 1024);
      String document =
          retriever.retrieveResource(new URL(base + "/.well-known/openid-configuration")).getContent();
      JsonNode discovery = Json.read(document);
      if (!issuer.toString().equals(discovery.path("issuer").asText())) {
        throw new Authenticator.Refused("The OIDC discovery document names another issuer than " + issuer);
      }
      String jwks = discovery.path("jwks_uri").asText("");
      if (jwks.isEmpty()) {
        throw new Authenticator.Refused("The OIDC discovery document of " + issuer + " has no jwks_uri");
      }
      return URI.create(jwks).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new Authenticator.Refused("The OIDC issuer " + issuer + " publishes no usable key set address");
    } catch (IOException | RuntimeException e) {
      throw new Authenticator.Refused("The token issuer " + issuer + " could not be reached; try again later");
    }
  }
}
