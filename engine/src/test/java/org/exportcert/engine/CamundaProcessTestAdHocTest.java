package org.exportcert.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camunda Process Test's assertions on an AI-agent-style ad-hoc subprocess run by job workers: the
 * ad-hoc subprocess, its tools and the collected output are seen through the search endpoints; and
 * a canceling task listener that the ad-hoc subprocess's cancelRemainingInstances waits for.
 */
class CamundaProcessTestAdHocTest {

  private static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));

  @RegisterExtension
  static final CamundaProcessTestExtension EXTENSION =
      new CamundaProcessTestExtension()
          .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
          .withRemoteCamundaClientBuilderFactory(() -> CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)))
          .withRemoteCamundaMonitoringApiAddress(ENGINE.managementAddress());

  private static final CamundaClient client = CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)).build();

  @AfterAll
  static void stopEngine() {
    client.close();
    ENGINE.close();
  }

  @Test
  void anAgentLoopIsAssertedLikeOnCamunda() {
    client.newDeployResourceCommand().addResourceStringUtf8(AdHocSubProcessJobWorkerTest.MODEL, "agent.bpmn").send().join();
    // the agent: first call the lookup tool, then finish once a tool result is there
    try (JobWorker agent = client.newWorker().jobType("agent").handler((jobs, job) -> {
          List<?> results = (List<?>) job.getVariablesAsMap().get("toolCallResults");
          if (results == null || results.isEmpty()) {
            jobs.newCompleteCommand(job).withResult(r -> r.forAdHocSubProcess().activateElement("lookup")
                .variables(Map.of("toolCall", Map.of("query", "tea"), "toolCallId", "1"))).send().join();
          } else {
            jobs.newCompleteCommand(job).withResult(r -> r.forAdHocSubProcess().completionConditionFulfilled(true)).send().join();
          }
        }).open();
        JobWorker lookup = client.newWorker().jobType("lookup")
            .handler((jobs, job) -> jobs.newCompleteCommand(job).variables(Map.of("toolCallResult", "found " + job.getVariablesAsMap().get("query"))).send().join())
            .open()) {
      var instance = client.newCreateInstanceCommand().bpmnProcessId("adhoc").latestVersion().send().join();
      assertThat(instance).isCompleted()
          .hasCompletedElements("ahsp", "lookup", "end")
          .hasNotActivatedElements("clock")
          .hasVariable("toolCallResults", List.of(Map.of("id", "1", "result", "found tea")));
    }
  }

  @Test
  void cancellingTheRemainingFlowsWaitsForTheCancelingListener() {
    String review = "<bpmn:userTask id=\"review\"><bpmn:extensionElements><zeebe:userTask/><zeebe:taskListeners>"
        + "<zeebe:taskListener eventType=\"canceling\" type=\"cpt-cancel-audit\"/></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask>";
    String xml = AdHocSubProcessTest.model("", "<zeebe:adHoc activeElementsCollection=\"=[&quot;a&quot;, &quot;review&quot;]\"/>",
        AdHocSubProcessTest.serviceTask("a", "cpt-work-a") + review, "=done = true").replace("id=\"adhoc\"", "id=\"adhoc-canceling\"");
    client.newDeployResourceCommand().addResourceStringUtf8(xml, "adhoc-canceling.bpmn").send().join();
    var instance = client.newCreateInstanceCommand().bpmnProcessId("adhoc-canceling").latestVersion()
        .variables(Map.of("done", false)).send().join();
    var work = client.newActivateJobsCommand().jobType("cpt-work-a").maxJobsToActivate(1).send().join().getJobs().get(0);
    client.newCompleteCommand(work).variables(Map.of("done", true)).send().join();

    assertThat(instance).isActive().hasActiveElements("ahsp", "review").hasCompletedElements("a");
    try (JobWorker audit = client.newWorker().jobType("cpt-cancel-audit")
        .handler((jobs, job) -> jobs.newCompleteCommand(job).send().join()).open()) {
      assertThat(instance).isCompleted().hasCompletedElements("ahsp", "a", "end").hasTerminatedElements("review");
      assertThat(UserTaskSelectors.byElementId("review", instance.getProcessInstanceKey())).isCanceled();
    }
  }
}
