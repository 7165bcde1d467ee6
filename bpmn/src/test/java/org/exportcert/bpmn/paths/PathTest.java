package org.exportcert.bpmn.paths;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaAssert;
import io.camunda.process.test.api.CamundaProcessTestContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** What every path test needs: the shipped resources deployed, job stubs, a REST client. */
abstract class PathTest {

  /** Short durations for every due date the models read, as the due-dates table would give. */
  static final Map<String, Object> DUE_DATES =
      Map.ofEntries(
          Map.entry("independentReview", "P10D"),
          Map.entry("certificationDecision", "P10D"),
          Map.entry("operatorResponse", "P2D"),
          Map.entry("registryCheck", "P5D"),
          Map.entry("certificateValidity", "P3Y"),
          Map.entry("appealDecision", "P30D"),
          Map.entry("applicationReview", "P14D"),
          Map.entry("agreementSignature", "P30D"),
          Map.entry("documentReview", "P20D"),
          Map.entry("resubmission", "P30D"),
          Map.entry("testExecution", "P30D"),
          Map.entry("correctiveActionReview", "P10D"),
          Map.entry("majorNonconformityClosure", "P6M"),
          Map.entry("minorNonconformityClosure", "P3M"));

  protected CamundaClient client;
  protected JobStubs jobs;
  protected CamundaProcessTestContext context; // injected by the extension

  @BeforeAll
  static void assertionTimeout() {
    CamundaAssert.setAssertionTimeout(Duration.ofSeconds(20));
  }

  @BeforeEach
  void openClient() {
    client = PathTestEngine.restClient();
    jobs = new JobStubs(client);
  }

  @AfterEach
  void closeClient() {
    jobs.close();
    client.close();
  }

  /** Deploys the named model files and forms from the shipped resources, as one deployment. */
  protected void deploy(String... resources) {
    DeployResourceCommandStep2 command = null;
    for (String resource : resources) {
      command =
          command == null
              ? client.newDeployResourceCommand().addResourceFromClasspath(resource)
              : command.addResourceFromClasspath(resource);
    }
    command.send().join();
  }

  /** Publishes a message as the API does for the applicant: keyed by case, buffered for an hour. */
  protected void publish(String message, String correlationKey) {
    client.newPublishMessageCommand().messageName(message).correlationKey(correlationKey)
        .timeToLive(Duration.ofHours(1)).send().join();
  }

  protected ProcessInstanceEvent start(String processId, Map<String, Object> variables) {
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
        .variables(variables).send().join();
  }

  /** The variables a calling phase hands over: only references and configuration. */
  protected static Map<String, Object> caseVariables(String caseId) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("caseId", caseId);
    vars.put("dueDates", DUE_DATES);
    return vars;
  }
}
