package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ad-hoc subprocesses as Camunda 8.8 documents them, BPMN mode: the active elements collection, the
 * completion condition with and without cancelRemainingInstances, the output collection, inner
 * instances in searches, the activation API and Zeebe's rejections.
 */
class AdHocSubProcessTest extends EngineTestBase {

  /** start -> ad-hoc subprocess (attributes, zeebe:adHoc, inner XML, completion condition) -> end. */
  static String model(String attributes, String zeebeExtensions, String inner, String completionCondition) {
    return model(attributes, zeebeExtensions, inner, completionCondition, "");
  }

  /** The same with more process-level XML (boundary events and their flows). */
  static String model(String attributes, String zeebeExtensions, String inner, String completionCondition, String more) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="adhoc" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ahsp"/>
            <bpmn:adHocSubProcess id="ahsp" name="Case work" %s>
              <bpmn:extensionElements>%s</bpmn:extensionElements>
              %s
              %s
            </bpmn:adHocSubProcess>
            <bpmn:sequenceFlow id="f2" sourceRef="ahsp" targetRef="end"/>
            <bpmn:endEvent id="end"/>
            %s
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(attributes, zeebeExtensions, inner, completionCondition == null ? ""
            : "<bpmn:completionCondition xsi:type=\"bpmn:tFormalExpression\">" + completionCondition + "</bpmn:completionCondition>", more);
  }

  static String serviceTask(String id, String type) {
    return "<bpmn:serviceTask id=\"" + id + "\"><bpmn:extensionElements><zeebe:taskDefinition type=\"" + type
        + "\"/></bpmn:extensionElements></bpmn:serviceTask>";
  }

  /** Three service tasks a, b, c; b is followed by b2 (a structured sequence inside). */
  static final String TASKS = serviceTask("a", "work-a") + serviceTask("b", "work-b") + serviceTask("b2", "work-b2")
      + serviceTask("c", "work-c") + "<bpmn:sequenceFlow id=\"fb\" sourceRef=\"b\" targetRef=\"b2\"/>";

  void deployXml(String xml) {
    client().newDeployResourceCommand().addResourceStringUtf8(xml, "adhoc.bpmn").send().join();
  }

  List<ElementInstance> elementInstances(long pi) {
    return client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items();
  }

  long adHocKey(long pi) {
    return elementInstances(pi).stream().filter(e -> e.getElementId().equals("ahsp")).findFirst().orElseThrow().getElementInstanceKey();
  }

  void completeOne(String type, Map<String, Object> variables) {
    client().newCompleteCommand(activateOne(type)).variables(variables).send().join();
  }

  @Test
  void activatesTheListedElementsInInnerInstancesAndCompletesWhenAllAreDone() {
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=toDo\"/>", TASKS, null));
    long pi = start("adhoc", Map.of("toDo", List.of("a", "b")));

    assertThat(activeElements(pi)).contains("ahsp", "a", "b").doesNotContain("c", "b2");
    Map<String, String> types = elementInstances(pi).stream()
        .collect(Collectors.toMap(e -> e.getElementId(), e -> e.getType().name(), (x, y) -> x));
    assertThat(types).containsEntry("ahsp", "AD_HOC_SUB_PROCESS")
        .containsEntry("ahsp#innerInstance", "AD_HOC_SUB_PROCESS_INNER_INSTANCE");
    assertThat(elementInstances(pi).stream().filter(e -> e.getElementId().equals("ahsp#innerInstance"))).hasSize(2);
    assertThat(rootVariables(pi)).doesNotContainKey("adHocSubProcessElements");

    completeOne("work-a", Map.of());
    assertThat(state(pi)).as("b's flow is still running").isEqualTo("ACTIVE");
    completeOne("work-b", Map.of());
    assertThat(activeElements(pi)).as("b's flow goes on to b2 in the same inner instance").contains("b2");
    completeOne("work-b2", Map.of());
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("ahsp", "a", "b", "b2", "end").doesNotContain("c");
  }

  @Test
  void withoutActiveElementsItWaitsAndTheActivationApiStartsElementsWithLocalVariables() {
    deployXml(model("", "", TASKS, null));
    long pi = start("adhoc", Map.of());
    assertThat(activeElements(pi)).containsExactly("ahsp");

    long adHoc = adHocKey(pi);
    client().newActivateAdHocSubProcessActivitiesCommand(String.valueOf(adHoc))
        .activateElement("c", Map.of("ticket", "T-1")).send().join();
    var job = activateOne("work-c");
    assertThat(job.getVariablesAsMap()).containsEntry("ticket", "T-1");
    assertThat(rootVariables(pi)).as("activation variables are local to the inner instance").doesNotContainKey("ticket");
    client().newCompleteCommand(job).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void theActivationApiRejectsWhatZeebeRejects() {
    deployXml(model("", "", TASKS, null));
    long pi = start("adhoc", Map.of());
    String adHoc = String.valueOf(adHocKey(pi));
    assertThatThrownBy(() -> client().newActivateAdHocSubProcessActivitiesCommand(adHoc).activateElement("nope").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newActivateAdHocSubProcessActivitiesCommand(adHoc).activateElement("b2").send().join())
        .as("b2 has an incoming flow: it is not activatable").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThatThrownBy(() -> client().newActivateAdHocSubProcessActivitiesCommand(adHoc).activateElements("a", "a").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> client().newActivateAdHocSubProcessActivitiesCommand(String.valueOf(pi)).activateElement("a").send().join())
        .as("not an ad-hoc subprocess").isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThat(activeElements(pi)).containsExactly("ahsp");
  }

  @Test
  void aFulfilledCompletionConditionCancelsTheRemainingInstancesByDefault() {
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;, &quot;c&quot;]\"/>", TASKS, "=done = true"));
    long pi = start("adhoc", Map.of("done", false));
    completeOne("work-a", Map.of("done", true));
    awaitState(pi, "COMPLETED");
    List<ElementInstance> c = elementInstances(pi).stream().filter(e -> e.getElementId().equals("c")).toList();
    assertThat(c).singleElement().satisfies(e -> assertThat(e.getState()).isEqualTo(ElementInstanceState.TERMINATED));
  }

  @Test
  void withCancelRemainingInstancesFalseItWaitsForTheRunningFlows() {
    deployXml(model("cancelRemainingInstances=\"false\"", "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;, &quot;c&quot;]\"/>",
        TASKS, "=done = true"));
    long pi = start("adhoc", Map.of("done", false));
    completeOne("work-a", Map.of("done", true));
    assertThat(state(pi)).isEqualTo("ACTIVE");
    assertThat(activeElements(pi)).contains("c");
    completeOne("work-c", Map.of());
    awaitState(pi, "COMPLETED");
  }

  @Test
  void aConditionThatDoesNotHoldKeepsTheSubprocessActive() {
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;]\"/>", TASKS, "=done = true"));
    long pi = start("adhoc", Map.of("done", false));
    completeOne("work-a", Map.of());
    assertThat(activeElements(pi)).containsExactly("ahsp");
    client().newActivateAdHocSubProcessActivitiesCommand(String.valueOf(adHocKey(pi))).activateElement("c").send().join();
    completeOne("work-c", Map.of("done", true));
    awaitState(pi, "COMPLETED");
  }

  @Test
  void theOutputCollectionGathersEachFlowsOutputElementAndReachesTheProcess() {
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;, &quot;c&quot;]\" outputCollection=\"results\" "
        + "outputElement=\"=result\"/>", TASKS, null));
    long pi = start("adhoc", Map.of());
    completeOne("work-c", Map.of("result", "from c"));
    completeOne("work-a", Map.of("result", "from a"));
    awaitState(pi, "COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("results", "[\"from c\",\"from a\"]").doesNotContainKey("result");
  }

  @Test
  void anUnknownActiveElementRaisesAnIncidentThatCanBeResolved() {
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=toDo\"/>", TASKS, null));
    long pi = start("adhoc", Map.of("toDo", List.of("a", "zzz")));
    var incident = activeIncidents(pi);
    assertThat(incident).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("EXTRACT_VALUE_ERROR");
      assertThat(i.getErrorMessage()).contains("'zzz'");
    });
    client().newSetVariablesCommand(pi).variables(Map.of("toDo", List.of("a"))).send().join();
    client().newResolveIncidentCommand(incident.get(0).getIncidentKey()).send().join();
    completeOne("work-a", Map.of());
    awaitState(pi, "COMPLETED");
  }

  @Test
  void zeebesModelRulesStillRejectAnAdHocSubprocessWithAStartEvent() {
    String xml = model("", "", "<bpmn:startEvent id=\"inner-start\"/>" + TASKS, null);
    assertThatThrownBy(() -> deployXml(xml))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("ahsp").contains("start event");
        });
  }
}
