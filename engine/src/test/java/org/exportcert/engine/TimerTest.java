package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.command.ProblemException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timer catch and boundary events, driven by the engine clock instead of waiting. */
class TimerTest extends EngineTestBase {

  private final HttpClient http = HttpClient.newHttpClient();

  private void advanceClock(Duration duration) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/actuator/clock/add"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + duration.toMillis() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private void awaitCompleted(long pi) {
    await().atMost(Duration.ofSeconds(10)).until(() -> state(pi).equals("COMPLETED"));
  }

  @Test
  void intermediateTimerFiresWhenTheClockReachesIt() throws Exception {
    deploy(Bpmn.createExecutableProcess("wait").startEvent()
        .intermediateCatchEvent("Event_Wait30Days", e -> e.timerWithDuration("P30D")).endEvent().done());
    long pi = start("wait", Map.of());
    assertThat(activeElements(pi)).containsExactly("Event_Wait30Days");
    advanceClock(Duration.ofDays(29));
    assertThat(activeElements(pi)).containsExactly("Event_Wait30Days");
    advanceClock(Duration.ofDays(1));
    awaitCompleted(pi);
  }

  @Test
  void timerDurationAsFeel() throws Exception {
    deploy(Bpmn.createExecutableProcess("feeltimer").startEvent()
        .intermediateCatchEvent("wait", e -> e.timerWithDurationExpression("window")).endEvent().done());
    long pi = start("feeltimer", Map.of("window", "PT2H"));
    advanceClock(Duration.ofHours(2));
    awaitCompleted(pi);
  }

  @Test
  void interruptingTimerBoundaryCancelsTheTask() throws Exception {
    deploy(Bpmn.createExecutableProcess("deadline").startEvent()
        .userTask("Task_Resubmit", u -> u.zeebeUserTask())
        .endEvent("End_Resubmitted")
        .moveToActivity("Task_Resubmit").boundaryEvent("Boundary_Deadline", b -> b.timerWithDuration("P30D"))
        .serviceTask("Task_Close", t -> t.zeebeJobType("close")).endEvent("End_Closed")
        .done());
    long pi = start("deadline", Map.of());
    advanceClock(Duration.ofDays(31));
    await().atMost(Duration.ofSeconds(10)).until(() -> activeElements(pi).contains("Task_Close"));
    assertThat(userTasks(pi)).singleElement().satisfies(t -> assertThat(t.getState().name()).isEqualTo("CANCELED"));
    client().newCompleteCommand(activateOne("close")).send().join();
    assertThat(completedElements(pi)).contains("Boundary_Deadline", "End_Closed").doesNotContain("End_Resubmitted");
  }

  @Test
  void nonInterruptingCycleFiresThreeTimesAndTheTaskGoesOn() throws Exception {
    deploy(Bpmn.createExecutableProcess("reminders").startEvent()
        .serviceTask("Task_AwaitPartner", t -> t.zeebeJobType("partner"))
        .endEvent("End")
        .moveToActivity("Task_AwaitPartner").boundaryEvent("Boundary_Reminder", b -> b.cancelActivity(false).timerWithCycle("R3/PT1H"))
        .endEvent("End_Reminded")
        .done());
    long pi = start("reminders", Map.of());
    for (int hour = 1; hour <= 4; hour++) {
      advanceClock(Duration.ofHours(1));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> completedElements(pi).stream().filter("End_Reminded"::equals).count() == 3);
    assertThat(activeElements(pi)).containsExactly("Task_AwaitPartner");
    client().newCompleteCommand(activateOne("partner")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi).stream().filter("End_Reminded"::equals).count()).isEqualTo(3);
  }

  @Test
  void completingTheTaskCancelsItsBoundaryTimer() throws Exception {
    deploy(Bpmn.createExecutableProcess("cancelled").startEvent()
        .serviceTask("t", t -> t.zeebeJobType("quick-t")).endEvent("End")
        .moveToActivity("t").boundaryEvent("Boundary_Late", b -> b.timerWithDuration("PT1H")).endEvent("End_Late")
        .done());
    long pi = start("cancelled", Map.of());
    client().newCompleteCommand(activateOne("quick-t")).send().join();
    advanceClock(Duration.ofHours(2));
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).doesNotContain("Boundary_Late");
  }

  @Test
  void pinnedClockApi() throws Exception {
    deploy(Bpmn.createExecutableProcess("dated").startEvent()
        .intermediateCatchEvent("Event_Date", e -> e.timerWithDate("2040-01-01T00:00:00Z")).endEvent().done());
    long pi = start("dated", Map.of());
    HttpResponse<String> pin = http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/clock"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"timestamp\":" + java.time.Instant.parse("2040-01-01T00:00:01Z").toEpochMilli() + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(pin.statusCode()).isEqualTo(204);
    awaitCompleted(pi);
    http.send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/clock/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void timersSurviveRestartAndOneDueDuringDowntimeFiresOnStart() throws Exception {
    deploy(Bpmn.createExecutableProcess("restart").startEvent()
        .intermediateCatchEvent("Event_Short", e -> e.timerWithDuration("PT1S")).endEvent().done());
    long pi = start("restart", Map.of());
    long due = System.currentTimeMillis() + 1000;
    // stop the engine before the timer is due (an abandoned engine would still fire it), so the
    // timer falls due while no engine runs
    env.engine().close();
    await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > due + 100);
    env.restart(env.startOnSameData());
    awaitCompleted(pi);
    assertThat(completedElements(pi)).contains("Event_Short");
  }

  @Test
  void waitingTimerIsRestoredAfterKill() throws Exception {
    deploy(Bpmn.createExecutableProcess("longwait").startEvent()
        .intermediateCatchEvent("Event_Long", e -> e.timerWithDuration("P1D")).endEvent().done());
    long pi = start("longwait", Map.of());
    env.restart(env.startOnSameData()); // old one abandoned, as by kill -9
    assertThat(activeElements(pi)).containsExactly("Event_Long");
    advanceClock(Duration.ofDays(1));
    awaitCompleted(pi);
  }

  private static final io.camunda.zeebe.model.bpmn.BpmnModelInstance RACE =
      Bpmn.createExecutableProcess("race").startEvent()
          .eventBasedGateway("Gateway_WaitForEvent")
          .intermediateCatchEvent("Event_Answer", e -> e.message(m -> m.name("answer").zeebeCorrelationKeyExpression("caseId")))
          .endEvent("End_Answered")
          .moveToNode("Gateway_WaitForEvent")
          .intermediateCatchEvent("Event_Deadline", e -> e.timerWithDuration("P14D"))
          .endEvent("End_TimedOut")
          .done();

  @Test
  void eventBasedGatewayMessageWins() throws Exception {
    deploy(RACE);
    long pi = start("race", Map.of("caseId", "C-1"));
    assertThat(activeElements(pi)).containsExactly("Gateway_WaitForEvent");
    client().newPublishMessageCommand().messageName("answer").correlationKey("C-1").variables(Map.of("answer", "yes")).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("Event_Answer", "End_Answered").doesNotContain("Event_Deadline");
    assertThat(rootVariables(pi)).containsEntry("answer", "\"yes\"");
    advanceClock(Duration.ofDays(15)); // the losing timer was cancelled
    assertThat(completedElements(pi)).doesNotContain("End_TimedOut");
  }

  @Test
  void eventBasedGatewayTimerWins() throws Exception {
    deploy(RACE);
    long pi = start("race", Map.of("caseId", "C-2"));
    advanceClock(Duration.ofDays(14));
    awaitCompleted(pi);
    assertThat(completedElements(pi)).contains("Event_Deadline", "End_TimedOut").doesNotContain("Event_Answer");
    assertThatThrownBy(() -> client().newCorrelateMessageCommand().messageName("answer").correlationKey("C-2").send().join())
        .isInstanceOf(ProblemException.class);
  }

  @Test
  void invalidTimerIsRejectedAtDeployment() {
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("bad").startEvent()
        .intermediateCatchEvent("Event_Bad", e -> e.timerWithDuration("one hour")).endEvent().done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("Event_Bad").contains("one hour"));
  }
}
