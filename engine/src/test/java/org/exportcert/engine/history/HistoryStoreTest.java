package org.exportcert.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.ByteArrayDataType;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history store's index by instance and by field, its durability across a reopen, retention by
 * end time, and the one-time copy of a store written in the first (per-entity) layout.
 */
class HistoryStoreTest {

  private static void instance(HistoryStore store, long key, long endMillis) {
    store.putInstance(key, Map.of(Kind.PROCESS_INSTANCE, List.of(Json.object().put("processInstanceKey", String.valueOf(key))),
        Kind.VARIABLE, List.of(Json.object().put("variableKey", String.valueOf(key * 10 + 2)),
            Json.object().put("variableKey", String.valueOf(key * 10 + 1)))));
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

  @Test
  void aFieldSearchReturnsOnlyTheMatchingViewsOfEveryInstanceInKeyOrder(@TempDir Path dir) {
    try (HistoryStore store = new HistoryStore(dir)) {
      store.putInstance(10, Map.of(Kind.ELEMENT_INSTANCE, List.of(element(11, "start"), element(13, "task"), element(15, "end"))));
      store.putInstance(20, Map.of(Kind.ELEMENT_INSTANCE, List.of(element(12, "start"), element(14, "end"))));
      assertThat(store.withField(Kind.ELEMENT_INSTANCE, "elementId", "start")).extracting(v -> v.path("elementInstanceKey").asText())
          .containsExactly("11", "12");
      assertThat(store.withField(Kind.ELEMENT_INSTANCE, "elementId", "end")).extracting(v -> v.path("elementInstanceKey").asText())
          .containsExactly("14", "15");
      assertThat(store.withField(Kind.ELEMENT_INSTANCE, "elementId", "missing")).isEmpty();
      assertThat(store.get(Kind.ELEMENT_INSTANCE, 13).path("elementId").asText()).isEqualTo("task");
      assertThat(store.count(Kind.ELEMENT_INSTANCE)).isEqualTo(5);

      store.deleteInstance(10);
      assertThat(store.withField(Kind.ELEMENT_INSTANCE, "elementId", "start")).extracting(v -> v.path("elementInstanceKey").asText())
          .containsExactly("12");
      assertThat(store.get(Kind.ELEMENT_INSTANCE, 13)).isNull();
      assertThat(store.count(Kind.ELEMENT_INSTANCE)).isEqualTo(2);
    }
  }

  private static ObjectNode element(long key, String elementId) {
    return Json.object().put("elementInstanceKey", String.valueOf(key)).put("elementId", elementId).put("state", "COMPLETED");
  }

  /** The per-entity layout engines wrote before format 2, written here with MVStore's own defaults as they did. */
  private static void writeFormat1(Path dir, boolean withHalfCopiedFormat2) throws Exception {
    try (MVStore old = new MVStore.Builder().fileName(dir.resolve("history.mv.db").toString()).compress().open()) {
      MVMap<Long, String> instances = old.openMap("process_instance");
      MVMap<String, Long> instancesByInstance = old.openMap("process_instance.by-instance");
      MVMap<Long, String> variables = old.openMap("variable");
      MVMap<String, Long> variablesByInstance = old.openMap("variable.by-instance");
      MVMap<String, Long> variablesByField = old.openMap("variable.by-field");
      for (long pi : new long[] {7, 8}) {
        instances.put(pi, Json.write(Json.object().put("processInstanceKey", String.valueOf(pi)).put("state", "COMPLETED")));
        instancesByInstance.put(String.format("%020d/%020d", pi, pi), pi);
        for (long v : new long[] {pi * 10 + 1, pi * 10 + 2}) {
          variables.put(v, Json.write(Json.object().put("variableKey", String.valueOf(v)).put("name", "v" + v)));
          variablesByInstance.put(String.format("%020d/%020d", pi, v), v);
          variablesByField.put("name=v" + v + "\u0000" + String.format("%020d", v), v);
        }
      }
      if (withHalfCopiedFormat2) { // a crash part-way through an earlier copy left this behind
        old.openMap("variable.v2", new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE)
            .valueType(ByteArrayDataType.INSTANCE)).put(99L, new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.smile.SmileFactory())
                .writeValueAsBytes(List.of(Map.of("variableKey", "991"))));
      }
      old.commit();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aStoreOfTheFirstFormatIsCopiedIntoTodaysLayoutOnceAndItsOldMapsGo(boolean halfCopied, @TempDir Path dir) throws Exception {
    writeFormat1(dir, halfCopied);
    for (int open = 1; open <= 2; open++) {
      try (HistoryStore store = new HistoryStore(dir)) {
        assertThat(store.get(Kind.PROCESS_INSTANCE, 8).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(store.ofInstance(Kind.VARIABLE, 7)).extracting(v -> v.path("name").asText()).containsExactly("v71", "v72");
        assertThat(store.get(Kind.VARIABLE, 82).path("name").asText()).isEqualTo("v82");
        assertThat(store.count(Kind.VARIABLE)).as("nothing of a half-done copy is left").isEqualTo(4);
        assertThat(store.withField(Kind.PROCESS_INSTANCE, "state", "COMPLETED")).hasSize(2);
      }
    }
    try (MVStore reopened = new MVStore.Builder().fileName(dir.resolve("history.mv.db").toString()).readOnly().open()) {
      assertThat(reopened.getMapNames()).doesNotContain("process_instance", "variable", "variable.by-instance", "variable.by-field")
          .contains("variable.v2");
    }
  }
}
