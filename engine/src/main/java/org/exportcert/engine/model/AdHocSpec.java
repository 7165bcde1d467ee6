package org.exportcert.engine.model;

import java.util.List;
import java.util.Map;

/**
 * An ad-hoc subprocess (Camunda 8.8): which inner elements may be activated, how it completes, what it
 * collects, and the element that stands for each activated inner flow (the "inner instance").
 *
 * @param activeElementsCollection FEEL list of element ids to activate on entering (BPMN mode), or null
 * @param completionCondition FEEL boolean evaluated after each inner flow (BPMN mode), or null
 * @param cancelRemainingInstances whether a fulfilled completion terminates the flows still running
 * @param outputCollection local variable collecting {@code outputElement} of each finished inner flow, or null
 * @param outputElement FEEL evaluated in the finished inner flow's scope, or null
 * @param jobWorker true when a zeebe:taskDefinition hands the control to a job worker
 * @param activatableIds inner elements without incoming sequence flows, in model order
 * @param elementsMetadata the {@code adHocSubProcessElements} variable: id, name, documentation, properties, parameters
 * @param innerInstance the element of each activated inner flow ({@code <id>#innerInstance})
 */
public record AdHocSpec(
    String activeElementsCollection,
    String completionCondition,
    boolean cancelRemainingInstances,
    String outputCollection,
    String outputElement,
    boolean jobWorker,
    List<String> activatableIds,
    List<Map<String, Object>> elementsMetadata,
    ElementModel innerInstance) {

  /** Zeebe's element id postfix of an ad-hoc subprocess's inner instances. */
  public static final String INNER_INSTANCE_POSTFIX = "#innerInstance";

  /** The variable with the activatable elements' metadata, set on the ad-hoc subprocess. */
  public static final String ELEMENTS_VARIABLE = "adHocSubProcessElements";
}
