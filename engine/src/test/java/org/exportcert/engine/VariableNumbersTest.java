package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Numbers keep the form the client gave them, as in Zeebe, which stores a JSON number with a
 * fraction as a MessagePack float: a worker completing with {@code 90.0} (a Java {@code Double})
 * finds {@code 90.0} in the variable search, so {@code CamundaAssert.hasVariable("x", 90.0)} holds
 * (found with camunda-community-hub/camunda-8-examples' payment example, which read back 90).
 * A FEEL result that is a whole number is an integer, as Zeebe writes it.
 */
class VariableNumbersTest extends EngineTestBase {

  @Test
  void floatingPointNumbersFromClientsStayFloatingPointAndFeelResultsFollowZeebe() {
    deploy(Bpmn.createExecutableProcess("payment").startEvent()
        .serviceTask("charge", t -> t.zeebeJobType("charge"))
        .scriptTask("copy", s -> s.zeebeExpression("remaining").zeebeResultVariable("copied"))
        .scriptTask("double", s -> s.zeebeExpression("fee * 2").zeebeResultVariable("doubled"))
        .endEvent().done());
    long pi = start("payment", Map.of("fee", 90.0, "count", 3, "rates", List.of(1.5, 2.0), "order", Map.of("total", 100.0)));

    ActivatedJob job = activateOne("charge");
    assertThat(job.getVariablesAsMap().get("fee")).as("the worker gets the float back").isEqualTo(90.0);
    assertThat(job.getVariables()).contains("\"fee\":90.0").contains("\"count\":3").contains("\"total\":100.0");
    try (CamundaClient grpc = CamundaClient.newClientBuilder().restAddress(env.engine().restAddress())
        .grpcAddress(env.engine().grpcAddress()).preferRestOverGrpc(false).defaultRequestTimeout(Duration.ofSeconds(20)).build()) {
      grpc.newCompleteCommand(job).variables(Map.of("remaining", 90.0, "charged", 100)).send().join();
    }
    awaitState(pi, "COMPLETED");

    assertThat(rootVariables(pi))
        .containsEntry("fee", "90.0")
        .containsEntry("count", "3")
        .containsEntry("rates", "[1.5,2.0]")
        .containsEntry("order", "{\"total\":100.0}")
        .containsEntry("remaining", "90.0")
        .containsEntry("charged", "100")
        // FEEL results: whole numbers become integers (Zeebe's FEEL to MessagePack rule)
        .containsEntry("copied", "90")
        .containsEntry("doubled", "180");
  }

  @Test
  void aFloatSetOnTheInstanceOverRestIsReadBackAsAFloat() {
    deploy(Bpmn.createExecutableProcess("wait").startEvent().userTask("review", u -> u.zeebeUserTask()).endEvent().done());
    long pi = start("wait", Map.of());
    client().newSetVariablesCommand(pi).variables(Map.of("score", 7.0, "ratio", 0.25)).send().join();
    assertThat(rootVariables(pi)).containsEntry("score", "7.0").containsEntry("ratio", "0.25");
  }

  /**
   * Numbers no 64-bit type holds are refused, not changed: 1e999999999 was kept as the string
   * "Infinity", and a 26-digit key wrapped round to another (negative) key.
   */
  @Test
  void numbersOutOfRangeAre400NotSilentlyChanged() throws Exception {
    deploy(Bpmn.createExecutableProcess("wait").startEvent().userTask("review", u -> u.zeebeUserTask()).endEvent().done());
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String[][] bodies = {
      {"{\"processDefinitionId\":\"wait\",\"variables\":{\"x\":1e999999999}}", "outside the range"},
      {"{\"processDefinitionId\":\"wait\",\"variables\":{\"x\":{\"y\":[-1e400]}}}", "outside the range"},
      {"{\"processDefinitionKey\":99999999999999999999999999}", "must be a 64-bit integer"},
      {"{\"processDefinitionKey\":2251799813685249.5}", "must be a 64-bit integer"}};
    for (String[] body : bodies) {
      var answer = http.send(java.net.http.HttpRequest.newBuilder(env.engine().restAddress().resolve("/v2/process-instances"))
              .header("Content-Type", "application/json")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body[0])).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(body[0] + " -> " + answer.body()).isEqualTo(400);
      assertThat(answer.body()).contains(body[1]);
    }
    long pi = start("wait", Map.of("big", new java.math.BigInteger("123456789012345678901234567890")));
    assertThat(rootVariables(pi)).containsEntry("big", "123456789012345678901234567890");
  }
}
