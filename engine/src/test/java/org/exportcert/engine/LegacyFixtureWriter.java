package org.exportcert.engine;

import io.camunda.client.CamundaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the data directories of {@link LegacyFixtureScenario} (a tool, not a check: it runs only
 * with {@code -Dlegacy.fixture.out=DIR}). {@code journal-only}: the whole scenario in the journal,
 * the engine left as a kill -9 would (no closing snapshot). {@code with-snapshot}: the first half,
 * a clean close (which writes a snapshot), the second half in the journal after it, then left as
 * a kill -9 would. The fixtures under {@code journal-fixtures/format-1} were written by the
 * engine of commit c28e1d0, before commands became typed records.
 */
@EnabledIfSystemProperty(named = "legacy.fixture.out", matches = ".+")
class LegacyFixtureWriter {

  @Test
  void write() throws Exception {
    Path out = Path.of(System.getProperty("legacy.fixture.out"));
    Path journalOnly = Files.createDirectories(out.resolve("journal-only"));
    ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, journalOnly).withoutAuthentication(), new SnapshotPolicy(0, 0));
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      LegacyFixtureScenario.firstHalf(client);
      LegacyFixtureScenario.secondHalf(client);
    }
    engine.abandon();

    Path withSnapshot = Files.createDirectories(out.resolve("with-snapshot"));
    engine = ExportCertEngine.start(EngineConfig.of(0, withSnapshot).withoutAuthentication(), SnapshotPolicy.defaults());
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      LegacyFixtureScenario.firstHalf(client);
    }
    engine.close();
    engine = ExportCertEngine.start(EngineConfig.of(0, withSnapshot).withoutAuthentication(), new SnapshotPolicy(0, 0));
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      LegacyFixtureScenario.secondHalf(client);
    }
    engine.abandon();
  }
}
