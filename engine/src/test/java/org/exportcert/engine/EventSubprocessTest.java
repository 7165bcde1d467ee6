package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event subprocesses with message, timer and error starts, interrupting and not. */
class EventSubprocessTest extends EngineTestBase {

  private static String process(String eventSubprocess) {
    return """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
          <bpmn:message id="Message_Withdrawn" name="withdrawn"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId"/></bpmn:extensionElements></bpmn:message>
          <bpmn:error id="Error_Fatal" errorCode="FATAL"/>
          <bpmn:process id="case" isExecutable="true">
            <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Task_Work"/>
            <bpmn:serviceTask id="Task_Work"><bpmn:extensionElements><zeebe:taskDefinition type="work"/></bpmn:extensionElements>
              <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="Task_Work" targetRef="End_Normal"/>
            <bpmn:endEvent id="End_Normal"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            %s
          </bpmn:process>
        </bpmn:definitions>
        """.formatted(eventSubprocess);
  }

  private static String eventSubprocess(boolean interrupting, String definition) {
    return """
        <bpmn:subProcess id="SubProcess_Event" triggeredByEvent="true">
          <bpmn:startEvent id="Start_Event" isInterrupting="%s"><bpmn:outgoing>e1</bpmn:outgoing>%s</bpmn:startEvent>
          <bpmn:sequenceFlow id="e1" sourceRef="Start_Event" targetRef="Task_Handle"/>
          <bpmn:serviceTask id="Task_Handle"><bpmn:extensionElements><zeebe:taskDefinition type="handle"/></bpmn:extensionElements>
            <bpmn:incoming>e1</bpmn:incoming><bpmn:outgoing>e2</bpmn:outgoing></bpmn:serviceTask>
          <bpmn:sequenceFlow id="e2" sourceRef="Task_Handle" targetRef="End_Handled"/>
          <bpmn:endEvent id="End_Handled"><bpmn:incoming>e2</bpmn:incoming></bpmn:endEvent>
        </bpmn:subProcess>
        """.formatted(interrupting, definition);
  }

  private void deployXml(String xml) {
    client().newDeployResourceCommand().addResourceStringUtf8(xml, "case.bpmn").send().join();
  }

  @Test
  void interruptingMessageEventSubprocessWithdrawsTheCase() {
    deployXml(process(eventSubprocess(true, "<bpmn:messageEventDefinition id=\"m\" messageRef=\"Message_Withdrawn\"/>")));
    long pi = start("case", Map.of("caseId", "C-1"));
    client().newPublishMessageCommand().messageName("withdrawn").correlationKey("C-1").variables(Map.of("reason", "applicant")).send().join();
    assertThat(activeElements(pi)).containsExactlyInAnyOrder("SubProcess_Event", "Task_Handle");
    assertThat(activate("work", 1)).as("the interrupted task's job is gone").isEmpty();
    assertThat(activateOne("handle").getVariablesAsMap()).containsEntry("reason", "applicant");
  }

  @Test
  void nonInterruptingMessageEventSubprocessRunsAlongside() {
    deployXml(process(eventSubprocess(false, "<bpmn:messageEventDefinition id=\"m\" messageRef=\"Message_Withdrawn\"/>")));
    long pi = start("case", Map.of("caseId", "C-2"));
    client().newPublishMessageCommand().messageName("withdrawn").correlationKey("C-2").send().join();
    client().newCompleteCommand(activateOne("handle")).send().join();
    client().newCompleteCommand(activateOne("work")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_Handled", "End_Normal");
  }

  @Test
  void errorEventSubprocessCatchesAWorkersError() {
    deployXml(process(eventSubprocess(true, "<bpmn:errorEventDefinition id=\"e\" errorRef=\"Error_Fatal\"/>")));
    long pi = start("case", Map.of("caseId", "C-3"));
    client().newThrowErrorCommand(activateOne("work")).errorCode("FATAL").send().join();
    assertThat(activeIncidents(pi)).isEmpty();
    client().newCompleteCommand(activateOne("handle")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_Handled").doesNotContain("End_Normal");
  }

  @Test
  void timerEventSubprocess() throws Exception {
    deployXml(process(eventSubprocess(true, "<bpmn:timerEventDefinition id=\"t\"><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>")));
    long pi = start("case", Map.of("caseId", "C-4"));
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/actuator/clock/add"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + Duration.ofDays(30).toMillis() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    client().newCompleteCommand(activateOne("handle")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }
}
