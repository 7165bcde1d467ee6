package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop without a wait state (manual task a -> undefined task b -> a) runs step by step like
 * Zeebe's records: the create call answers, other instances go on, the loop can be cancelled,
 * and the history it leaves stays bounded.
 */
class StraightThroughLoopTest extends EngineTestBase {

  @Test
  void aLoopWithoutWaitStateDoesNotStopTheEngine() {
    deploy(Bpmn.createExecutableProcess("spin").startEvent()
        .manualTask("a").task("b").connectTo("a")
        .done());
    deploy(Bpmn.createExecutableProcess("normal").startEvent()
        .serviceTask("work", t -> t.zeebeJobType("normal-work")).endEvent().done());

    long spinning = start("spin", Map.of()); // answers although the instance never waits
    assertThat(state(spinning)).isEqualTo("ACTIVE");

    long normal = start("normal", Map.of());
    client().newCompleteCommand(activateOne("normal-work")).variables(Map.of("done", true)).send().join();
    awaitState(normal, "COMPLETED");

    // let the loop run well past the history bound, then check what is kept for it
    await().atMost(Duration.ofSeconds(60)).until(() -> newestKey(spinning) - spinning > 45_000);
    long kept = client().newElementInstanceSearchRequest().filter(f -> f.processInstanceKey(spinning))
        .page(p -> p.limit(1)).send().join().page().totalItems();
    assertThat(kept).as("finished element instances of a looping instance are bounded").isLessThanOrEqualTo(30_001);

    client().newCancelInstanceCommand(spinning).send().join();
    awaitState(spinning, "TERMINATED");
    assertThat(activeElements(spinning)).isEmpty();
    assertThat(state(normal)).isEqualTo("COMPLETED");
  }

  /** Key of the newest element instance of the instance (keys grow with every step). */
  private long newestKey(long processInstanceKey) {
    List<ElementInstance> items = client().newElementInstanceSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).elementId("a"))
        .sort(s -> s.elementInstanceKey().desc()).page(p -> p.limit(1)).send().join().items();
    return items.isEmpty() ? processInstanceKey : items.get(0).getElementInstanceKey();
  }


  @Test
  void aLoopingInstanceGoesOnAfterARestartAndCanBeCancelledThen() {
    deploy(Bpmn.createExecutableProcess("spin").startEvent()
        .manualTask("a").exclusiveGateway("again").defaultFlow().connectTo("a")
        .done());
    long spinning = start("spin", Map.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> newestKey(spinning) - spinning > 2_000);
    env.engine().close();
    env.abandonEngine();
    env.restart(ExportCertEngine.start(EngineConfig.of(0, env.dataDirectory())));
    long replayed = newestKey(spinning);
    assertThat(state(spinning)).isEqualTo("ACTIVE");
    await("the replayed loop keeps going").atMost(Duration.ofSeconds(60))
        .until(() -> newestKey(spinning) > replayed + 1_000);
    client().newCancelInstanceCommand(spinning).send().join();
    awaitState(spinning, "TERMINATED");
  }
}
