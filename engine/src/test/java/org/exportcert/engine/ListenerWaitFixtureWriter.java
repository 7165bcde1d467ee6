package org.exportcert.engine;

import io.camunda.client.CamundaClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exportcert.engine.snapshot.SnapshotPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the data directory of {@link ListenerWaitFixtureScenario} (a tool, not a check: it runs
 * only with {@code -Dsnapshot.fixture.out=DIR}): {@link ListenerWaitFixtureScenario#beforeSnapshot},
 * a clean close (which writes a snapshot holding the listener waits), then
 * {@link ListenerWaitFixtureScenario#afterSnapshot} in the journal after it, left as a kill -9 would.
 *
 * <p>The fixture under {@code snapshot-fixtures/format-1/listener-waits} was written by the engine
 * of commit 0be86b0 (snapshot format 1: listener waits as serialized lambdas) and must stay as it
 * is. To add a fixture of a later format, check out that commit's engine, run
 * <pre>mvn -B -q -pl engine -am test -Dtest=ListenerWaitFixtureWriter -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dsnapshot.fixture.out=/tmp/fixture</pre>
 * and copy {@code /tmp/fixture/listener-waits} (without {@code client-credentials.properties})
 * to {@code src/test/resources/snapshot-fixtures/format-N/}.
 */
@EnabledIfSystemProperty(named = "snapshot.fixture.out", matches = ".+")
class ListenerWaitFixtureWriter {

  @Test
  void write() throws Exception {
    Path dir = Files.createDirectories(Path.of(System.getProperty("snapshot.fixture.out")).resolve("listener-waits"));
    long creating;
    ExportCertEngine engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), SnapshotPolicy.defaults());
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      ListenerWaitFixtureScenario.beforeSnapshot(client);
      creating = client.newProcessInstanceSearchRequest().send().join().items().stream()
          .mapToLong(i -> i.getProcessInstanceKey()).max().orElseThrow(); // CASE-CREATING, the last one
    }
    engine.close(); // writes the snapshot
    engine = ExportCertEngine.start(EngineConfig.of(0, dir).withoutAuthentication(), new SnapshotPolicy(0, 0));
    try (CamundaClient client = EngineExtension.newClient(engine)) {
      ListenerWaitFixtureScenario.afterSnapshot(client, creating);
    }
    engine.abandon();
  }
}
