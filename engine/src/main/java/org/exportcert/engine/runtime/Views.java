package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.UserTask;
import org.exportcert.engine.state.Variable;

/**
 * The REST API v2 JSON shapes of engine state. Keys are JSON strings, dates ISO 8601. The fields
 * are Camunda 8.8's: no {@code rootProcessInstanceKey}, which only 8.9 results carry.
 */
public final class Views {
  private Views() {}

  private static String key(Long key) {
    return key == null ? null : String.valueOf(key);
  }

  public static ObjectNode created(ElementInstance pi, Map<String, Object> variables) {
    ObjectNode node = Json.object();
    node.put("processDefinitionId", pi.process.processId);
    node.put("processDefinitionVersion", pi.process.version);
    node.put("tenantId", pi.process.tenantId);
    node.set("variables", Json.toNode(variables == null ? Map.of() : variables));
    node.put("processDefinitionKey", key(pi.process.key));
    node.put("processInstanceKey", key(pi.key));
    node.set("tags", Json.toNode(pi.tags));
    if (pi.businessId != null) {
      node.put("businessId", pi.businessId);
    }
    return node;
  }

  public static ObjectNode activatedJob(Job job, Map<String, Object> variables) {
    ElementInstance ei = job.elementInstance;
    ObjectNode node = Json.object();
    node.put("jobKey", key(job.key));
    node.put("type", job.type);
    node.put("processInstanceKey", key(ei.processInstanceKey));
    node.put("processDefinitionId", ei.process.processId);
    node.put("processDefinitionVersion", ei.process.version);
    node.put("processDefinitionKey", key(ei.process.key));
    node.put("elementId", ei.element.id);
    node.put("elementInstanceKey", key(ei.key));
    node.set("customHeaders", Json.toNode(job.headers));
    node.put("worker", job.worker);
    node.put("retries", job.retries);
    node.put("deadline", job.deadline);
    node.set("variables", Json.toNode(variables));
    node.put("tenantId", ei.process.tenantId);
    node.put("kind", jobKind(job));
    node.put("listenerEventType", job.listenerEventTypeName());
    node.set("tags", Json.toNode(root(ei).tags));
    if (TaskListeners.isTaskListenerJob(job) && job.userTaskProperties != null) {
      node.set("userTask", Json.toNode(job.userTaskProperties));
    }
    return node;
  }

  private static ElementInstance root(ElementInstance ei) {
    ElementInstance current = ei;
    while (current.flowScope != null) {
      current = current.flowScope;
    }
    return current;
  }

  /** The job kind of the REST API: BPMN_ELEMENT, EXECUTION_LISTENER, TASK_LISTENER or AD_HOC_SUB_PROCESS. */
  static String jobKind(Job job) {
    return job.kind(); // the rule the job index uses too
  }

  public static ObjectNode job(Job job) {
    ElementInstance ei = job.elementInstance;
    ObjectNode node = Json.object();
    node.put("jobKey", key(job.key));
    node.put("type", job.type);
    node.put("worker", job.worker);
    node.put("state", switch (job.state) {
      case ACTIVATED -> "CREATED";
      default -> job.state.name();
    });
    node.put("kind", jobKind(job));
    node.put("listenerEventType", job.listenerEventTypeName());
    node.put("retries", job.retries);
    node.put("isDenied", false);
    node.put("hasFailedWithRetriesLeft", job.state == Job.State.FAILED && job.retries > 0);
    node.put("errorCode", job.errorCode);
    node.put("errorMessage", job.errorMessage);
    node.set("customHeaders", Json.toNode(job.headers));
    node.put("deadline", job.deadline > 0 ? Json.iso(job.deadline) : null);
    node.put("endTime", (String) null);
    node.put("processDefinitionId", ei.process.processId);
    node.put("processDefinitionKey", key(ei.process.key));
    node.put("processInstanceKey", key(ei.processInstanceKey));
    node.put("elementId", ei.element.id);
    node.put("elementInstanceKey", key(ei.key));
    node.put("tenantId", ei.process.tenantId);
    return node;
  }

  public static ObjectNode processDefinition(DeployedProcess process) {
    ObjectNode node = Json.object();
    node.put("processDefinitionKey", key(process.key));
    node.put("name", process.name);
    node.put("resourceName", process.resourceName);
    node.put("version", process.version);
    node.put("versionTag", (String) null);
    node.put("processDefinitionId", process.processId);
    node.put("tenantId", process.tenantId);
    node.put("hasStartForm", false);
    return node;
  }

  public static ObjectNode processInstance(EngineState state, ElementInstance pi) {
    ObjectNode node = Json.object();
    node.put("processInstanceKey", key(pi.key));
    node.put("processDefinitionId", pi.process.processId);
    node.put("processDefinitionName", pi.process.name);
    node.put("processDefinitionVersion", pi.process.version);
    node.put("processDefinitionVersionTag", (String) null);
    node.put("processDefinitionKey", key(pi.process.key));
    node.put("parentProcessInstanceKey", pi.parentCallActivity == null ? null : key(pi.parentCallActivity.processInstanceKey));
    node.put("parentElementInstanceKey", pi.parentCallActivity == null ? null : key(pi.parentCallActivity.key));
    node.put("state", pi.state.name());
    node.put("startDate", Json.iso(pi.startDate));
    node.put("endDate", Json.iso(pi.endDate));
    node.put("hasIncident", hasIncident(state, pi.key));
    node.put("tenantId", pi.process.tenantId);
    node.set("tags", Json.toNode(pi.tags));
    node.put("businessId", pi.businessId);
    return node;
  }

