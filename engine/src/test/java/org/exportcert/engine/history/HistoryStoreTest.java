package org.exportcert.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history store's index by instance, its durability across a reopen, and retention by end time. */
class HistoryStoreTest {

  private static void instance(HistoryStore store, long key, long endMillis) {
    store.put(Kind.PROCESS_INSTANCE, key, key, Json.object().put("processInstanceKey", String.valueOf(key)));
    store.put(Kind.VARIABLE, key * 10 + 1, key, Json.object().put("variableKey", String.valueOf(key * 10 + 1)));
    store.put(Kind.VARIABLE, key * 10 + 2, key, Json.object().put("variableKey", String.valueOf(key * 10 + 2)));
    store.ended(key, endMillis);
  }

  @Test
  void keepsViewsByInstanceAcrossAReopenAndExpiresByEndTime(@TempDir java.nio.file.Path dir) throws Exception {
    try (HistoryStore store = new HistoryStore(dir)) {
      instance(store, 7, 1_000);
      instance(store, 8, 5_000);
      instance(store, 9, 9_000);
      store.commit();
    }
    try (HistoryStore store = new HistoryStore(dir)) {
      assertThat(store.ofInstance(Kind.VARIABLE, 8)).extracting(v -> v.path("variableKey").asText()).containsExactly("81", "82");
      assertThat(store.get(Kind.PROCESS_INSTANCE, 9).path("processInstanceKey").asText()).isEqualTo("9");

      assertThat(new HistoryRetention(0).apply(store, Long.MAX_VALUE / 2)).as("0 days keeps everything").isZero();
      assertThat(store.expire(5_000)).as("ended strictly before the cutoff").isEqualTo(1);
      assertThat(store.get(Kind.PROCESS_INSTANCE, 7)).isNull();
      assertThat(store.ofInstance(Kind.VARIABLE, 7)).isEmpty();
      assertThat(store.get(Kind.VARIABLE, 71)).isNull();
      assertThat(store.count(Kind.PROCESS_INSTANCE)).isEqualTo(2);
      assertThat(new HistoryRetention(1).apply(store, 86_400_000L + 9_001)).isEqualTo(2);
      assertThat(store.count(Kind.VARIABLE)).isZero();
    }
  }
}
