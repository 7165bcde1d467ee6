package org.exportcert.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With an OIDC issuer configured, the engine accepts the issuer's bearer tokens (found through
 * its discovery document and key set, served here by a small local issuer) on REST and gRPC, and
 * refuses expired, foreign, wrongly signed or mis-addressed ones; basic credentials keep working.
 */
class EngineBearerTokenTest {

  private static final String AUDIENCE = "exportcert-engine";
  private HttpServer issuerServer;
  private URI issuer;
  private RSAKey key;
  private ExportCertEngine engine;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    issuer = URI.create("http://127.0.0.1:" + issuerServer.getAddress().getPort() + "/realms/exportcert");
    String keys = new JWKSet(key.toPublicJWK()).toString();
    issuerServer.createContext("/realms/exportcert/.well-known/openid-configuration", exchange -> answer(exchange,
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}"));
    issuerServer.createContext("/realms/exportcert/certs", exchange -> answer(exchange, keys));
    issuerServer.start();
    engine = ExportCertEngine.start(
        EngineConfig.inMemory(0).withSecurity(EngineSecurity.generatedSecret().withOidc(issuer, AUDIENCE)));
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws java.io.IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @AfterEach
  void stop() {
    engine.close();
    issuerServer.stop(0);
  }

  private String token(RSAKey signer, String iss, String aud, Instant expires) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(iss).subject("ops-service").audience(aud)
            .issueTime(new Date()).expirationTime(Date.from(expires)).build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  private int search(String authorization) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + "/v2/process-instances/search"))
            .header("Authorization", authorization).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void validTokensPassAndBadOnesAreRefused() throws Exception {
    Instant later = Instant.now().plusSeconds(300);
    assertThat(search("Bearer " + token(key, issuer.toString(), AUDIENCE, later))).isEqualTo(200);
    assertThat(search(engine.credentials().authorizationHeader())).as("basic still works").isEqualTo(200);

    assertThat(search("Bearer " + token(key, issuer.toString(), AUDIENCE, Instant.now().minusSeconds(600))))
        .as("expired").isEqualTo(401);
    assertThat(search("Bearer " + token(key, "http://elsewhere/realms/x", AUDIENCE, later))).as("other issuer").isEqualTo(401);
    assertThat(search("Bearer " + token(key, issuer.toString(), "another-api", later))).as("other audience").isEqualTo(401);
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThat(search("Bearer " + token(stranger, issuer.toString(), AUDIENCE, later))).as("forged signature").isEqualTo(401);
    assertThat(search("Bearer not-a-jwt")).isEqualTo(401);
  }

  @Test
  void theChallengeOffersBothSchemes() throws Exception {
    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(engine.restAddress() + "/v2/jobs/search"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("Basic realm=", "Bearer realm=");
  }

  @Test
  void grpcTakesTheTokenToo() throws Exception {
    String token = token(key, issuer.toString(), AUDIENCE, Instant.now().plusSeconds(300));
    CredentialsProvider bearer = new CredentialsProvider() {
      @Override
      public void applyCredentials(CredentialsApplier applier) {
        applier.put("Authorization", "Bearer " + token);
      }

      @Override
      public boolean shouldRetryRequest(StatusCode statusCode) {
        return false;
      }
    };
    try (CamundaClient client = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
        .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(false).credentialsProvider(bearer).build()) {
      assertThat(client.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
      assertThat(client.newDeployResourceCommand()
          .addProcessModel(io.camunda.zeebe.model.bpmn.Bpmn.createExecutableProcess("b").startEvent().endEvent().done(), "b.bpmn")
          .send().join().getProcesses()).hasSize(1);
    }
  }
}
