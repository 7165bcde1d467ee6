package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import org.exportcert.engine.command.EngineCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.exportcert.engine.feel.FeelException;
import org.exportcert.engine.model.AdHocSpec;
import org.exportcert.engine.model.ElementKind;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.Incident;
import org.exportcert.engine.state.Job;
import org.exportcert.engine.state.Variable;

/**
 * Ad-hoc subprocesses as Camunda 8.8 runs them. Each activated inner element runs inside its own
 * inner instance (type AD_HOC_SUB_PROCESS_INNER_INSTANCE, its own variable scope); when an inner flow
 * ends, its {@code outputElement} joins the {@code outputCollection} and the subprocess decides:
 * <ul>
 *   <li>BPMN mode: the completion condition (after each inner flow), else completion once no inner flow
 *       is left; {@code cancelRemainingInstances} (default true) terminates the flows still running;</li>
 *   <li>job worker mode ({@code zeebe:taskDefinition}, as AI agents use it): one job at a time; its
 *       result activates elements or fulfils the completion; every finished inner flow replaces the
 *       job with a new one.</li>
 * </ul>
 * Elements can also be activated through {@code POST /v2/element-instances/ad-hoc-activities/{key}/activation}.
 */
final class AdHocSubProcesses {

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final BpmnRuntime runtime;

  AdHocSubProcesses(BpmnRuntime runtime) {
    this.runtime = runtime;
  }

  static boolean isInnerInstance(ElementInstance ei) {
    return ei.element.kind == ElementKind.AD_HOC_SUB_PROCESS_INNER_INSTANCE;
  }

  /**
   * A child whose completion is one execution path of an ad-hoc subprocess: an inner instance, or an
   * event subprocess of it (its result joins the output collection too, as in Zeebe).
   */
  static boolean endsAnAdHocPath(ElementInstance ei) {
    return isInnerInstance(ei) || (ei.element.kind == ElementKind.EVENT_SUB_PROCESS && ei.flowScope != null
        && ei.flowScope.element.kind == ElementKind.AD_HOC_SUB_PROCESS && !ei.flowScope.multiInstanceBody);
  }

  /**
   * Why an element can't be started by a start or activate instruction: inside an ad-hoc subprocess an
   * element runs in an inner instance that only the subprocess creates. Null when it can.
   */
  static String instructionRefusal(org.exportcert.engine.model.ProcessModel model, String elementId) {
    if (!model.hasElement(elementId)) {
      return null;
    }
    String scopeId = model.element(elementId).scopeId;
    if (scopeId != null && model.hasElement(scopeId) && model.element(scopeId).kind == ElementKind.AD_HOC_SUB_PROCESS) {
      return "Element '" + elementId + "' is inside the ad-hoc sub-process '" + scopeId + "' and can only be activated by it: "
          + "activate the ad-hoc sub-process, then its elements (job result or POST /v2/element-instances/ad-hoc-activities/{key}/activation)";
    }
    return null;
  }

  /** The job of an ad-hoc subprocess itself (job kind AD_HOC_SUB_PROCESS), not one of its listeners. */
  static boolean isAdHocJob(Job job) {
    return job.listenerEventType == null && job.elementInstance != null
        && job.elementInstance.element.kind == ElementKind.AD_HOC_SUB_PROCESS;
  }

  // ------------------------------------------------------------------ activation

  /** Entering (after the input mappings): the elements' metadata, the empty collection, then the job or the active elements. */
  void enter(ElementInstance adHoc) {
    AdHocSpec spec = adHoc.element.adHoc();
    List<String> active = spec.jobWorker() ? List.of() : activeElements(adHoc, spec); // FeelException: the caller's incident
    Map<String, Object> locals = new LinkedHashMap<>();
    locals.put(AdHocSpec.ELEMENTS_VARIABLE, spec.elementsMetadata());
    if (spec.outputCollection() != null) {
      locals.put(spec.outputCollection(), List.of());
    }
    runtime.setLocal(adHoc, locals);
    if (spec.jobWorker()) {
      openJob(adHoc);
      return;
    }
    for (String elementId : active) {
      activate(adHoc, elementId, Map.of());
    }
  }

