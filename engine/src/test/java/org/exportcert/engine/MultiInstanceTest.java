package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Multi-instance activities: parallel and sequential, output collection order, completion condition. */
class MultiInstanceTest extends EngineTestBase {

  private void deployMarkets(boolean sequential, String completionCondition) {
    deploy(Bpmn.createExecutableProcess("markets").startEvent()
        .serviceTask("Task_CertifyMarket", t -> t.zeebeJobType("certify-market")
            .multiInstance(m -> {
              var builder = m.zeebeInputCollectionExpression("markets").zeebeInputElement("market")
                  .zeebeOutputCollection("results").zeebeOutputElementExpression("{market: market, ok: ok}");
              if (sequential) {
                builder.sequential();
              } else {
                builder.parallel();
              }
              if (completionCondition != null) {
                builder.completionCondition(completionCondition);
              }
            }))
        .serviceTask("after", t -> t.zeebeJobType("after-markets"))
        .endEvent().done());
  }

  @Test
  void parallelInstancesAndOutputCollectionInInputOrder() {
    deployMarkets(false, null);
    long pi = start("markets", Map.of("markets", List.of("EU", "US", "JP")));
    List<ActivatedJob> jobs = activate("certify-market", 10);
    assertThat(jobs).extracting(j -> j.getVariablesAsMap().get("market")).containsExactlyInAnyOrder("EU", "US", "JP");
    assertThat(jobs).extracting(j -> j.getVariablesAsMap().get("loopCounter")).containsExactlyInAnyOrder(1, 2, 3);
    jobs.stream().sorted(Comparator.comparing((ActivatedJob j) -> (Integer) j.getVariablesAsMap().get("loopCounter")).reversed())
        .forEach(job -> client().newCompleteCommand(job).variables(Map.of("ok", !"US".equals(job.getVariablesAsMap().get("market")))).send().join());
    ActivatedJob after = activateOne("after-markets");
    assertThat(after.getVariablesAsMap().get("results")).isEqualTo(List.of(
        Map.of("market", "EU", "ok", true), Map.of("market", "US", "ok", false), Map.of("market", "JP", "ok", true)));
    assertThat(client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(pi).elementId("Task_CertifyMarket"))
        .send().join().items()).extracting(e -> e.getType().name()).contains("MULTI_INSTANCE_BODY", "SERVICE_TASK");
  }

  @Test
  void sequentialInstancesRunOneAfterTheOther() {
    deployMarkets(true, null);
    long pi = start("markets", Map.of("markets", List.of("EU", "US")));
    List<ActivatedJob> first = activate("certify-market", 10);
    assertThat(first).singleElement().satisfies(j -> assertThat(j.getVariablesAsMap()).containsEntry("market", "EU"));
    client().newCompleteCommand(first.get(0)).variables(Map.of("ok", true)).send().join();
    List<ActivatedJob> second = activate("certify-market", 10);
    assertThat(second).singleElement().satisfies(j -> assertThat(j.getVariablesAsMap()).containsEntry("market", "US"));
    client().newCompleteCommand(second.get(0)).variables(Map.of("ok", true)).send().join();
    client().newCompleteCommand(activateOne("after-markets")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void completionConditionCancelsTheRest() {
    deployMarkets(false, "= numberOfCompletedInstances >= 2");
    long pi = start("markets", Map.of("markets", List.of("EU", "US", "JP", "CN")));
    List<ActivatedJob> jobs = activate("certify-market", 10);
    assertThat(jobs).hasSize(4);
    client().newCompleteCommand(jobs.get(0)).variables(Map.of("ok", true)).send().join();
    client().newCompleteCommand(jobs.get(1)).variables(Map.of("ok", true)).send().join();
    ActivatedJob after = activateOne("after-markets");
    List<?> results = (List<?>) after.getVariablesAsMap().get("results");
    assertThat(results).hasSize(4).filteredOn(r -> r != null).hasSize(2);
    assertThat(activate("certify-market", 10)).isEmpty();
    assertThat(client().newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(pi).elementId("Task_CertifyMarket").state(io.camunda.client.api.search.enums.ElementInstanceState.TERMINATED))
        .send().join().items()).hasSize(2);
  }

  @Test
  void emptyCollectionPassesThrough() {
    deployMarkets(false, null);
    start("markets", Map.of("markets", List.of()));
    assertThat(activateOne("after-markets").getVariablesAsMap().get("results")).isEqualTo(List.of());
  }

  @Test
  void multiInstanceCallActivity() {
    deploy(Bpmn.createExecutableProcess("suite").startEvent().serviceTask("run", t -> t.zeebeJobType("run-suite")).endEvent().done());
    deploy(Bpmn.createExecutableProcess("plan").startEvent()
        .callActivity("CallActivity_Suites", c -> c.zeebeProcessId("suite")
            .multiInstance(m -> m.parallel().zeebeInputCollectionExpression("suites").zeebeInputElement("suite")))
        .endEvent().done());
    long pi = start("plan", Map.of("suites", List.of("safety", "privacy")));
    List<ActivatedJob> jobs = activate("run-suite", 10);
    assertThat(jobs).extracting(j -> j.getVariablesAsMap().get("suite")).containsExactlyInAnyOrder("safety", "privacy");
    jobs.forEach(job -> client().newCompleteCommand(job).send().join());
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }
}
