package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import org.exportcert.engine.state.DeployedProcess;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.MessageSubscription;
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
    node.set("tags", texts(pi.tags));
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
    job.headers.forEach(node.putObject("customHeaders")::put); // as valueToTree writes them, without its serializer
    node.put("worker", job.worker);
    node.put("retries", job.retries);
    node.put("deadline", job.deadline);
    // written as it is when the answer is sent: converting it to a tree first was a tenth of the
    // processor's time at saturation (JFR). The values are the variables' own, never changed in place.
    node.putPOJO("variables", variables);
    node.put("tenantId", ei.process.tenantId);
    node.put("kind", jobKind(job));
    node.put("listenerEventType", job.listenerEventTypeName());
    node.set("tags", texts(root(ei).tags)); // not valueToTree: a third of each activated job's view (JFR)
    if (TaskListeners.isTaskListenerJob(job) && job.userTaskProperties != null) {
      node.set("userTask", Json.toNode(job.userTaskProperties));
    }
    return node;
  }

  private static com.fasterxml.jackson.databind.JsonNode texts(java.util.List<String> values) {
    if (values == null) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    com.fasterxml.jackson.databind.node.ArrayNode array = Json.MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
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
    return ViewTree.of(out -> job(job, out));
  }

  public static void job(Job job, ViewFields out) {
    ElementInstance ei = job.elementInstance;
    out.text("jobKey", key(job.key));
    out.text("type", job.type);
    out.text("worker", job.worker);
    out.text("state", switch (job.state) {
      case ACTIVATED -> "CREATED";
      default -> job.state.name();
    });
    out.text("kind", jobKind(job));
    out.text("listenerEventType", job.listenerEventTypeName());
    out.number("retries", job.retries);
    out.bool("isDenied", false);
    out.bool("hasFailedWithRetriesLeft", job.state == Job.State.FAILED && job.retries > 0);
    out.text("errorCode", job.errorCode);
    out.text("errorMessage", job.errorMessage);
    out.textMap("customHeaders", job.headers == null ? Map.of() : job.headers);
    out.text("deadline", job.deadline > 0 ? Json.iso(job.deadline) : null);
    out.text("endTime", null);
    out.text("processDefinitionId", ei.process.processId);
    out.text("processDefinitionKey", key(ei.process.key));
    out.text("processInstanceKey", key(ei.processInstanceKey));
    out.text("elementId", ei.element.id);
    out.text("elementInstanceKey", key(ei.key));
    out.text("tenantId", ei.process.tenantId);
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
    return ViewTree.of(out -> processInstance(state, pi, out));
  }

  public static void processInstance(EngineState state, ElementInstance pi, ViewFields out) {
    out.text("processInstanceKey", key(pi.key));
    out.text("processDefinitionId", pi.process.processId);
    out.text("processDefinitionName", pi.process.name);
    out.number("processDefinitionVersion", pi.process.version);
    out.text("processDefinitionVersionTag", null);
    out.text("processDefinitionKey", key(pi.process.key));
    out.text("parentProcessInstanceKey", pi.parentCallActivity == null ? null : key(pi.parentCallActivity.processInstanceKey));
    out.text("parentElementInstanceKey", pi.parentCallActivity == null ? null : key(pi.parentCallActivity.key));
    out.text("state", pi.state.name());
    out.text("startDate", Json.iso(pi.startDate));
    out.text("endDate", Json.iso(pi.endDate));
    out.bool("hasIncident", hasIncident(state, pi.key));
    out.text("tenantId", pi.process.tenantId);
    out.texts("tags", pi.tags);
    out.text("businessId", pi.businessId);
  }

  static boolean hasIncident(EngineState state, long processInstanceKey) {
    return state.hasActiveIncident(processInstanceKey);
  }

  public static ObjectNode elementInstance(ElementInstance ei) {
    return ViewTree.of(out -> elementInstance(ei, out));
  }

  public static void elementInstance(ElementInstance ei, ViewFields out) {
    out.text("elementInstanceKey", key(ei.key));
    out.text("processInstanceKey", key(ei.processInstanceKey));
    out.text("processDefinitionKey", key(ei.process.key));
    out.text("processDefinitionId", ei.process.processId);
    out.text("elementId", ei.element.id);
    out.text("elementName", ei.element.name == null ? ei.element.id : ei.element.name);
    out.text("type", ei.multiInstanceBody ? "MULTI_INSTANCE_BODY" : ei.element.kind.name());
    out.text("state", ei.state.name());
    out.bool("hasIncident", ei.incidentKey != null);
    out.text("incidentKey", key(ei.incidentKey));
    out.text("startDate", Json.iso(ei.startDate));
    out.text("endDate", Json.iso(ei.endDate));
    out.text("tenantId", ei.process.tenantId);
  }

  public static ObjectNode userTask(UserTask task) {
    return ViewTree.of(out -> userTask(task, out));
  }

  public static void userTask(UserTask task, ViewFields out) {
    ElementInstance ei = task.elementInstance;
    out.text("userTaskKey", key(task.key));
    out.text("name", ei.element.name == null ? ei.element.id : ei.element.name);
    out.text("state", task.state.name());
    out.text("assignee", task.assignee);
    out.text("elementId", ei.element.id);
    out.text("elementInstanceKey", key(ei.key));
    out.texts("candidateGroups", task.candidateGroups);
    out.texts("candidateUsers", task.candidateUsers);
    out.text("processDefinitionId", ei.process.processId);
    out.text("processDefinitionKey", key(ei.process.key));
    out.number("processDefinitionVersion", ei.process.version);
    out.text("processName", ei.process.name);
    out.text("processInstanceKey", key(ei.processInstanceKey));
    out.text("formKey", key(task.formKey));
    out.text("externalFormReference", task.externalFormReference);
    out.text("creationDate", Json.iso(task.creationDate));
    out.text("completionDate", Json.iso(task.completionDate));
    out.text("dueDate", task.dueDate);
    out.text("followUpDate", task.followUpDate);
    out.number("priority", task.priority);
    out.text("tenantId", ei.process.tenantId);
    out.textMap("customHeaders", task.customHeaders);
    out.texts("tags", root(ei).tags);
  }

  public static ObjectNode incident(Incident incident) {
    return ViewTree.of(out -> incident(incident, out));
  }

  public static void incident(Incident incident, ViewFields out) {
    ElementInstance ei = incident.elementInstance;
    out.text("incidentKey", key(incident.key));
    out.text("processDefinitionKey", key(ei.process.key));
    out.text("processDefinitionId", ei.process.processId);
    out.text("processInstanceKey", key(ei.processInstanceKey));
    out.text("errorType", incident.errorType);
    out.text("errorMessage", incident.errorMessage);
    out.text("elementId", ei.element.id);
    out.text("elementInstanceKey", key(ei.key));
    out.text("creationTime", Json.iso(incident.creationTime));
    out.text("state", incident.state.name());
    out.text("jobKey", key(incident.jobKey));
    out.text("tenantId", ei.process.tenantId);
  }

  public static ObjectNode messageSubscription(MessageSubscription subscription) {
    return ViewTree.of(out -> messageSubscription(subscription, out));
  }

  public static void messageSubscription(MessageSubscription subscription, ViewFields out) {
    ElementInstance owner = subscription.owner;
    out.text("messageSubscriptionKey", key(subscription.key));
    out.text("processDefinitionId", owner.process.processId);
    out.text("processDefinitionKey", key(owner.process.key));
    out.text("processInstanceKey", key(owner.processInstanceKey));
    out.text("elementId", subscription.event.id);
    out.text("elementInstanceKey", key(owner.key));
    out.text("messageSubscriptionState", subscription.state.name());
    out.text("lastUpdatedDate", Json.iso(subscription.lastUpdated));
    out.text("messageName", subscription.messageName);
    out.text("correlationKey", subscription.correlationKey);
    out.text("tenantId", owner.process.tenantId);
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
    return ViewTree.of(out -> variable(variable, tenantId, out));
  }

  public static void variable(Variable variable, String tenantId, ViewFields out) {
    out.text("variableKey", key(variable.key));
    out.text("name", variable.name);
    out.text("value", Json.write(variable.value));
    out.bool("isTruncated", false);
    out.text("scopeKey", key(variable.scopeKey));
    out.text("processInstanceKey", key(variable.processInstanceKey));
    out.text("tenantId", tenantId);
  }

  /** The flows an instance took, each once in the order first taken (GET .../sequence-flows reads them). */
  public static void sequenceFlows(ElementInstance pi, Collection<String> flows, ViewFields out) {
    out.text("processInstanceKey", key(pi.key));
    out.text("processDefinitionKey", key(pi.process.key));
    out.text("processDefinitionId", pi.process.processId);
    out.text("tenantId", pi.process.tenantId);
    out.texts("flows", flows);
  }
}
