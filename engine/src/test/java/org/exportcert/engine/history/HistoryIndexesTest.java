package org.exportcert.engine.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.Json;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history store's bucketed indexes (format 3): lookups by key and by field across more
 * instances than one bulk write collects, a key handed out again after a crash, deletion that
 * leaves no bucket behind, and a store written as format 2 read beside them.
 */
class HistoryIndexesTest {

  private static ObjectNode job(long key, String elementId) {
    return Json.object().put("jobKey", String.valueOf(key)).put("elementId", elementId).put("state", "COMPLETED");
  }

  private static void instance(HistoryStore store, long instance, long... jobKeys) {
    List<ObjectNode> jobs = new ArrayList<>();
    for (long key : jobKeys) {
      jobs.add(job(key, "task-" + key % 7));
    }
    store.putInstance(instance, Map.of(Kind.PROCESS_INSTANCE, List.of(Json.object().put("processInstanceKey", String.valueOf(instance))
        .put("state", "COMPLETED")), Kind.JOB, jobs));
  }

  @Test
  void findsEveryJobByKeyAndByElementAcrossBulkWritesAndAReopenAndDeletesWithoutLeftovers(@TempDir Path dir) {
    Random random = new Random(3);
    int instances = KindIndexes.FLUSH_INSTANCES * 2 + 300;
    // interleaved as a busy engine hands keys out: instance i owns keys i*1000 + 1..3 and one far away
    try (HistoryStore store = new HistoryStore(dir)) {
      for (int i = instances; i > 0; i--) { // finished in reverse order of their keys
        instance(store, i * 1000L, i * 1000L + 1, i * 1000L + 2, (1L << 40) + i);
      }
      assertThat(store.get(Kind.JOB, 2 * 1000L + 2).path("jobKey").asText()).as("a read writes what was collected").isEqualTo("2002");
    }
    try (HistoryStore store = new HistoryStore(dir)) {
      for (int probe = 0; probe < 200; probe++) {
        long i = 1 + random.nextInt(instances);
        assertThat(store.get(Kind.JOB, i * 1000 + 1).path("jobKey").asLong()).isEqualTo(i * 1000 + 1);
        assertThat(store.get(Kind.JOB, (1L << 40) + i).path("jobKey").asLong()).isEqualTo((1L << 40) + i);
      }
      assertThat(store.get(Kind.JOB, 5)).isNull();
      List<ObjectNode> task3 = store.withField(Kind.JOB, "elementId", "task-3");
      assertThat(task3).allMatch(job -> job.path("jobKey").asLong() % 7 == 3)
          .hasSize((int) java.util.stream.LongStream.rangeClosed(1, instances)
              .flatMap(i -> java.util.stream.LongStream.of(i * 1000 + 1, i * 1000 + 2, (1L << 40) + i)).filter(k -> k % 7 == 3).count());
      assertThat(task3).extracting(job -> job.path("jobKey").asLong()).isSorted();
      assertThat(store.withField(Kind.PROCESS_INSTANCE, "state", "COMPLETED")).hasSize(instances);

      for (int i = 1; i <= instances; i++) {
        store.deleteInstance(i * 1000L);
      }
      assertThat(store.withField(Kind.JOB, "elementId", "task-3")).isEmpty();
      assertThat(store.get(Kind.JOB, 2001)).isNull();
    }
    try (MVStore file = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).open()) {
      assertThat(file.<Long, byte[]>openMap("job.key-buckets.v3").size()).as("no key bucket left").isZero();
      assertThat(file.<String, byte[]>openMap("job.field-buckets.v3").size()).as("no field bucket left").isZero();
    }
  }

  @Test
  void aKeyHandedOutAgainAfterACrashFindsItsNewInstance(@TempDir Path dir) {
    try (HistoryStore store = new HistoryStore(dir)) {
      instance(store, 100, 101, 102);
      store.commit();
      // the journal ends before instance 100 finished: the store forgets it, keys from 100 on come again
      assertThat(store.forgetAheadOfJournal(List.of(), 100)).isEqualTo(1);
      instance(store, 100, 102);
      instance(store, 103, 101);
      assertThat(store.get(Kind.JOB, 101).path("jobKey").asText()).isEqualTo("101");
      assertThat(store.withField(Kind.JOB, "elementId", "task-3")).extracting(job -> job.path("jobKey").asText()).containsExactly("101");
      assertThat(store.ofInstance(Kind.JOB, 103)).hasSize(1);
      assertThat(store.count(Kind.JOB)).isEqualTo(2);
    }
  }

  @Test
  void readsAndDeletesWhatAFormat2StoreIndexedBesideWhatItAddsNow(@TempDir Path dir) throws Exception {
    try (MVStore old = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).compress().open()) {
      old.<String, String>openMap("history.meta").put("format", "2");
      byte[] jobs = HistoryStore.SMILE.writeValueAsBytes(List.of(job(11, "review"), job(12, "test")));
      old.openMap("job.v2", new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE))
          .put(10L, jobs);
      MVMap<Long, Long> instanceOf = old.openMap("job.v2.instance-of",
          new MVMap.Builder<Long, Long>().keyType(LongDataType.INSTANCE).valueType(LongDataType.INSTANCE));
      instanceOf.put(11L, 10L);
      instanceOf.put(12L, 10L);
      MVMap<String, Long> byField = old.openMap("job.v2.by-field",
          new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
      byField.put("elementId=review\u0000" + SortableKeys.padded(10), 10L);
      byField.put("elementId=test\u0000" + SortableKeys.padded(10), 10L);
    }
    try (HistoryStore store = new HistoryStore(dir)) {
      store.putInstance(20, Map.of(Kind.JOB, List.of(job(21, "review"))));
      assertThat(store.get(Kind.JOB, 12).path("elementId").asText()).isEqualTo("test");
      assertThat(store.get(Kind.JOB, 21).path("elementId").asText()).isEqualTo("review");
      assertThat(store.withField(Kind.JOB, "elementId", "review")).extracting(job -> job.path("jobKey").asText())
          .containsExactly("11", "21");

      store.deleteInstance(10);
      assertThat(store.get(Kind.JOB, 11)).isNull();
      assertThat(store.withField(Kind.JOB, "elementId", "review")).extracting(job -> job.path("jobKey").asText()).containsExactly("21");
    }
    try (MVStore file = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).open()) {
      assertThat(file.<String, String>openMap("history.meta").get("format")).isEqualTo(String.valueOf(HistoryStore.FORMAT));
      assertThat(file.<Long, Long>openMap("job.v2.instance-of").size()).as("format 2's entries of the deleted instance").isZero();
      assertThat(file.<String, Long>openMap("job.v2.by-field").size()).isZero();
    }
  }

  @Test
  void aStoreOfANewerFormatIsRefusedWithWhatToDo(@TempDir Path dir) {
    try (MVStore newer = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).open()) {
      newer.<String, String>openMap("history.meta").put("format", String.valueOf(HistoryStore.FORMAT + 1));
    }
    assertThatThrownBy(() -> new HistoryStore(dir)).isInstanceOf(HistoryStore.NewerFormatException.class)
        .hasMessageContaining("newer engine").hasMessageContaining(HistoryStore.FILE_NAME);
    try (MVStore again = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).open()) {
      assertThat(again.<String, String>openMap("history.meta").get("format")).as("left as it was, its lock released")
          .isEqualTo(String.valueOf(HistoryStore.FORMAT + 1));
    }
  }
}
