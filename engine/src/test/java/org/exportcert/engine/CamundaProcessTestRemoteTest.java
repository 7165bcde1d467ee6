package org.exportcert.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.CamundaAssert.assertThatUserTask;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import io.camunda.process.test.api.assertions.UserTaskSelectors;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camunda Process Test (8.8, Apache 2.0) in its remote runtime mode, pointed at the engine: the
 * extension checks the topology, injects clients, purges the engine and resets its clock between
 * tests through the management endpoints, and every {@code CamundaAssert} reads through the search
 * endpoints.
 *
 * <p>This test drives commands with a default (REST) client of its own; {@link
 * CamundaProcessTestGrpcTest} uses the clients CPT injects, which prefer gRPC.
 */
class CamundaProcessTestRemoteTest {

  private static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));

  @RegisterExtension
  static final CamundaProcessTestExtension EXTENSION =
      new CamundaProcessTestExtension()
          .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
          .withRemoteCamundaClientBuilderFactory(() -> CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)))
          .withRemoteCamundaMonitoringApiAddress(ENGINE.managementAddress());

  private static final BpmnModelInstance CERTIFY =
      Bpmn.createExecutableProcess("certify").name("Certify").startEvent("Start")
          .serviceTask("Task_CheckEligibility", t -> t.zeebeJobType("check-eligibility"))
          .exclusiveGateway("Gateway_Eligible").defaultFlow()
          .endEvent("End_Rejected")
          .moveToNode("Gateway_Eligible").conditionExpression("= eligible")
          .userTask("Task_Review", u -> u.name("Review documents").zeebeUserTask().zeebeAssignee("reviewer"))
          .endEvent("End_Certified")
          .done();

  /** Static, so the extension does not replace it with its gRPC-preferring client. */
  private static final CamundaClient client = CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)).build();

  private CamundaProcessTestContext context;

  @AfterAll
  static void stopEngine() {
    client.close();
    ENGINE.close();
  }

  private static void completeJobsWith(String type, Map<String, Object> variables) {
    // a worker like the mocks of CamundaProcessTestContext.mockJobWorker, over REST
    var worker = client.newWorker().jobType(type)
        .handler((jobClient, job) -> jobClient.newCompleteCommand(job).variables(variables).send().join())
        .open();
    OPEN_WORKERS.add(worker);
  }

  private static final java.util.List<AutoCloseable> OPEN_WORKERS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeWorkers() throws Exception {
    for (AutoCloseable worker : OPEN_WORKERS) {
      worker.close();
    }
    OPEN_WORKERS.clear();
  }

  private ProcessInstanceEvent startCertification() {
    client.newDeployResourceCommand().addProcessModel(CERTIFY, "certify.bpmn").send().join();
    return client.newCreateInstanceCommand().bpmnProcessId("certify").latestVersion()
        .variables(Map.of("caseId", "CASE-1")).send().join();
  }

  @Test
  void eligibleCaseGoesToReviewAndCompletes() {
    completeJobsWith("check-eligibility", Map.of("eligible", true));
    ProcessInstanceEvent instance = startCertification();

    assertThat(instance).isActive().hasCompletedElements("Start", "Task_CheckEligibility", "Gateway_Eligible")
        .hasActiveElements("Task_Review").hasVariable("eligible", true).hasNoActiveIncidents();
    assertThatUserTask(UserTaskSelectors.byTaskName("Review documents")).isCreated().hasAssignee("reviewer");

    context.completeUserTask("Task_Review", Map.of("approved", true));

    assertThat(instance).isCompleted().hasCompletedElementsInOrder("Start", "Task_CheckEligibility", "Task_Review", "End_Certified")
        .hasNotActivatedElements("End_Rejected").hasVariables(Map.of("caseId", "CASE-1", "approved", true));
  }

  @Test
  void ineligibleCaseTakesTheDefaultFlow() {
    completeJobsWith("check-eligibility", Map.of("eligible", false));
    ProcessInstanceEvent instance = startCertification();
    assertThat(instance).isCompleted().hasCompletedElements("End_Rejected").hasNotActivatedElements("Task_Review");
  }

  @Test
  void failedJobShowsAsIncident() {
    ProcessInstanceEvent instance = startCertification();
    var job = client.newActivateJobsCommand().jobType("check-eligibility").maxJobsToActivate(1)
        .requestTimeout(Duration.ofSeconds(5)).send().join().getJobs().get(0);
    client.newFailCommand(job).retries(0).errorMessage("registry unreachable").send().join();
    assertThat(instance).isActive().hasActiveIncidents();
  }

  @Test
  void waitingForAMessageAndATimer() {
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("wait_partner").startEvent()
        .receiveTask("Task_AwaitPartnerResponse").message(m -> m.name("Message_PartnerResponse").zeebeCorrelationKeyExpression("caseId"))
        .endEvent("End_Answered")
        .moveToActivity("Task_AwaitPartnerResponse").boundaryEvent("Boundary_ResponseDeadline", b -> b.timerWithDuration("P30D"))
        .endEvent("End_NoAnswer").done(), "wait_partner.bpmn").send().join();
    ProcessInstanceEvent answered = client.newCreateInstanceCommand().bpmnProcessId("wait_partner").latestVersion()
        .variables(Map.of("caseId", "CASE-2")).send().join();
    assertThat(answered).isWaitingForMessage("Message_PartnerResponse", "CASE-2");
    client.newPublishMessageCommand().messageName("Message_PartnerResponse").correlationKey("CASE-2").send().join();
    assertThat(answered).isCompleted().hasCorrelatedMessage("Message_PartnerResponse").hasCompletedElements("End_Answered");

    ProcessInstanceEvent silent = client.newCreateInstanceCommand().bpmnProcessId("wait_partner").latestVersion()
        .variables(Map.of("caseId", "CASE-3")).send().join();
    assertThat(silent).isActive().hasActiveElements("Task_AwaitPartnerResponse");
    context.increaseTime(Duration.ofDays(30));
    assertThat(silent).isCompleted().hasCompletedElements("Boundary_ResponseDeadline", "End_NoAnswer");
  }

  @Test
  void purgeBetweenTestsLeftNothingBehindAndClockMoves() {
    org.assertj.core.api.Assertions.assertThat(client.newProcessInstanceSearchRequest().send().join().items()).isEmpty();
    Instant before = context.getCurrentTime();
    context.increaseTime(Duration.ofDays(30));
    org.assertj.core.api.Assertions.assertThat(context.getCurrentTime()).isAfterOrEqualTo(before.plus(Duration.ofDays(30)));
  }
}
