package org.exportcert.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Indexes of the live state for the user-task search filters the clients and the console use most
 * (state, assignee, candidate group, process definition id, element id): field, then value, then
 * keys in key order, the order the live maps keep. Not part of a snapshot: built from the user
 * tasks when first needed after a load or replay, and kept current by {@link #userTask} calls
 * wherever a task is created or changes one of these fields, and {@link #userTaskRemoved}.
 */
public final class LiveIndexes {

  /** Search filter property names this index answers, as the REST API spells them. */
  public static final List<String> USER_TASK_FIELDS =
      List.of("candidateGroup", "candidateGroups", "assignee", "elementId", "processDefinitionId", "state");

  private final Map<String, Map<String, Set<Long>>> userTasks = new HashMap<>();
  /** What each task is indexed under now, to take it out when it changes. */
  private final Map<Long, List<String[]>> userTaskEntries = new HashMap<>();

  static LiveIndexes build(EngineState state) {
    LiveIndexes indexes = new LiveIndexes();
    for (UserTask task : state.userTasks.values()) {
      indexes.userTask(task);
    }
    return indexes;
  }

  /** (Re)indexes a task under its current values; call after creating it or changing an indexed field. */
  public void userTask(UserTask task) {
    userTaskRemoved(task.key);
    List<String[]> entries = new ArrayList<>(6);
    entries.add(new String[] {"state", task.state.name()});
    if (task.assignee != null) {
      entries.add(new String[] {"assignee", task.assignee});
    }
    for (String group : task.candidateGroups == null ? List.<String>of() : task.candidateGroups) {
      if (group != null) {
        entries.add(new String[] {"candidateGroups", group});
      }
    }
    ElementInstance ei = task.elementInstance;
    if (ei != null && ei.element != null) {
      entries.add(new String[] {"elementId", ei.element.id});
    }
    if (ei != null && ei.process != null) {
      entries.add(new String[] {"processDefinitionId", ei.process.processId});
    }
    for (String[] entry : entries) {
      userTasks.computeIfAbsent(entry[0], f -> new HashMap<>()).computeIfAbsent(entry[1], v -> new TreeSet<>()).add(task.key);
    }
    userTaskEntries.put(task.key, entries);
  }

  public void userTaskRemoved(long key) {
    List<String[]> old = userTaskEntries.remove(key);
    if (old == null) {
      return;
    }
    for (String[] entry : old) {
      Map<String, Set<Long>> byValue = userTasks.get(entry[0]);
      Set<Long> keys = byValue == null ? null : byValue.get(entry[1]);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          byValue.remove(entry[1]);
        }
      }
    }
  }

  /** Keys of the user tasks whose {@code field} has {@code value} (or contains it), in key order. */
  public Set<Long> userTasks(String field, String value) {
    String name = field.equals("candidateGroup") ? "candidateGroups" : field;
    Map<String, Set<Long>> byValue = userTasks.get(name);
    Set<Long> keys = byValue == null ? null : byValue.get(value);
    return keys == null ? Set.of() : keys;
  }
}
