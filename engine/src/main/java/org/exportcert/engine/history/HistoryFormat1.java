package org.exportcert.engine.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.runtime.Json;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history store's first layout, written by engines before format 2: per kind one entry per
 * entity ({@code <kind>}: key → view), an index "instance/entity" → key and one "field=value\0entity"
 * → key. A store in this layout is copied into today's once, when it is opened (see
 * {@link HistoryStore}); this class only reads and finally removes the old maps.
 */
final class HistoryFormat1 {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryFormat1.class);
  /** Digits of a padded key ({@link SortableKeys#padded}): the instance part of "instance/entity". */
  private static final int PADDED = 20;

  /** Receives one instance's views of one kind, in the order the old index kept them (entity key). */
  interface Sink {
    void write(Kind kind, long processInstanceKey, List<ObjectNode> views);
  }

  private HistoryFormat1() {}

  private static List<String> mapNames(Kind kind) {
    String name = kind.name().toLowerCase();
    return List.of(name, name + ".by-instance", name + ".by-field");
  }

  static boolean present(MVStore store) {
    for (Kind kind : Kind.values()) {
      for (String name : mapNames(kind)) {
        if (store.hasMap(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Hands every instance's views, kind by kind, to {@code sink}; returns how many groups it handed over. */
  static long copy(MVStore store, Sink sink) {
    long groups = 0;
    long started = System.nanoTime();
    for (Kind kind : Kind.values()) {
      String name = kind.name().toLowerCase();
      if (!store.hasMap(name) || !store.hasMap(name + ".by-instance")) {
        continue;
      }
      MVMap<Long, String> views = store.openMap(name);
      MVMap<String, Long> byInstance = store.openMap(name + ".by-instance");
      Cursor<String, Long> cursor = byInstance.cursor(null);
      long current = -1;
      List<ObjectNode> group = new ArrayList<>();
      while (cursor.hasNext()) {
        String indexKey = cursor.next();
        long instance = Long.parseLong(indexKey.substring(0, PADDED));
        if (instance != current && !group.isEmpty()) {
          sink.write(kind, current, group);
          group = new ArrayList<>();
          if (++groups % 100_000 == 0) {
            LOG.info("history store: {} instance groups copied into format {} ({} s)", groups, HistoryStore.FORMAT,
                (System.nanoTime() - started) / 1_000_000_000);
          }
        }
        current = instance;
        String text = views.get(cursor.getValue());
        if (text != null) {
          group.add((ObjectNode) Json.read(text));
        }
      }
      if (!group.isEmpty()) {
        sink.write(kind, current, group);
        groups++;
      }
    }
    return groups;
  }

  static void remove(MVStore store) {
    for (Kind kind : Kind.values()) {
      for (String name : mapNames(kind)) {
        if (store.hasMap(name)) {
          store.removeMap(name);
        }
      }
    }
  }
}
