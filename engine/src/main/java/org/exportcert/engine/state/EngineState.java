package org.exportcert.engine.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All engine state, in memory. Owned by the command processor thread: every mutation happens
 * there; REST reads are served through the same thread so they see a consistent state.
 */
public final class EngineState implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Zeebe's first key on partition 1. */
  public static final long FIRST_KEY = 2251799813685249L;

  public long nextKey = FIRST_KEY;
  public long clockOffset;
  public long topologyChangeId = -1;
  /**
   * Set in every snapshot an engine with a history store writes: the finished instances before
   * the snapshot's position are in that store only, so a start refuses a store that does not
   * cover them (false in snapshots of engines before it, and of the empty state a purge writes).
   */
  public boolean historyInStore;

  public final Map<String, List<DeployedProcess>> processesById = new HashMap<>();
  public final Map<Long, DeployedProcess> processesByKey = new LinkedHashMap<>();
  public final Map<String, List<DeployedForm>> formsById = new HashMap<>();
  public final Map<Long, DeployedForm> formsByKey = new LinkedHashMap<>();
  /**
   * Linkable resources (RPA scripts) by resource id, versions in order, and by key. Not final: a
   * snapshot written before they existed reads them as null (see readObject).
   */
  public Map<String, List<DeployedResource>> resourcesById = new HashMap<>();
  public Map<Long, DeployedResource> resourcesByKey = new LinkedHashMap<>();
  public final Map<Long, ElementInstance> elementInstances = new LinkedHashMap<>();
  public final Map<Long, ElementInstance> processInstances = new LinkedHashMap<>();
  public final Map<Long, Map<String, Variable>> variablesByScope = new HashMap<>();
  public final Map<Long, Variable> variables = new LinkedHashMap<>();
  public final Map<Long, Job> jobs = new LinkedHashMap<>();
  public final Map<String, Set<Long>> openJobsByType = new HashMap<>();
  public final Map<Long, UserTask> userTasks = new LinkedHashMap<>();
  public final Map<Long, Incident> incidents = new LinkedHashMap<>();
  public final Map<Long, List<String>> takenFlows = new HashMap<>();
  /** Message subscriptions (all states, for search) and the open ones by message name. */
  public final Map<Long, MessageSubscription> messageSubscriptions = new LinkedHashMap<>();
  public final Map<String, Set<Long>> openSubscriptionsByName = new HashMap<>();
  public final Map<Long, List<MessageSubscription>> subscriptionsByInstance = new HashMap<>();
  /** Published messages within their time to live, in publication order. */
  public final Map<Long, BufferedMessage> bufferedMessages = new LinkedHashMap<>();
  /** Open signal subscriptions (catch, boundary, event subprocess start) by key, oldest first. */
  public final Map<Long, SignalSubscription> signalSubscriptions = new LinkedHashMap<>();
  /** Active instances created by a message start event with a correlation key: "processId\0key" -> instance key. */
  public final Map<String, Long> messageStartedInstances = new HashMap<>();
  /** Active timers by key. */
  public final Map<Long, Timer> timers = new LinkedHashMap<>();
  /** Pinned engine time (PUT /v2/clock), or null when the clock runs. */
  public Long pinnedTime;
  /** Per process instance indexes, so searches filtered by instance don't scan everything. */
  public final Map<Long, List<ElementInstance>> elementInstancesByInstance = new HashMap<>();
  public final Map<Long, List<Variable>> variablesByInstance = new HashMap<>();
  public final Map<Long, List<Incident>> incidentsByInstance = new HashMap<>();
  public final Map<Long, List<UserTask>> userTasksByInstance = new HashMap<>();
  public final Map<Long, List<Job>> jobsByInstance = new HashMap<>();
  /** Compensation subscriptions of completed activities by process instance, in completion order. */
  public final Map<Long, List<CompensationSubscription>> compensationSubscriptions = new HashMap<>();
  /**
   * Element instances (by key) and user tasks (by key) waiting for listener jobs, with what goes on
   * after them (runtime objects, serializable). Null in snapshots written before they were kept here.
   */
  public java.util.HashMap<Long, java.io.Serializable> listenerWaits;
  public java.util.HashMap<Long, java.io.Serializable> taskListenerWaits;
  /** Search indexes of the live state by field value; built on first use, so never in a snapshot. */
  private transient LiveIndexes liveIndexes;

  /** The jobs an activation looks at; built on first use, so never in a snapshot. */
  private transient ActivatableJobs activatableJobs;

  public ActivatableJobs activatable() {
    if (activatableJobs == null) {
      activatableJobs = ActivatableJobs.build(this);
    }
    return activatableJobs;
  }

  public LiveIndexes indexes() {
    if (liveIndexes == null) {
      liveIndexes = LiveIndexes.build(this);
    }
    return liveIndexes;
  }

  /** Reindexes a user task after it was created or one of its searched fields changed. */
  public void userTaskChanged(UserTask task) {
    if (liveIndexes != null) {
      liveIndexes.userTask(task);
    }
  }

  public void userTaskRemoved(long key) {
    if (liveIndexes != null) {
      liveIndexes.userTaskRemoved(key);
    }
  }

  /**
   * Reindexes an element instance (or process instance) after it was created or its state, type,
   * element or process changed. Searches run between commands, so once per command after the last
   * change is enough; a missing call shows in {@code LiveIndexSearchTest}.
   */
  public void elementInstanceChanged(ElementInstance ei) {
    if (liveIndexes != null) {
      liveIndexes.elementInstance(ei);
    }
  }

  public void elementInstanceRemoved(ElementInstance ei) {
    if (liveIndexes != null) {
      liveIndexes.elementInstanceRemoved(ei);
    }
  }

  /** Reindexes a job after it was created or its state, type, element or process changed. */
  public void jobChanged(Job job) {
    if (liveIndexes != null) {
      liveIndexes.job(job);
    }
    if (activatableJobs != null) {
      activatableJobs.changed(job);
    }
  }

  public void jobRemoved(long key) {
    if (liveIndexes != null) {
      liveIndexes.jobRemoved(key);
    }
  }

  /**
   * Reindexes an incident after it was raised or resolved, or its element's process changed (and
   * its process instance with the callers above, whose {@code hasIncident} follows it): call it
   * once the incident is in {@link #incidentsByInstance}.
   */
  public void incidentChanged(Incident incident) {
    if (liveIndexes != null) {
      liveIndexes.incident(incident);
    }
  }

  public void incidentRemoved(long key) {
    if (liveIndexes != null) {
      liveIndexes.incidentRemoved(key);
    }
  }

  /**
   * Reindexes a message subscription after it was opened, correlated or deleted, or migrated to
   * another process. It leaves the index with its process instance ({@link #elementInstanceRemoved}).
   */
  public void messageSubscriptionChanged(MessageSubscription subscription) {
    if (liveIndexes != null) {
      liveIndexes.messageSubscription(subscription);
    }
  }

  /** DMN: deployed decisions and their evaluations. */
  public final DecisionState decisions = new DecisionState();

  public static <T> void index(Map<Long, List<T>> index, long processInstanceKey, T entity) {
    // small first: a trivial instance indexes two or three of each (ArrayList's first growth is to 10)
    index.computeIfAbsent(processInstanceKey, k -> new ArrayList<>(4)).add(entity);
  }

  /** Called child process instances by parent process instance. */
  public final Map<Long, List<Long>> childInstances = new HashMap<>();

  /** True when the instance or one of its called children has an active incident (as Operate shows it). */
  public boolean hasActiveIncident(long processInstanceKey) {
    for (Incident incident : incidentsByInstance.getOrDefault(processInstanceKey, List.of())) {
      if (incident.state == Incident.State.ACTIVE) {
        return true;
      }
    }
    for (Long child : childInstances.getOrDefault(processInstanceKey, List.of())) {
      if (hasActiveIncident(child)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Highest version ever given per resource id ("process:id", "form:id", "drg:id", "decision:id"),
   * noted when a version is deleted: versions are never reused after a resource deletion.
   */
  public final Map<String, Integer> highestDeletedVersions = new HashMap<>();

  /** The version a new deployment of a resource gets: one above the latest, never a deleted one's. */
  public int nextVersion(String kind, String id, int latestVersion) {
    return Math.max(latestVersion, highestDeletedVersions.getOrDefault(kind + ":" + id, 0)) + 1;
  }

  public long newKey() {
    return nextKey++;
  }

  public DeployedProcess latest(String processId) {
    List<DeployedProcess> versions = processesById.get(processId);
    return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  public DeployedForm latestForm(String formId) {
    List<DeployedForm> versions = formsById.get(formId);
    return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  public DeployedResource latestResource(String resourceId) {
    List<DeployedResource> versions = resourcesById.get(resourceId);
    return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  public void openJob(Job job) {
    openJobsByType.computeIfAbsent(job.type, t -> new LinkedHashSet<>()).add(job.key);
    if (activatableJobs != null) {
      job.listedOpen = true;
      activatableJobs.changed(job);
    }
  }

  public void closeJob(Job job) {
    Set<Long> open = openJobsByType.get(job.type);
    if (open != null) {
      open.remove(job.key);
    }
    if (activatableJobs != null) {
      job.listedOpen = false;
      activatableJobs.changed(job);
    }
  }

  public List<Job> openJobs() {
    List<Job> result = new ArrayList<>();
    for (Set<Long> keys : openJobsByType.values()) {
      for (Long key : keys) {
        result.add(jobs.get(key));
      }
    }
    return result;
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (resourcesById == null) { // a snapshot from before linked resources
      resourcesById = new HashMap<>();
      resourcesByKey = new LinkedHashMap<>();
    }
  }
}
