package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.Incident;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Execution listeners as Camunda 8.8 documents them: a job per listener that must be completed
 * before the element goes on; start listeners after the input mappings with their variables local
 * to the element, end listeners after the output mappings with their variables in the parent scope;
 * incidents and retries like any job; task listeners are rejected at deployment by name.
 */
class ExecutionListenerTest extends EngineTestBase {

  @Test
  void startAndEndListenersOfATaskRunAroundIt() {
    deploy(Bpmn.createExecutableProcess("el").startEvent()
        .serviceTask("task", t -> t.zeebeJobType("el-work").zeebeInputExpression("21 * 2", "answer")
            .zeebeStartExecutionListener("el-start").zeebeStartExecutionListener("el-start-2")
            .zeebeEndExecutionListener("el-end"))
        .serviceTask("next", t -> t.zeebeJobType("el-next"))
        .endEvent().done());
    long pi = start("el", Map.of());

    ActivatedJob first = activateOne("el-start");
    assertThat(first.getKind().name()).isEqualTo("EXECUTION_LISTENER");
    assertThat(first.getListenerEventType().name()).isEqualTo("START");
    assertThat(first.getVariablesAsMap()).as("after the input mappings").containsEntry("answer", 42);
    assertThat(activate("el-start-2", 1)).as("listeners run one after the other").isEmpty();
    client().newCompleteCommand(first).variables(Map.of("fromStart", "s")).send().join();
    assertThat(activate("el-work", 1)).as("the element waits for its last start listener").isEmpty();
    ActivatedJob second = activateOne("el-start-2");
    assertThat(second.getVariablesAsMap()).containsEntry("fromStart", "s");
    client().newCompleteCommand(second).send().join();

    ActivatedJob work = activateOne("el-work");
    assertThat(work.getKind().name()).isEqualTo("BPMN_ELEMENT");
    assertThat(work.getVariablesAsMap()).containsEntry("fromStart", "s");
    client().newCompleteCommand(work).send().join();
    assertThat(activate("el-next", 1)).as("the element waits for its end listener").isEmpty();
    ActivatedJob end = activateOne("el-end");
    assertThat(end.getListenerEventType().name()).isEqualTo("END");
    client().newCompleteCommand(end).variables(Map.of("fromEnd", 7)).send().join();

    client().newCompleteCommand(activateOne("el-next")).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(rootVariables(pi)).as("end listener variables go to the parent scope, start listener ones stay local")
        .containsEntry("fromEnd", "7").doesNotContainKey("fromStart");
  }

  @Test
  void processListenersWrapTheInstanceAndAGatewayStartListenerDecidesThePath() {
    deploy(Bpmn.createExecutableProcess("elp").zeebeStartExecutionListener("elp-start").zeebeEndExecutionListener("elp-end")
        .startEvent()
        .exclusiveGateway("gw").zeebeStartExecutionListener("elp-decide")
        .conditionExpression("= route = \"a\"").endEvent("endA")
        .moveToNode("gw").conditionExpression("= route = \"b\"").endEvent("endB")
        .done());
    long pi = start("elp", Map.of());
    assertThat(activeElements(pi)).as("nothing starts before the process's start listener").isEmpty();
    client().newCompleteCommand(activateOne("elp-start")).send().join();
    client().newCompleteCommand(activateOne("elp-decide")).variables(Map.of("route", "b")).send().join();
    ActivatedJob processEnd = activateOne("elp-end");
    assertThat(processEnd.getElementId()).isEqualTo("elp");
    assertThat(state(pi)).isEqualTo("ACTIVE");
    client().newCompleteCommand(processEnd).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(completedElements(pi)).contains("endB").doesNotContain("endA");
  }

