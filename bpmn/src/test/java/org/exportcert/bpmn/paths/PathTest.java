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
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every path test needs: the shipped resources deployed, job stubs, a REST client of the
 * back end {@link PathTestEngine} runs. Skipped, with the reason, where that back end cannot run.
 */
@ExtendWith(BackendAvailable.class)
abstract class PathTest {

  /** Every due date the models read, as the due-dates table gives them for an AI SaaS case. */
  static final Map<String, Object> DUE_DATES =
      Map.ofEntries(
          Map.entry("applicationReview", "P14D"), Map.entry("agreementSignature", "P30D"),
          Map.entry("resubmission", "P30D"), Map.entry("documentReview", "P20D"),
          Map.entry("testExecution", "P60D"), Map.entry("correctiveActionReview", "P10D"),
          Map.entry("minorNonconformityClosure", "P3M"), Map.entry("majorNonconformityClosure", "P6M"),
          Map.entry("independentReview", "P14D"), Map.entry("certificationDecision", "P14D"),
          Map.entry("registryCheck", "P5D"), Map.entry("appealWindow", "P30D"),
          Map.entry("appealDecision", "P60D"), Map.entry("operatorResponse", "P3D"),
          Map.entry("surveillanceInterval", "P12M"), Map.entry("surveillanceResponse", "P30D"),
          Map.entry("surveillanceEvaluation", "P14D"), Map.entry("changeAssessment", "P10D"),
          Map.entry("renewalReview", "P14D"), Map.entry("renewalWindow", "P90D"),
          Map.entry("suspensionLimit", "P6M"), Map.entry("certificateValidity", "P3Y"));

  protected CamundaClient client;
  protected JobStubs jobs;
  protected CamundaProcessTestContext context; // injected by the extension

  @BeforeAll
  static void assertionTimeout() {
    CamundaAssert.setAssertionTimeout(Duration.ofSeconds(20));
    // the default 100 ms between checks was most of a path test's time: the engine answers a
    // check in a few milliseconds, and a state is usually reached just after the first check
    CamundaAssert.setAssertionInterval(Duration.ofMillis(25));
  }

  @BeforeEach
  void openClient() {
    client = PathTestEngine.restClient(context);
    jobs = new JobStubs(client);
  }

  /** The workers stop before Camunda Process Test closes the client and purges the engine. */
  @AfterEach
  void stopJobStubs() {
    jobs.close();
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