  private List<String> activeElements(ElementInstance adHoc, AdHocSpec spec) {
    if (spec.activeElementsCollection() == null) {
      return List.of(); // nothing to activate: the subprocess waits (for the activation API)
    }
    Object value = runtime.feel().evaluate(spec.activeElementsCollection(), runtime.visibleVariables(adHoc));
    if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
      throw new FeelException("Failed to activate ad-hoc elements. Expected result of the expression '"
          + spec.activeElementsCollection() + "' to be 'ARRAY' of 'STRING', but was '" + value + "'.");
    }
    List<String> ids = list.stream().map(String.class::cast).toList();
    List<String> unknown = ids.stream().filter(id -> !spec.activatableIds().contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new FeelException("Failed to activate ad-hoc elements. No BPMN elements found with ids: "
          + String.join(", ", unknown.stream().map(id -> "'" + id + "'").toList()) + ".");
    }
    return ids;
  }

  /** Starts one inner flow: its inner instance (with the given local variables), then the element in it. */
  private void activate(ElementInstance adHoc, String elementId, Map<String, Object> variables) {
    AdHocSpec spec = adHoc.element.adHoc();
    ElementInstance inner = runtime.newElementInstance(spec.innerInstance(), adHoc);
    String outputVariable = plainVariable(spec.outputElement());
    if (outputVariable != null) {
      Map<String, Object> empty = new HashMap<>();
      empty.put(outputVariable, null); // the flow's result lands here, not in an outer scope
      runtime.setLocal(inner, empty);
    }
    if (!variables.isEmpty()) {
      runtime.setLocal(inner, variables);
    }
    runtime.enterLater(runtime.newElementInstance(adHoc.process.model.element(elementId), inner));
  }

  private static String plainVariable(String expression) {
    if (expression == null) {
      return null;
    }
    String text = expression.trim().startsWith("=") ? expression.trim().substring(1).trim() : expression.trim();
    return VARIABLE_NAME.matcher(text).matches() ? text : null;
  }

  // ------------------------------------------------------------------ an inner flow ends

  /**
   * Before an inner instance completes: its output joins the collection and (BPMN mode) the completion
   * condition is evaluated with it. False after raising the incident that says why not; resolving it
   * evaluates again.
   */
  boolean beforeInnerCompletes(ElementInstance inner) {
    ElementInstance adHoc = inner.flowScope;
    AdHocSpec spec = adHoc.element.adHoc();
    try {
      List<Object> collection = null;
      if (spec.outputCollection() != null) {
        Object output = runtime.feel().evaluate(spec.outputElement(), runtime.visibleVariables(inner));
        Object current = localValue(adHoc, spec.outputCollection());
        if (current != null && !(current instanceof List<?>)) {
          throw new FeelException("The output collection '" + spec.outputCollection() + "' has the wrong type. Expected ARRAY but was '" + current + "'.");
        }
        collection = new ArrayList<>(current == null ? List.of() : (List<?>) current);
        collection.add(output);
      }
      Boolean condition = null;
      if (!spec.jobWorker() && spec.completionCondition() != null) {
        Map<String, Object> variables = runtime.visibleVariables(adHoc);
        if (collection != null) {
          variables.put(spec.outputCollection(), collection);
        }
        Object result = runtime.feel().evaluate(spec.completionCondition(), variables);
        if (!(result instanceof Boolean holds)) {
          throw new FeelException("Failed to evaluate completion condition. Expected result of the expression '"
              + spec.completionCondition() + "' to be 'BOOLEAN', but was '" + result + "'.");
        }
        condition = holds;
      }
      if (collection != null) {
        Map<String, Object> update = new HashMap<>();
        update.put(spec.outputCollection(), collection);
        runtime.setLocal(adHoc, update);
      }
      inner.adHocConditionResult = condition;
      return true;
    } catch (FeelException e) {
      runtime.raiseIncident(inner, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.LEAVE);
      return false;
    }
  }

  private Object localValue(ElementInstance scope, String name) {
    Map<String, Variable> locals = runtime.state().variablesByScope.get(scope.key);
    Variable variable = locals == null ? null : locals.get(name);
    return variable == null ? null : variable.value;
  }

  /** A child has completed (and left the subprocess's active children): an inner instance or an event subprocess. */
  void afterChildCompleted(ElementInstance adHoc, ElementInstance inner) {
    if (!adHoc.isActive()) {
      return;
    }
    AdHocSpec spec = adHoc.element.adHoc();
    if (spec.jobWorker()) {
      cancelJob(adHoc); // one job at a time: the worker decides again, with this flow's result
      if (adHoc.adHocCompletionFulfilled) {
        fulfilled(adHoc, adHoc.adHocCancelRemaining);
      } else {
        openJob(adHoc);
      }
      return;
    }
    Boolean condition = inner.adHocConditionResult;
    if (condition == null) {
      if (adHoc.activeChildren.isEmpty()) {
        completeLater(adHoc); // no condition: done once every activated flow is done
      }
    } else if (condition) {
      fulfilled(adHoc, spec.cancelRemainingInstances());
    }
  }

  /** The completion condition is fulfilled: end the flows still running, or wait for them. */
  private void fulfilled(ElementInstance adHoc, boolean cancelRemaining) {
    if (cancelRemaining) { // as in Zeebe: the subprocess completes once the flows are terminated, canceling task listeners first
      runtime.canceling.terminateThen(List.copyOf(adHoc.activeChildren), new Continuation.CompleteAdHoc(adHoc));
    } else if (adHoc.activeChildren.isEmpty()) {
      completeLater(adHoc);
    }
  }

  void completeLater(ElementInstance adHoc) {
    runtime.later(() -> {
      if (!adHoc.isActive()) {
        return;
      }
      cancelJob(adHoc);
      AdHocSpec spec = adHoc.element.adHoc();
      if (spec.outputCollection() != null && adHoc.flowScope != null) {
        Map<String, Object> collection = new HashMap<>();
        collection.put(spec.outputCollection(), localValue(adHoc, spec.outputCollection()));
        runtime.merge(adHoc.flowScope, collection); // the collection is propagated, as in Zeebe
      }
      runtime.complete(adHoc, null);
    });
  }

  // ------------------------------------------------------------------ job worker mode

  private void openJob(ElementInstance adHoc) {
    Map<String, Object> variables = runtime.visibleVariables(adHoc);
    try {
      String type = Jobs.type(runtime.feel(), adHoc.element.jobType(), variables);
      int retries = Jobs.retries(runtime.feel(), adHoc.element.jobRetries(), variables);
      Job job = Jobs.open(runtime.state(), adHoc, type, retries, new LinkedHashMap<>(adHoc.element.headers()), runtime.now);
      adHoc.jobKey = job.key;
      runtime.jobsAvailable = true;
    } catch (FeelException e) {
      runtime.raiseIncident(adHoc, "EXTRACT_VALUE_ERROR", e.getMessage(), null, Incident.Retry.ENTER);
    }
  }

  private void cancelJob(ElementInstance adHoc) {
    Job job = adHoc.jobKey == null ? null : runtime.state().jobs.get(adHoc.jobKey);
    if (job != null && job.isOpen()) {
      job.state = Job.State.CANCELED;
      runtime.state().closeJob(job);
      runtime.state().jobChanged(job);
    }
  }

  /** Rejects, before any change, a job result Zeebe rejects (thrown as EngineException). */
  void checkJobResult(Job job, EngineCommand.JobResult result) {
    ElementInstance adHoc = job.elementInstance;
    if (!adHoc.isActive()) {
      throw EngineException.invalidState("Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete ad-hoc sub-process job, "
          + "but the ad-hoc sub-process instance is not active (job key '" + job.key + "', type '" + job.type + "', processInstanceKey '"
          + adHoc.processInstanceKey + "')");
    }
    List<String> ids = elementIds(result == null ? List.of() : result.activateElements());
    checkElementsExist(adHoc, ids, "Command 'COMPLETE' rejected with code 'NOT_FOUND': ");
    if (!ids.isEmpty() && result.isCompletionConditionFulfilled()) {
      throw EngineException.invalidArgument("Command 'COMPLETE' rejected with code 'INVALID_ARGUMENT': Expected to complete ad-hoc sub-process job, "
          + "but the job result activates elements while the completion condition is fulfilled (job key '" + job.key + "'). "
          + "Either activate no elements, or leave the completion condition not fulfilled.");
    }
  }

  /** The worker's result: its variables reach the subprocess's scope, then the activations or the completion. */
  void jobCompleted(Job job, EngineCommand.JobResult result, Map<String, Object> variables) {
    ElementInstance adHoc = job.elementInstance;
    if (!variables.isEmpty()) {
      runtime.merge(adHoc, variables);
    }
    if (result == null) {
      return;
    }
    for (EngineCommand.ElementActivation element : orEmpty(result.activateElements())) {
      activate(adHoc, element.elementId(), Json.variables(element.variables()));
    }
    if (result.isCompletionConditionFulfilled()) {
      adHoc.adHocCompletionFulfilled = true;
      adHoc.adHocCancelRemaining = result.isCancelRemainingInstances();
      fulfilled(adHoc, adHoc.adHocCancelRemaining);
    }
  }

  // ------------------------------------------------------------------ activation API

  /** {@code POST /v2/element-instances/ad-hoc-activities/{key}/activation}. */
  JsonNode activateActivities(EngineCommand.ActivateAdHocActivities command) {
    long key = command.adHocSubProcessInstanceKey();
    ElementInstance adHoc = runtime.state().elementInstances.get(key);
    String prefix = "Command 'ACTIVATE' rejected with code '";
    if (adHoc == null || adHoc.element.kind != ElementKind.AD_HOC_SUB_PROCESS || adHoc.multiInstanceBody) {
      throw EngineException.notFound(prefix + "NOT_FOUND': Expected to activate activities for ad-hoc sub-process but no ad-hoc sub-process instance found with key '"
          + key + "'.");
    }
    if (!adHoc.isActive()) {
      throw EngineException.invalidState(prefix + "INVALID_STATE': Expected to activate activities for ad-hoc sub-process with key '" + key
          + "', but it is not active.");
    }
    List<EngineCommand.ElementActivation> elements = command.elements();
    if (elements == null || elements.isEmpty()) {
      throw EngineException.invalidArgument("No elements provided: 'elements' must list at least one element to activate.");
    }
    List<String> ids = elementIds(elements);
    Set<String> distinct = new HashSet<>(ids);
    if (distinct.size() != ids.size()) {
      throw EngineException.invalidArgument(prefix + "INVALID_ARGUMENT': Expected to activate activities for ad-hoc sub-process with key '"
          + key + "', but duplicate activities were given.");
    }
    checkElementsExist(adHoc, ids, prefix + "NOT_FOUND': ");
    for (EngineCommand.ElementActivation element : elements) {
      activate(adHoc, element.elementId(), Json.variables(element.variables()));
    }
    runtime.run();
    return null;
  }

  private static List<EngineCommand.ElementActivation> orEmpty(List<EngineCommand.ElementActivation> elements) {
    return elements == null ? List.of() : elements;
  }

  private static List<String> elementIds(List<EngineCommand.ElementActivation> elements) {
    List<String> ids = new ArrayList<>();
    for (EngineCommand.ElementActivation element : orEmpty(elements)) {
      String id = element.elementId() == null ? "" : element.elementId();
      if (id.isBlank()) {
        throw EngineException.invalidArgument("No elementId provided for an element to activate.");
      }
      Json.variables(element.variables()); // a malformed document is refused before anything changes
      ids.add(id);
    }
    return ids;
  }

  private static void checkElementsExist(ElementInstance adHoc, List<String> ids, String prefix) {
    List<String> unknown = ids.stream().filter(id -> !adHoc.element.adHoc().activatableIds().contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw EngineException.notFound(prefix + "Expected to activate activities for ad-hoc sub-process with key '" + adHoc.key
          + "', but the given elements " + unknown + " do not exist.");
    }
  }
}
