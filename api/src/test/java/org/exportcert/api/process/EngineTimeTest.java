package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What is overdue follows the engine's clock, moved with PUT /v2/clock as the journey test does. */
class EngineTimeTest {

  static final Clock APPLICATION = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static ExportCertEngine engine;
  static CamundaClient client;

  @BeforeAll
  static void engine() {
    engine = ExportCertEngine.start(EngineConfig.inMemory(0));
    client = CamundaClient.newClientBuilder().restAddress(engine.restAddress()).preferRestOverGrpc(true)
        .credentialsProvider(io.camunda.client.CredentialsProvider.newBasicAuthCredentialsProviderBuilder()
            .username(engine.credentials().username()).password(engine.credentials().password()).build())
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  MockEnvironment clientSettings(String password) {
    return new MockEnvironment()
        .withProperty("camunda.client.rest-address", engine.restAddress().toString())
        .withProperty("camunda.client.auth.method", "basic")
        .withProperty("camunda.client.auth.username", engine.credentials().username())
        .withProperty("camunda.client.auth.password", password);
  }

  @Test
  void aMovedEngineClockIsTheTimeOverdueIsJudgedBy() {
    Instant pinned = Instant.parse("2031-03-04T05:06:07Z");
    client.newPinClockCommand().time(pinned.toEpochMilli()).send().join();
    try {
      EngineTime time = new EngineTime(APPLICATION, clientSettings(engine.credentials().password()), new ObjectMapper());
      assertThat(time.now()).isEqualTo(pinned);
      // due a year after the application's clock, yet overdue by the engine's
      assertThat(EngineTime.overdue(time.nowUtc().minusYears(1), time.nowUtc())).isTrue();
    } finally {
      client.newResetClockCommand().send().join();
    }
  }

  @Test
  void withoutAnEngineThatTellsItsTimeTheApplicationClockAnswers() {
    assertThat(new EngineTime(APPLICATION, new MockEnvironment(), new ObjectMapper()).now())
        .isEqualTo(APPLICATION.instant());
    assertThat(new EngineTime(APPLICATION, clientSettings("wrong password"), new ObjectMapper()).now())
        .isEqualTo(APPLICATION.instant());
    assertThat(new EngineTime(APPLICATION, new MockEnvironment()
        .withProperty("camunda.client.rest-address", "http://127.0.0.1:1"), new ObjectMapper()).now())
        .isEqualTo(APPLICATION.instant());
  }
}
