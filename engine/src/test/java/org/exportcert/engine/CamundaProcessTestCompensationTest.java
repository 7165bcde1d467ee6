package org.exportcert.engine;

import static io.camunda.process.test.api.CamundaAssert.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaProcessTestContext;
import io.camunda.process.test.api.CamundaProcessTestExtension;
import io.camunda.process.test.api.CamundaProcessTestRuntimeMode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camunda Process Test's assertions on compensation, as a model author writes them against a real
 * cluster: the compensation boundary event shows as completed, the handler as an active then
 * completed element, the throw event as active until the handler is done.
 */
class CamundaProcessTestCompensationTest {

  private static final ExportCertEngine ENGINE = ExportCertEngine.start(EngineConfig.inMemory(0).withManagementPort(0));

  @RegisterExtension
  static final CamundaProcessTestExtension EXTENSION =
      new CamundaProcessTestExtension()
          .withRuntimeMode(CamundaProcessTestRuntimeMode.REMOTE)
          .withRemoteCamundaClientBuilderFactory(() -> CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)))
          .withRemoteCamundaMonitoringApiAddress(ENGINE.managementAddress());

  /** Book a slot, try to pay; a failed payment (BPMN error) releases the slot through compensation. */
  private static final BpmnModelInstance BOOKING =
      Bpmn.createExecutableProcess("booking").startEvent("Start")
          .serviceTask("Task_BookSlot", t -> t.zeebeJobType("book-slot").boundaryEvent("Boundary_ReleaseSlot")
              .compensation(c -> c.serviceTask("Task_ReleaseSlot").zeebeJobType("release-slot")))
          .serviceTask("Task_Pay", t -> t.zeebeJobType("pay"))
          .endEvent("End_Booked")
          .moveToActivity("Task_Pay").boundaryEvent("Boundary_PaymentFailed").error("payment-failed")
          .intermediateThrowEvent("Throw_Compensate", e -> e.compensateEventDefinition().compensateEventDefinitionDone())
          .endEvent("End_Released")
          .done();

  private static final CamundaClient client = CamundaClient.newClientBuilder().restAddress(ENGINE.restAddress()).credentialsProvider(EngineExtension.credentials(ENGINE)).build();

  private CamundaProcessTestContext context;

  @AfterAll
  static void stopEngine() {
    client.close();
    ENGINE.close();
  }

  private ProcessInstanceEvent startBooking() {
    client.newDeployResourceCommand().addProcessModel(BOOKING, "booking.bpmn").send().join();
    return client.newCreateInstanceCommand().bpmnProcessId("booking").latestVersion()
        .variables(Map.of("slotId", "S-1")).send().join();
  }

  private static void completeOne(String type, Map<String, Object> variables) {
    var job = client.newActivateJobsCommand().jobType(type).maxJobsToActivate(1)
        .requestTimeout(java.time.Duration.ofSeconds(10)).send().join().getJobs().get(0);
    client.newCompleteCommand(job).variables(variables).send().join();
  }

  @Test
  void aFailedPaymentReleasesTheBookedSlot() {
    ProcessInstanceEvent instance = startBooking();
    completeOne("book-slot", Map.of("bookingId", "BK-1"));
    var pay = client.newActivateJobsCommand().jobType("pay").maxJobsToActivate(1)
        .requestTimeout(java.time.Duration.ofSeconds(10)).send().join().getJobs().get(0);
    client.newThrowErrorCommand(pay).errorCode("payment-failed").send().join();

    assertThat(instance).isActive().hasActiveElements("Throw_Compensate", "Task_ReleaseSlot")
        .hasCompletedElements("Task_BookSlot", "Boundary_PaymentFailed", "Boundary_ReleaseSlot");

    completeOne("release-slot", Map.of("released", true));

    assertThat(instance).isCompleted()
        .hasCompletedElementsInOrder("Start", "Task_BookSlot", "Boundary_PaymentFailed", "Throw_Compensate", "Boundary_ReleaseSlot", "Task_ReleaseSlot", "End_Released")
        .hasTerminatedElements("Task_Pay").hasNotActivatedElements("End_Booked")
        .hasVariables(Map.of("bookingId", "BK-1", "released", true));
  }

  @Test
  void aPaidBookingIsNeverCompensated() {
    ProcessInstanceEvent instance = startBooking();
    completeOne("book-slot", Map.of());
    completeOne("pay", Map.of());
    assertThat(instance).isCompleted().hasCompletedElements("End_Booked")
        .hasNotActivatedElements("Boundary_ReleaseSlot", "Task_ReleaseSlot", "Throw_Compensate");
  }
}
