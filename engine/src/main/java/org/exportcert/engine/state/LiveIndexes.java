package org.exportcert.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Indexes of the live state for the search filters the clients and the console use most: field,
 * then value, then keys in key order, the order the live maps keep. The user-task index is here
 * (state, assignee, candidate group, process definition id, element id); incidents, jobs, element
 * instances, process instances and message subscriptions have one class each ({@link FieldIndex}).
 * Not part of a snapshot: each is built from its live map when a search first needs it after a
 * load or replay, and kept current by the state's change calls ({@link EngineState#userTaskChanged},
 * {@link EngineState#elementInstanceChanged}, {@link EngineState#jobChanged},
 * {@link EngineState#incidentChanged}, {@link EngineState#messageSubscriptionChanged} and their
 * removals) wherever an entity is created, changes an indexed field or leaves the state.
 */
public final class LiveIndexes {

  /** Search filter property names this index answers, as the REST API spells them. */
  public static final List<String> USER_TASK_FIELDS =
      List.of("candidateGroup", "candidateGroups", "assignee", "elementId", "processDefinitionId", "state");

  private final Map<String, Map<String, Set<Long>>> userTasks = new HashMap<>();
  /** What each task is indexed under now, to take it out when it changes. */
  private final Map<Long, List<String[]>> userTaskEntries = new HashMap<>();
  private boolean userTasksBuilt;

  private final EngineState state;
  private IncidentIndex incidents;
  private JobIndex jobs;
  private ElementInstanceIndex elementInstances;
  private ProcessInstanceIndex processInstances;
  private MessageSubscriptionIndex messageSubscriptions;

  private LiveIndexes(EngineState state) {
    this.state = state;
  }

  static LiveIndexes build(EngineState state) {
    return new LiveIndexes(state);
  }

  public IncidentIndex incidents() {
    if (incidents == null) {
      incidents = IncidentIndex.build(state);
    }
    return incidents;
  }

  public JobIndex jobs() {
    if (jobs == null) {
      jobs = JobIndex.build(state);
    }
    return jobs;
  }

  public ElementInstanceIndex elementInstances() {
    if (elementInstances == null) {
      elementInstances = ElementInstanceIndex.build(state);
    }
    return elementInstances;
  }

  public ProcessInstanceIndex processInstances() {
    if (processInstances == null) {
      processInstances = ProcessInstanceIndex.build(state);
    }
    return processInstances;
  }

  public MessageSubscriptionIndex messageSubscriptions() {
    if (messageSubscriptions == null) {
      messageSubscriptions = MessageSubscriptionIndex.build(state);
    }
    return messageSubscriptions;
  }

  // upkeep: only the indexes a search has built so far

  void incident(Incident incident) {
    if (incidents != null) {
      incidents.put(incident);
    }
    if (processInstances != null) {
      processInstances.incidentChanged(incident.elementInstance.processInstanceKey); // hasIncident
    }
  }

  void incidentRemoved(long key) {
    if (incidents != null) {
      incidents.remove(key);
    }
  }

  void job(Job job) {
    if (jobs != null) {
      jobs.put(job);
    }
  }

  void jobRemoved(long key) {
    if (jobs != null) {
      jobs.remove(key);
    }
  }

  /** An element instance, or a process instance when it has no flow scope. */
  void elementInstance(ElementInstance ei) {
    if (ei.flowScope == null) {
      if (processInstances != null) {
        processInstances.put(ei);
      }
    } else if (elementInstances != null) {
      elementInstances.put(ei);
    }
  }

  void messageSubscription(MessageSubscription subscription) {
    if (messageSubscriptions != null) {
      messageSubscriptions.put(subscription);
    }
  }

  /**
   * An element instance left the state; a process instance leaves with its message subscriptions
   * (they have no removal call of their own: they only leave with their finished instance).
   */
  void elementInstanceRemoved(ElementInstance ei) {
    if (ei.flowScope == null) {
      if (processInstances != null) {
        processInstances.remove(ei.key);
      }
      if (messageSubscriptions != null) {
        for (MessageSubscription subscription : state.subscriptionsByInstance.getOrDefault(ei.key, List.of())) {
          messageSubscriptions.remove(subscription.key);
        }
      }
    } else if (elementInstances != null) {
      elementInstances.remove(ei.key);
    }
  }

  /** (Re)indexes a task under its current values; call after creating it or changing an indexed field. */
  public void userTask(UserTask task) {
    if (!userTasksBuilt) {
      return; // built with it when first searched
    }
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
    if (!userTasksBuilt) {
      userTasksBuilt = true;
      state.userTasks.values().forEach(this::userTask);
    }
    String name = field.equals("candidateGroup") ? "candidateGroups" : field;
    Map<String, Set<Long>> byValue = userTasks.get(name);
    Set<Long> keys = byValue == null ? null : byValue.get(value);
    return keys == null ? Set.of() : keys;
  }
}
