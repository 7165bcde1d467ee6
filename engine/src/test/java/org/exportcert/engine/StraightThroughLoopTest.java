package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop without a wait state that Zeebe 8.8 deploys (manual task a -> none throw event b -> a) runs
 * step by step like Zeebe's records: the create call answers, other instances go on, the loop can be
 * cancelled, and the history it leaves stays bounded. A loop of manual or undefined tasks, gateways
 * and call activities alone is refused at deployment, as Zeebe refuses it.
 */
class StraightThroughLoopTest extends EngineTestBase {

  @Test
  void aLoopWithoutWaitStateDoesNotStopTheEngine() {
    deploy(Bpmn.createExecutableProcess("spin").startEvent()
        .manualTask("a").intermediateThrowEvent("b").connectTo("a")
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

  @Test
  void aLoopOfTasksThatNeverWaitIsRefusedAtDeploymentAsInZeebe() {
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("spinning").startEvent()
        .manualTask("a").exclusiveGateway("again").task("b").connectTo("a").done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains(
              "Element: spinning: Processes are not allowed to contain a straight-through processing loop: a > again > b > a");
        });
    // through an embedded subprocess and back
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("viaSub").startEvent()
        .subProcess("sub", s -> s.embeddedSubProcess().startEvent("subStart").manualTask("inner").endEvent("subEnd"))
        .exclusiveGateway("back").defaultFlow().connectTo("sub").done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail())
            .contains("straight-through processing loop: inner > subEnd > back > sub > subStart > inner"));
    // a loop of gateways alone, or one with a step that does something, deploys
    deploy(Bpmn.createExecutableProcess("scripted").startEvent()
        .manualTask("m").scriptTask("count", t -> t.zeebeExpression("1").zeebeResultVariable("n")).connectTo("m").done());
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
        .intermediateThrowEvent("a").exclusiveGateway("again").defaultFlow().connectTo("a")
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
