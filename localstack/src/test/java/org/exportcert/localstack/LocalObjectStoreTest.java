package org.exportcert.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

  @TempDir Path dir;

  private static int status(LocalObjectStore store) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // unsigned: a live server answers (refuses) it; a dead one does not answer at all
    return http.send(HttpRequest.newBuilder(URI.create(store.endpoint() + "/")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void aCrashedServerIsStartedAgainOnItsPortByTheSupervisor() throws Exception {
    try (LocalObjectStore store = LocalObjectStore.start(dir.resolve("objects"), 0, "key", "secret-123");
        Supervisor supervisor = new Supervisor(List.of(store), Duration.ofHours(1), 3)) {
      int port = store.port();
      assertThat(store.alive()).isTrue();
      assertThat(status(store)).isEqualTo(403);

      store.crashForTest();
      assertThat(store.alive()).isFalse();

      supervisor.check(); // one round, as the timer would run it

      assertThat(store.alive()).isTrue();
      assertThat(store.port()).isEqualTo(port);
      assertThat(status(store)).isEqualTo(403);
      assertThat(supervisor.states().get("s3").restarts()).isEqualTo(1);
      assertThat(supervisor.anyFailed()).isFalse();
    }
  }

  @Test
  void aClosedStoreIsNotRestarted() {
    LocalObjectStore store = LocalObjectStore.start(dir.resolve("objects"), 0, "key", "secret-123");
    store.close();
    assertThat(store.alive()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(store::restart).isInstanceOf(IllegalStateException.class);
  }
}
