package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.exportcert.engine.AdHocSubProcessTest.TASKS;
import static org.exportcert.engine.AdHocSubProcessTest.model;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An ad-hoc subprocess as a scope among others: boundary events on it, errors from its tools,
 * multi-instance, instructions that would bypass it, and a restart in the middle of an agent loop.
 */
class AdHocSubProcessScopeTest extends EngineTestBase {

  static final String AGENT = "<zeebe:taskDefinition type=\"agent\"/>"
      + "<zeebe:adHoc outputCollection=\"results\" outputElement=\"=result\"/>";

  static final String BOUNDARIES = """
      <bpmn:boundaryEvent id="timeout" attachedToRef="ahsp">
        <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f3" sourceRef="timeout" targetRef="timedOut"/>
      <bpmn:endEvent id="timedOut"/>
      <bpmn:boundaryEvent id="failed" attachedToRef="ahsp">
        <bpmn:errorEventDefinition errorRef="toolError"/>
      </bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f4" sourceRef="failed" targetRef="gaveUp"/>
      <bpmn:endEvent id="gaveUp"/>
      """;

  /** Process-level error definitions live beside the process; the model helper has none, so patch it in. */
  static String withError(String xml) {
    return xml.replace("<bpmn:process id=\"adhoc\"", "<bpmn:error id=\"toolError\" errorCode=\"TOOL_FAILED\"/>\n<bpmn:process id=\"adhoc\"");
  }

  void deployXml(String xml) {
    client().newDeployResourceCommand().addResourceStringUtf8(xml, "adhoc.bpmn").send().join();
  }

  void startTool(String element) {
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().activateElement(element)).send().join();
  }

  @Test
  void aToolsBpmnErrorIsCaughtByTheBoundaryOfTheSubprocessAndEndsTheLoop() {
    deployXml(withError(model("", AGENT, TASKS, null, BOUNDARIES)));
    long pi = start("adhoc", Map.of());
    startTool("a");
    client().newThrowErrorCommand(activateOne("work-a")).errorCode("TOOL_FAILED").send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("failed", "gaveUp").doesNotContain("ahsp", "end");
    assertThat(activate("agent", 5)).as("no agent job is left").isEmpty();
  }

  @Test
  void anInterruptingTimerOnTheSubprocessCancelsItsJobAndItsTools() throws Exception {
    deployXml(withError(model("", AGENT, TASKS, null, BOUNDARIES)));
    long pi = start("adhoc", Map.of());
    startTool("a");
    HttpResponse<String> moved = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/actuator/clock/add"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + Duration.ofHours(2).toMillis() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(moved.statusCode()).isEqualTo(200);
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("timeout", "timedOut");
    assertThat(activate("work-a", 5)).as("the running tool was terminated").isEmpty();
  }

  @Test
  void aMultiInstanceAdHocSubprocessRunsOnePerItem() {
    String loop = "<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>"
        + "<zeebe:loopCharacteristics inputCollection=\"=items\" inputElement=\"item\"/>"
        + "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>";
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;]\"/>", loop + TASKS, null));
    long pi = start("adhoc", Map.of("items", List.of(1, 2)));
    List<ActivatedJob> jobs = activate("work-a", 5);
    assertThat(jobs).hasSize(2);
    assertThat(jobs).extracting(j -> j.getVariablesAsMap().get("item")).containsExactlyInAnyOrder(1, 2);
    jobs.forEach(j -> client().newCompleteCommand(j).send().join());
    awaitState(pi, "COMPLETED");
  }

  @Test
  void instructionsCannotStartAnElementInsideButCanStartTheSubprocess() {
    deployXml(model("", "<zeebe:adHoc activeElementsCollection=\"=[&quot;c&quot;]\"/>", TASKS, null));
    assertThatThrownBy(() -> client().newCreateInstanceCommand().bpmnProcessId("adhoc").latestVersion().startBeforeElement("a").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("ad-hoc sub-process 'ahsp'");
        });
    long pi = client().newCreateInstanceCommand().bpmnProcessId("adhoc").latestVersion().startBeforeElement("ahsp")
        .send().join().getProcessInstanceKey();
    assertThat(activeElements(pi)).contains("ahsp", "c");
    assertThatThrownBy(() -> client().newModifyProcessInstanceCommand(pi).activateElement("a").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(400));
    client().newCompleteCommand(activateOne("work-c")).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void anEventSubprocessInsideIsOnePathMoreItsResultIsCollectedAndTheWorkerAskedAgain() {
    String events = """
        <bpmn:subProcess id="onEvent" triggeredByEvent="true">
          <bpmn:startEvent id="eventStart" isInterrupting="false">
            <bpmn:messageEventDefinition messageRef="news"/>
          </bpmn:startEvent>
          <bpmn:sequenceFlow id="fe" sourceRef="eventStart" targetRef="project"/>
          <bpmn:scriptTask id="project">
            <bpmn:extensionElements><zeebe:script expression="=payload" resultVariable="result"/></bpmn:extensionElements>
          </bpmn:scriptTask>
        </bpmn:subProcess>
        """;
    String xml = model("", AGENT, TASKS + events, null).replace("<bpmn:process id=\"adhoc\"",
        "<bpmn:message id=\"news\" name=\"news\"><bpmn:extensionElements><zeebe:subscription correlationKey=\"=caseId\"/>"
            + "</bpmn:extensionElements></bpmn:message>\n<bpmn:process id=\"adhoc\"");
    deployXml(xml);
    long pi = start("adhoc", Map.of("caseId", "C-9"));
    startTool("a"); // a tool runs while the event arrives
    client().newPublishMessageCommand().messageName("news").correlationKey("C-9").variables(Map.of("payload", "breaking")).send().join();
    ActivatedJob agent = activateOne("agent");
    assertThat(agent.getVariablesAsMap()).containsEntry("results", List.of("breaking"));
    assertThat(activeElements(pi)).as("the running tool goes on").contains("a");
    client().newCompleteCommand(activateOne("work-a")).variables(Map.of("result", "done")).send().join();
    ActivatedJob next = activateOne("agent");
    assertThat(next.getVariablesAsMap()).containsEntry("results", List.of("breaking", "done"));
    client().newCompleteCommand(next).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void anAgentLoopGoesOnAfterACrashAndRestart() {
    deployXml(model("", AGENT, TASKS, null));
    long pi = start("adhoc", Map.of());
    client().newCompleteCommand(activateOne("agent"))
        .withResult(r -> r.forAdHocSubProcess().activateElement("a").variables(Map.of("hint", "h1"))).send().join();
    env.restart(env.startOnSameData());
    ActivatedJob tool = activateOne("work-a");
    assertThat(tool.getVariablesAsMap()).containsEntry("hint", "h1");
    client().newCompleteCommand(tool).variables(Map.of("result", 42)).send().join();
    ActivatedJob agent = activateOne("agent");
    assertThat(agent.getVariablesAsMap()).containsEntry("results", List.of(42));
    client().newCompleteCommand(agent).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("results", "[42]");
  }
}