  @Test
  void aFailedListenerJobRaisesAnIncidentAndOnlyThatListenerIsRetried() {
    deploy(Bpmn.createExecutableProcess("elf").startEvent()
        .manualTask("step").zeebeStartExecutionListener("elf-ok").zeebeStartExecutionListener("elf-flaky")
        .endEvent().done());
    long pi = start("elf", Map.of());
    client().newCompleteCommand(activateOne("elf-ok")).send().join();
    ActivatedJob flaky = activateOne("elf-flaky");
    assertThatThrownBy(() -> client().newThrowErrorCommand(flaky).errorCode("NOPE").send().join())
        .as("BPMN errors are not supported for listener jobs").isInstanceOf(ProblemException.class);
    client().newFailCommand(flaky).retries(0).errorMessage("service down").send().join();
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("JOB_NO_RETRIES");
      assertThat(i.getElementId()).isEqualTo("step");
    });
    client().newUpdateRetriesCommand(flaky.getKey()).retries(1).send().join();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    assertThat(activate("elf-ok", 1)).as("completed listeners are not run again").isEmpty();
    client().newCompleteCommand(activateOne("elf-flaky")).send().join();
    awaitState(pi, "COMPLETED");
  }

  @Test
  void aListenerTypeThatDoesNotEvaluateIsAnIncidentAndCancellingDropsTheListenerJob() {
    deploy(Bpmn.createExecutableProcess("ele").startEvent()
        .manualTask("step").zeebeStartExecutionListener("=listenerType")
        .serviceTask("after", t -> t.zeebeJobType("ele-after").zeebeStartExecutionListener("ele-before-after"))
        .endEvent().done());
    long pi = start("ele", Map.of());
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> assertThat(i.getErrorType().name()).isEqualTo("EXTRACT_VALUE_ERROR"));
    client().newSetVariablesCommand(pi).variables(Map.of("listenerType", "ele-dynamic")).send().join();
    client().newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
    client().newCompleteCommand(activateOne("ele-dynamic")).send().join();
    activateOne("ele-before-after");
    client().newCancelInstanceCommand(pi).send().join();
    awaitState(pi, "TERMINATED");
    assertThat(client().newJobSearchRequest().filter(f -> f.processInstanceKey(pi).type("ele-before-after")).send().join().items())
        .singleElement().satisfies(j -> assertThat(j.getState().name()).isEqualTo("CANCELED"));
    assertThat(activate("ele-after", 1)).isEmpty();
  }

  @Test
  void aWaitingListenerSurvivesARestart() {
    deploy(Bpmn.createExecutableProcess("eld").startEvent()
        .serviceTask("task", t -> t.zeebeJobType("eld-work").zeebeStartExecutionListener("eld-start").zeebeEndExecutionListener("eld-end"))
        .endEvent().done());
    long pi = start("eld", Map.of());
    // abandon the engine as kill -9 would; a new one replays the journal of the same directory
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));
    client().newCompleteCommand(activateOne("eld-start")).variables(Map.of("checked", true)).send().join();
    client().newCompleteCommand(activateOne("eld-work")).send().join();
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));
    ActivatedJob end = activateOne("eld-end");
    assertThat(end.getVariablesAsMap()).containsEntry("checked", true);
    client().newCompleteCommand(end).send().join();
    awaitState(pi, "COMPLETED");
  }

  /** The Camunda 7 to 8 Data Migrator's pattern: an end listener on the none start event, its type chosen by FEEL. */
  @Test
  void anEndListenerOnTheStartEventWithAFeelTypeRunsBeforeTheFirstTask() {
    deploy(Bpmn.createExecutableProcess("migrated").startEvent("StartEvent_1")
        .zeebeEndExecutionListener("=if legacyId != null then \"migrator\" else \"noop\"")
        .serviceTask("first", t -> t.zeebeJobType("migrated-first")).endEvent().done());
    long fresh = start("migrated", Map.of());
    long legacy = start("migrated", Map.of("legacyId", "c7-42"));
    assertThat(activate("migrated-first", 2)).as("the start event waits for its end listener").isEmpty();
    assertThat(activateOne("noop").getProcessInstanceKey()).isEqualTo(fresh);
    ActivatedJob migrator = activateOne("migrator");
    assertThat(migrator.getProcessInstanceKey()).isEqualTo(legacy);
    assertThat(migrator.getElementId()).isEqualTo("StartEvent_1");
    client().newCompleteCommand(migrator).send().join();
    assertThat(activateOne("migrated-first").getProcessInstanceKey()).isEqualTo(legacy);
  }
}
