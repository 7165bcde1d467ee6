package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a supervisor relies on: {@code alive()} tells a working engine from a stopped one, and
 * closing a stopped engine again returns at once (it once waited forever on its stopped journal). */
class EngineAlivenessTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aRunningEngineIsAliveAClosedOneIsNotAndClosingTwiceReturns() {
    ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir.resolve("engine")));
    assertThat(engine.alive()).isTrue();
    engine.close();
    assertThat(engine.alive()).isFalse();
    long started = System.nanoTime();
    engine.close();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @Timeout(60)
  void anEngineWhoseProcessorStoppedIsNotAlive() {
    try (ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir.resolve("engine2")))) {
      engine.processor().close(); // the processor ends while the listeners still accept connections
      assertThat(engine.alive()).isFalse();
    }
  }
}
