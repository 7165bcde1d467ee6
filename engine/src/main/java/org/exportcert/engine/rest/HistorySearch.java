package org.exportcert.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.history.HistoryStore.Kind;

/**
 * What a search adds from the history store to the live state's items (finished instances'
 * entities, decision evaluations); null store: the engine keeps everything on the heap. Runs on the
 * processor thread, so live and stored items are one consistent picture.
 */
final class HistorySearch {

  private HistorySearch() {}

  /**
   * Adds the finished instances' items of {@code kind} to the live ones: from the instance index
   * when the filter names one process instance, else all of them; in key (creation) order as the
   * live maps keep them when no sort is asked for.
   */
  static List<ObjectNode> withHistory(HistoryStore history, JsonNode request, Kind kind, List<ObjectNode> live) {
    if (history == null) {
      return live;
    }
    Long only = StateQueries.instanceFilter(request);
    List<ObjectNode> finished;
    if (only != null) {
      finished = history.ofInstance(kind, only);
    } else {
      String[] indexed = indexedFilter(request);
      finished = indexed != null ? history.withField(kind, indexed[0], indexed[1]) : history.all(kind);
    }
    if (finished.isEmpty()) {
      return live;
    }
    List<ObjectNode> all = new ArrayList<>(finished.size() + live.size());
    all.addAll(finished);
    all.addAll(live);
    all.sort(java.util.Comparator.comparingLong(item -> parseKey(item.path(kind.keyField).asText())));
    return all;
  }

  /**
   * The evaluated decisions kept in the history store (all of them, once their command is done)
   * before the live ones, in search shape: from an index when the filter names one plain value of
   * an indexed field.
   */
  static List<ObjectNode> decisions(HistoryStore history, JsonNode request, List<ObjectNode> live) {
    if (history == null) {
      return live;
    }
    String[] indexed = indexedFilter(request, HistoryStore.DECISION_FIELDS);
    List<ObjectNode> all = history.decisions(indexed == null ? null : indexed[0], indexed == null ? null : indexed[1]);
    for (ObjectNode view : all) {
      view.remove(List.of("evaluatedInputs", "matchedRules")); // GET shows them, a search does not
    }
    all.addAll(live);
    return all;
  }

  /** The first filter property the history store indexes, with its value, when it asks for one plain value. */
  private static String[] indexedFilter(JsonNode request) {
    return indexedFilter(request, HistoryStore.INDEXED_FIELDS);
  }

  private static String[] indexedFilter(JsonNode request, List<String> indexedFields) {
    JsonNode filter = request == null ? null : request.get("filter");
    if (filter == null || !filter.isObject()) {
      return null;
    }
    for (String field : indexedFields) {
      JsonNode condition = filter.get(field);
      JsonNode value = condition != null && condition.isObject() ? condition.get("$eq") : condition;
      if (value != null && value.isValueNode() && !value.isNull()) {
        return new String[] {field, value.asText()};
      }
    }
    return null;
  }

  private static long parseKey(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
