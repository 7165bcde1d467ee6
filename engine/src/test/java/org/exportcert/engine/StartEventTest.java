package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message and timer start events of a process: opened at deployment, replaced by a new version, kept across restarts. */
class StartEventTest extends EngineTestBase {

  private final HttpClient http = HttpClient.newHttpClient();

  private static final BpmnModelInstance APPLICATION =
      Bpmn.createExecutableProcess("application").startEvent("Start_Application").message("Message_ApplicationReceived")
          .userTask("Task_Review", u -> u.zeebeUserTask()).endEvent().done();

  private List<ProcessInstance> instancesOf(String processId) {
    return client().newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(processId)).send().join().items()
        .stream().sorted(Comparator.comparing(ProcessInstance::getProcessInstanceKey)).toList();
  }

  private void advanceClock(Duration duration) throws Exception {
    send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/actuator/clock/add"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + duration.toMillis() + "}")).build(), 200);
  }

  private void pinClock(Instant instant) throws Exception {
    send(HttpRequest.newBuilder(URI.create(env.engine().restAddress() + "/v2/clock"))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"timestamp\":" + instant.toEpochMilli() + "}")).build(), 204);
  }

  private void send(HttpRequest request, int expectedStatus) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
  }

  private void publish(String name, String key, Map<String, Object> variables, Duration ttl) {
    client().newPublishMessageCommand().messageName(name).correlationKey(key).timeToLive(ttl).variables(variables).send().join();
  }

  @Test
  void messageStartCreatesAnInstanceWithTheMessageVariables() {
    deploy(APPLICATION);
    publish("Message_ApplicationReceived", "", Map.of("applicant", "ACME"), Duration.ZERO);
    List<ProcessInstance> instances = instancesOf("application");
    assertThat(instances).hasSize(1);
    long pi = instances.get(0).getProcessInstanceKey();
    assertThat(rootVariables(pi)).containsEntry("applicant", "\"ACME\"");
    assertThat(completedElements(pi)).containsExactly("Start_Application");
    assertThat(activeElements(pi)).contains("Task_Review");
    // without a correlation key every message starts a new instance
    publish("Message_ApplicationReceived", "", Map.of("applicant", "Other"), Duration.ZERO);
    assertThat(instancesOf("application")).hasSize(2);
  }

  @Test
  void secondMessageWithTheSameKeyWhileTheFirstInstanceIsActiveStartsNone() {
    deploy(APPLICATION);
    publish("Message_ApplicationReceived", "CASE-1", Map.of("n", 1), Duration.ofHours(1));
    publish("Message_ApplicationReceived", "CASE-1", Map.of("n", 2), Duration.ofHours(1));
    publish("Message_ApplicationReceived", "CASE-2", Map.of("n", 3), Duration.ZERO);
    List<ProcessInstance> instances = instancesOf("application");
    assertThat(instances).as("one instance per active correlation key").hasSize(2);
    long first = instances.get(0).getProcessInstanceKey();
    assertThat(rootVariables(first)).containsEntry("n", "1");
    // when the first instance ends, the buffered second message starts the next one
    client().newCompleteUserTaskCommand(userTasks(first).get(0).getUserTaskKey()).send().join();
    assertThat(state(first)).isEqualTo("COMPLETED");
    List<ProcessInstance> after = instancesOf("application");
    assertThat(after).hasSize(3);
    assertThat(rootVariables(after.get(2).getProcessInstanceKey())).containsEntry("n", "2");
    // a message is started on at most once: cancelling the third one starts nothing more
    client().newCancelInstanceCommand(after.get(2).getProcessInstanceKey()).send().join();
    assertThat(instancesOf("application")).hasSize(3);
  }

  @Test
  void messagePublishedBeforeTheDeploymentStartsNothing() {
    publish("Message_ApplicationReceived", "CASE-1", Map.of(), Duration.ofHours(1));
    deploy(APPLICATION);
    assertThat(instancesOf("application")).isEmpty();
  }

  @Test
  void correlateStartsAnInstanceAndAnswersItsKey() {
    deploy(APPLICATION);
    var response = client().newCorrelateMessageCommand().messageName("Message_ApplicationReceived").correlationKey("CASE-7")
        .variables(Map.of("applicant", "ACME")).send().join();
    assertThat(instancesOf("application")).singleElement()
        .satisfies(i -> assertThat(i.getProcessInstanceKey()).isEqualTo(response.getProcessInstanceKey()));
    // the same key again while that instance is active: nothing correlates
    assertThatThrownBy(() -> client().newCorrelateMessageCommand().messageName("Message_ApplicationReceived").correlationKey("CASE-7")
        .send().join()).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void aNewVersionReplacesTheMessageStartSubscription() {
    deploy(APPLICATION);
    long v2 = deploy(Bpmn.createExecutableProcess("application").startEvent("Start_Application").message("Message_ApplicationReceived")
        .serviceTask("Task_Check", t -> t.zeebeJobType("check")).endEvent().done());
    publish("Message_ApplicationReceived", "", Map.of(), Duration.ZERO);
    assertThat(instancesOf("application")).singleElement()
        .satisfies(i -> assertThat(i.getProcessDefinitionKey()).isEqualTo(v2));
    // a version without the message start event closes the subscription
    deploy(Bpmn.createExecutableProcess("application").startEvent().endEvent().done());
    publish("Message_ApplicationReceived", "", Map.of(), Duration.ZERO);
    assertThat(instancesOf("application")).hasSize(1);
  }

  @Test
  void timerStartWithADateFiresOnce() throws Exception {
    pinClock(Instant.parse("2040-01-01T00:00:00Z"));
    deploy(Bpmn.createExecutableProcess("yearly_report").startEvent("Start_Date").timerWithDate("2040-01-02T09:00:00Z")
        .endEvent().done());
    advanceClock(Duration.ofHours(32));
    assertThat(instancesOf("yearly_report")).isEmpty();
    advanceClock(Duration.ofHours(1));
    assertThat(instancesOf("yearly_report")).singleElement().satisfies(i -> assertThat(i.getState().name()).isEqualTo("COMPLETED"));
    advanceClock(Duration.ofDays(400));
    assertThat(instancesOf("yearly_report")).hasSize(1);
  }

  @Test
  void timerStartCycleFiresThreeTimes() throws Exception {
    deploy(Bpmn.createExecutableProcess("reminder").startEvent().timerWithCycle("R3/PT1H").endEvent().done());
    for (int hour = 1; hour <= 3; hour++) {
      advanceClock(Duration.ofHours(1));
      assertThat(instancesOf("reminder")).hasSize(hour);
    }
    advanceClock(Duration.ofHours(5));
    assertThat(instancesOf("reminder")).hasSize(3);
  }

  @Test
  void timerStartCycleWithAStartDateFiresFromThatDateOn() throws Exception {
    pinClock(Instant.parse("2040-01-01T00:00:00Z"));
    deploy(Bpmn.createExecutableProcess("hourly").startEvent().timerWithCycle("R/2040-01-01T10:00:00Z/PT1H").endEvent().done());
    advanceClock(Duration.ofHours(9).plusMinutes(59));
    assertThat(instancesOf("hourly")).isEmpty();
    advanceClock(Duration.ofMinutes(1));
    assertThat(instancesOf("hourly")).hasSize(1);
    advanceClock(Duration.ofHours(2));
    assertThat(instancesOf("hourly")).hasSize(3);
  }

  @Test
  void cronTimerStartFiresEveryMondayAtNine() throws Exception {
    pinClock(Instant.parse("2040-01-01T12:00:00Z")); // a Sunday
    deploy(Bpmn.createExecutableProcess("weekly").startEvent().timerWithCycle("0 0 9 * * MON").endEvent().done());
    advanceClock(Duration.ofHours(20)); // Monday 08:00
    assertThat(instancesOf("weekly")).isEmpty();
    advanceClock(Duration.ofHours(1)); // Monday 09:00
    assertThat(instancesOf("weekly")).hasSize(1);
    assertThat(instancesOf("weekly").get(0).getStartDate().toInstant()).isEqualTo(Instant.parse("2040-01-02T09:00:00Z"));
    advanceClock(Duration.ofDays(6)); // Sunday 09:00
    assertThat(instancesOf("weekly")).hasSize(1);
    advanceClock(Duration.ofDays(1)); // the next Monday 09:00
    assertThat(instancesOf("weekly")).hasSize(2);
  }

  @Test
  void cronCycleOnANonInterruptingBoundary() throws Exception {
    pinClock(Instant.parse("2040-01-02T08:30:00Z")); // a Monday
    deploy(Bpmn.createExecutableProcess("nudge").startEvent()
        .userTask("Task_Decide", u -> u.zeebeUserTask()).endEvent()
        .moveToActivity("Task_Decide").boundaryEvent("Boundary_DailyNudge", b -> b.cancelActivity(false).timerWithCycle("0 0 9 * * MON-FRI"))
        .endEvent("End_Nudged").done());
    long pi = start("nudge", Map.of());
    advanceClock(Duration.ofMinutes(30)); // Monday 09:00
    advanceClock(Duration.ofDays(6)); // Tuesday .. Friday, then Sunday 09:00
    assertThat(completedElements(pi).stream().filter("End_Nudged"::equals).count()).isEqualTo(5);
    assertThat(activeElements(pi)).containsExactly("Task_Decide");
  }

  @Test
  void aNewVersionCancelsTheOldTimerStart() throws Exception {
    deploy(Bpmn.createExecutableProcess("replaced").startEvent().timerWithCycle("R/PT1H").endEvent().done());
    long v2 = deploy(Bpmn.createExecutableProcess("replaced").startEvent().timerWithCycle("R/PT2H").endEvent().done());
    advanceClock(Duration.ofHours(1));
    assertThat(instancesOf("replaced")).isEmpty();
    advanceClock(Duration.ofHours(1));
    assertThat(instancesOf("replaced")).singleElement().satisfies(i -> assertThat(i.getProcessDefinitionKey()).isEqualTo(v2));
  }

  @Test
  void timerAndMessageStartsSurviveAKill() throws Exception {
    deploy(APPLICATION);
    deploy(Bpmn.createExecutableProcess("reminder").startEvent().timerWithCycle("R3/PT1H").endEvent().done());
    advanceClock(Duration.ofHours(1));
    publish("Message_ApplicationReceived", "CASE-1", Map.of(), Duration.ofHours(1));
    publish("Message_ApplicationReceived", "CASE-1", Map.of(), Duration.ofHours(1));
    assertThat(instancesOf("reminder")).hasSize(1);

    env.restart(env.startOnSameData()); // old one abandoned, as by kill -9

    assertThat(instancesOf("application")).as("the one-instance-per-key rule holds after the restart").hasSize(1);
    publish("Message_ApplicationReceived", "CASE-2", Map.of(), Duration.ZERO);
    assertThat(instancesOf("application")).hasSize(2);
    advanceClock(Duration.ofHours(5));
    assertThat(instancesOf("reminder")).as("the cycle goes on where it was, two more").hasSize(3);
  }

  @Test
  void aProcessWithOnlyEventStartsCannotBeCreatedThroughTheApi() {
    deploy(APPLICATION);
    assertThatThrownBy(() -> start("application", Map.of()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("none start event"));
  }

  @Test
  void invalidCronIsRejectedAtDeployment() {
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("badcron").startEvent("Start_Bad").timerWithCycle("0 0 25 * * *")
        .endEvent().done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail()).contains("Start_Bad"));
  }

  /**
   * Zeebe opens a process's start events at deployment, evaluating their FEEL without variables: a
   * constant expression works like the static value, one that needs variables or gives the wrong type
   * refuses the deployment with Zeebe's message (it answered 500 here before).
   */
  @Test
  void feelInTimerAndMessageStartsIsEvaluatedAtDeploymentWithoutVariables() throws Exception {
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("varcycle").startEvent("Start_Var")
        .timerWithCycleExpression("cycleFromVariables").endEvent().done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("Element: Start_Var: Invalid timer cycle expression (");
        });
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("numbername").startEvent("Start_Number")
        .message(m -> m.nameExpression("1 + 2")).endEvent().done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.details().getDetail())
            .contains("Element: Start_Number: Expected constant expression of type String for message name '=1 + 2', but was NUMBER"));

    deploy(Bpmn.createExecutableProcess("constcycle").startEvent().timerWithCycleExpression("\"R2/PT1H\"").endEvent().done());
    deploy(Bpmn.createExecutableProcess("constname").startEvent().message(m -> m.nameExpression("\"order-\" + \"placed\""))
        .endEvent().done());
    publish("order-placed", "", Map.of(), Duration.ZERO);
    assertThat(instancesOf("constname")).hasSize(1);
    advanceClock(Duration.ofHours(1));
    assertThat(instancesOf("constcycle")).hasSize(1);
  }

  @Test
  void timerStartDueInThePastFiresRightAfterDeployment() {
    // a timer start due in the past (relative to the engine clock) fires right after the deployment
    deploy(Bpmn.createExecutableProcess("overdue").startEvent().timerWithDate("2000-01-01T00:00:00Z").endEvent().done());
    await().atMost(Duration.ofSeconds(10)).until(() -> instancesOf("overdue").size() == 1);
  }
}
