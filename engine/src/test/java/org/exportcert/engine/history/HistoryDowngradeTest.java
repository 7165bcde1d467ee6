package org.exportcert.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgraded store opened again by an older engine (a downgrade) gets its new finished instances
 * in the first layout beside the format-2 maps; the next upgrade must add them, not drop them
 * (it once saw the format noted, skipped the copy and deleted the old maps).
 */
class HistoryDowngradeTest {

  @Test
  void instancesAnOlderEngineWroteAfterTheUpgradeAreCopiedOnTheNextOpen(@TempDir Path dir) {
    try (HistoryStore store = new HistoryStore(dir)) { // today's engine: format 2
      store.putInstance(5, Map.of(Kind.PROCESS_INSTANCE, List.of(Json.object().put("processInstanceKey", "5").put("state", "COMPLETED"))));
      store.commit();
    }
    Format1Fixture.write(dir, 100, 3); // the older engine, after a downgrade
    for (int open = 1; open <= 2; open++) {
      try (HistoryStore store = new HistoryStore(dir)) {
        assertThat(store.all(Kind.PROCESS_INSTANCE)).extracting(v -> v.path("processInstanceKey").asText())
            .containsExactly("5", "100", "101", "102");
        assertThat(store.ofInstance(Kind.VARIABLE, 101)).hasSize(2);
        assertThat(store.withField(Kind.PROCESS_INSTANCE, "state", "COMPLETED")).hasSize(4);
      }
      assertThat(Format1Fixture.present(dir)).isFalse();
    }
  }
}
