package org.exportcert.api.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.localstack.Supervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded engine is supervised as the embedded PostgreSQL is: a dead engine is started again
 * from its journal on the same ports with the same credentials, so the application's client (which
 * knows only those) carries on; one that cannot be brought back turns the verdict FAILED.
 */
class SupervisedEngineTest {

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private int search(ExportCertEngine engine, boolean withCredentials) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.restAddress() + "/v2/process-definitions/search"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
    if (withCredentials) {
      String basic = engine.credentials().username() + ":" + engine.credentials().password();
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aDeadEngineIsStartedAgainOnItsPortsWithItsCredentials() throws Exception {
    try (SupervisedEngine supervised = SupervisedEngine.start(EngineConfig.of(0, dir.resolve("engine")));
        Supervisor supervisor = new Supervisor(List.of(supervised), Duration.ofHours(1), 3)) {
      ExportCertEngine before = supervised.engine();
      int restPort = before.port();
      URI grpc = before.grpcAddress();
      String password = before.credentials().password();
      assertThat(supervised.alive()).isTrue();

      before.close(); // the engine stops under the application, as a crash of its listeners would
      assertThat(supervised.alive()).isFalse();

      supervisor.check(); // one round, as the timer would run it

      ExportCertEngine after = supervised.engine();
      assertThat(after).isNotSameAs(before);
      assertThat(supervised.alive()).isTrue();
      assertThat(after.port()).isEqualTo(restPort);
      assertThat(after.grpcAddress()).isEqualTo(grpc);
      assertThat(after.credentials().password()).isEqualTo(password);
      assertThat(search(after, true)).isEqualTo(200);
      assertThat(search(after, false)).isEqualTo(401);
      assertThat(supervisor.states().get("engine").restarts()).isEqualTo(1);
      assertThat(supervisor.anyFailed()).isFalse();
    }
  }

  @Test
  void aClosedEngineIsNotStartedAgain() {
    SupervisedEngine supervised = SupervisedEngine.start(EngineConfig.of(0, dir.resolve("engine")));
    supervised.close();
    assertThat(supervised.alive()).isFalse();
    assertThatThrownBy(supervised::restart).isInstanceOf(IllegalStateException.class);
  }
}