  static boolean hasIncident(EngineState state, long processInstanceKey) {
    return state.hasActiveIncident(processInstanceKey);
  }

  public static ObjectNode elementInstance(ElementInstance ei) {
    ObjectNode node = Json.object();
    node.put("elementInstanceKey", key(ei.key));
    node.put("processInstanceKey", key(ei.processInstanceKey));
    node.put("processDefinitionKey", key(ei.process.key));
    node.put("processDefinitionId", ei.process.processId);
    node.put("elementId", ei.element.id);
    node.put("elementName", ei.element.name == null ? ei.element.id : ei.element.name);
    node.put("type", ei.multiInstanceBody ? "MULTI_INSTANCE_BODY" : ei.element.kind.name());
    node.put("state", ei.state.name());
    node.put("hasIncident", ei.incidentKey != null);
    node.put("incidentKey", key(ei.incidentKey));
    node.put("startDate", Json.iso(ei.startDate));
    node.put("endDate", Json.iso(ei.endDate));
    node.put("tenantId", ei.process.tenantId);
    return node;
  }

  public static ObjectNode userTask(UserTask task) {
    ElementInstance ei = task.elementInstance;
    ObjectNode node = Json.object();
    node.put("userTaskKey", key(task.key));
    node.put("name", ei.element.name == null ? ei.element.id : ei.element.name);
    node.put("state", task.state.name());
    node.put("assignee", task.assignee);
    node.put("elementId", ei.element.id);
    node.put("elementInstanceKey", key(ei.key));
    node.set("candidateGroups", Json.toNode(task.candidateGroups));
    node.set("candidateUsers", Json.toNode(task.candidateUsers));
    node.put("processDefinitionId", ei.process.processId);
    node.put("processDefinitionKey", key(ei.process.key));
    node.put("processDefinitionVersion", ei.process.version);
    node.put("processName", ei.process.name);
    node.put("processInstanceKey", key(ei.processInstanceKey));
    node.put("formKey", key(task.formKey));
    node.put("externalFormReference", task.externalFormReference);
    node.put("creationDate", Json.iso(task.creationDate));
    node.put("completionDate", Json.iso(task.completionDate));
    node.put("dueDate", task.dueDate);
    node.put("followUpDate", task.followUpDate);
    node.put("priority", task.priority);
    node.put("tenantId", ei.process.tenantId);
    node.set("customHeaders", Json.toNode(task.customHeaders));
    node.set("tags", Json.toNode(root(ei).tags));
    return node;
  }

  public static ObjectNode incident(Incident incident) {
    ElementInstance ei = incident.elementInstance;
    ObjectNode node = Json.object();
    node.put("incidentKey", key(incident.key));
    node.put("processDefinitionKey", key(ei.process.key));
    node.put("processDefinitionId", ei.process.processId);
    node.put("processInstanceKey", key(ei.processInstanceKey));
    node.put("errorType", incident.errorType);
    node.put("errorMessage", incident.errorMessage);
    node.put("elementId", ei.element.id);
    node.put("elementInstanceKey", key(ei.key));
    node.put("creationTime", Json.iso(incident.creationTime));
    node.put("state", incident.state.name());
    node.put("jobKey", key(incident.jobKey));
    node.put("tenantId", ei.process.tenantId);
    return node;
  }

  public static ObjectNode messageSubscription(org.exportcert.engine.state.MessageSubscription subscription) {
    ElementInstance owner = subscription.owner;
    ObjectNode node = Json.object();
    node.put("messageSubscriptionKey", key(subscription.key));
    node.put("processDefinitionId", owner.process.processId);
    node.put("processDefinitionKey", key(owner.process.key));
    node.put("processInstanceKey", key(owner.processInstanceKey));
    node.put("elementId", subscription.event.id);
    node.put("elementInstanceKey", key(owner.key));
    node.put("messageSubscriptionState", subscription.state.name());
    node.put("lastUpdatedDate", Json.iso(subscription.lastUpdated));
    node.put("messageName", subscription.messageName);
    node.put("correlationKey", subscription.correlationKey);
    node.put("tenantId", owner.process.tenantId);
    return node;
  }

  public static ObjectNode correlatedMessage(org.exportcert.engine.state.MessageSubscription subscription) {
    ElementInstance owner = subscription.owner;
    ObjectNode node = Json.object();
    node.put("correlationKey", subscription.correlationKey);
    node.put("correlationTime", Json.iso(subscription.lastUpdated));
    node.put("elementId", subscription.event.id);
    node.put("elementInstanceKey", key(owner.key));
    node.put("messageKey", key(subscription.correlatedMessageKey));
    node.put("messageName", subscription.messageName);
    node.put("partitionId", 1);
    node.put("processDefinitionId", owner.process.processId);
    node.put("processDefinitionKey", key(owner.process.key));
    node.put("processInstanceKey", key(owner.processInstanceKey));
    node.put("subscriptionKey", key(subscription.key));
    node.put("tenantId", owner.process.tenantId);
    return node;
  }

  public static ObjectNode variable(Variable variable, String tenantId) {
    ObjectNode node = Json.object();
    node.put("variableKey", key(variable.key));
    node.put("name", variable.name);
    node.put("value", Json.write(variable.value));
    node.put("isTruncated", false);
    node.put("scopeKey", key(variable.scopeKey));
    node.put("processInstanceKey", key(variable.processInstanceKey));
    node.put("tenantId", tenantId);
    return node;
  }
}
