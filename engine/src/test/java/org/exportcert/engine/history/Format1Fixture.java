package org.exportcert.engine.history;

import java.nio.file.Path;
import org.exportcert.engine.runtime.Json;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Writes finished instances in the history store's first layout (one entry per entity, as engines
 * before format 2 wrote it with MVStore's defaults): a process instance view and two variables each.
 */
public final class Format1Fixture {

  private Format1Fixture() {}

  /** Instances {@code first .. first + count - 1} (keys below the engine's first key: never handed out). */
  public static void write(Path dir, long first, int count) {
    try (MVStore old = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).compress().open()) {
      MVMap<Long, String> instances = old.openMap("process_instance");
      MVMap<String, Long> instancesByInstance = old.openMap("process_instance.by-instance");
      MVMap<String, Long> instancesByField = old.openMap("process_instance.by-field");
      MVMap<Long, String> variables = old.openMap("variable");
      MVMap<String, Long> variablesByInstance = old.openMap("variable.by-instance");
      for (long pi = first; pi < first + count; pi++) {
        instances.put(pi, Json.write(Json.object().put("processInstanceKey", String.valueOf(pi))
            .put("processDefinitionId", "legacy").put("state", "COMPLETED")));
        instancesByInstance.put(String.format("%020d/%020d", pi, pi), pi);
        instancesByField.put("state=COMPLETED\u0000" + String.format("%020d", pi), pi);
        for (long v : new long[] {pi * 10 + 1, pi * 10 + 2}) {
          variables.put(v, Json.write(Json.object().put("variableKey", String.valueOf(v)).put("name", "v" + (v % 10))
              .put("value", String.valueOf(v)).put("processInstanceKey", String.valueOf(pi)).put("scopeKey", String.valueOf(pi))));
          variablesByInstance.put(String.format("%020d/%020d", pi, v), v);
        }
      }
      old.commit();
    }
  }

  /** Whether any map of the first layout is left in the store. */
  public static boolean present(Path dir) {
    try (MVStore store = new MVStore.Builder().fileName(dir.resolve(HistoryStore.FILE_NAME).toString()).readOnly().open()) {
      return HistoryFormat1.present(store);
    }
  }
}
