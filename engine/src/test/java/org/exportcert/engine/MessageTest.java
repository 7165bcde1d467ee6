package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.CorrelateMessageResponse;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Message catch events, receive tasks and message boundary events; publish and correlate. */
class MessageTest extends EngineTestBase {

  private static final BpmnModelInstance AWAIT_ANSWER =
      Bpmn.createExecutableProcess("await").startEvent()
          .intermediateCatchEvent("Event_PartnerAnswer", e -> e.message(m -> m.name("Message_PartnerResponse").zeebeCorrelationKeyExpression("caseId")))
          .endEvent().done();

  @Test
  void publishedMessageCompletesTheCatchEventAndBringsVariables() {
    deploy(AWAIT_ANSWER);
    long pi = start("await", Map.of("caseId", "C-1"));
    long other = start("await", Map.of("caseId", "C-2"));
    var subscriptions = client().newMessageSubscriptionSearchRequest().filter(f -> f.processInstanceKey(pi)).send().join().items();
    assertThat(subscriptions).singleElement().satisfies(s -> {
      assertThat(s.getMessageName()).isEqualTo("Message_PartnerResponse");
      assertThat(s.getCorrelationKey()).isEqualTo("C-1");
    });
    client().newPublishMessageCommand().messageName("Message_PartnerResponse").correlationKey("C-1")
        .variables(Map.of("accepted", true)).send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("accepted", "true");
    assertThat(state(other)).isEqualTo("ACTIVE");
  }

  @Test
  void bufferedMessageCorrelatesToALaterSubscriptionOncePerInstance() {
    deploy(Bpmn.createExecutableProcess("twice").startEvent()
        .intermediateCatchEvent("first", e -> e.message(m -> m.name("ping").zeebeCorrelationKeyExpression("caseId")))
        .intermediateCatchEvent("second", e -> e.message(m -> m.name("ping").zeebeCorrelationKeyExpression("caseId")))
        .endEvent().done());
    client().newPublishMessageCommand().messageName("ping").correlationKey("C-9").timeToLive(Duration.ofMinutes(5)).send().join();
    long pi = start("twice", Map.of("caseId", "C-9"));
    assertThat(activeElements(pi)).as("the buffered message correlated to 'first' only, not again to 'second'").containsExactly("second");
    long later = start("twice", Map.of("caseId", "C-9"));
    assertThat(activeElements(later)).as("another instance gets the buffered message too").containsExactly("second");
  }

  @Test
  void duplicateMessageIdIsRejectedWhileBuffered() {
    client().newPublishMessageCommand().messageName("m").correlationKey("k").messageId("msg-1").timeToLive(Duration.ofMinutes(1)).send().join();
    assertThatThrownBy(() -> client().newPublishMessageCommand().messageName("m").correlationKey("k").messageId("msg-1")
        .timeToLive(Duration.ofMinutes(1)).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(409));
  }

  @Test
  void correlateAnswersNotFoundWhenNothingWaitsAndTheInstanceOtherwise() {
    deploy(Bpmn.createExecutableProcess("receive").startEvent()
        .receiveTask("Task_AwaitDocuments").message(m -> m.name("documents").zeebeCorrelationKeyExpression("caseId"))
        .endEvent().done());
    assertThatThrownBy(() -> client().newCorrelateMessageCommand().messageName("documents").correlationKey("none").send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(404));
    long pi = start("receive", Map.of("caseId", 42));
    CorrelateMessageResponse response = client().newCorrelateMessageCommand().messageName("documents").correlationKey("42")
        .variables(Map.of("documents", 3)).send().join();
    assertThat(response.getProcessInstanceKey()).isEqualTo(pi);
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }

  @Test
  void interruptingAndNonInterruptingMessageBoundaries() {
    deploy(Bpmn.createExecutableProcess("withdraw").startEvent()
        .userTask("Task_Review", u -> u.zeebeUserTask())
        .endEvent("End_Reviewed")
        .moveToActivity("Task_Review").boundaryEvent("Boundary_Withdrawn", b -> b.message(m -> m.name("withdrawn").zeebeCorrelationKeyExpression("caseId")))
        .endEvent("End_Withdrawn")
        .moveToActivity("Task_Review").boundaryEvent("Boundary_Note", b -> b.cancelActivity(false).message(m -> m.name("note").zeebeCorrelationKeyExpression("caseId")))
        .endEvent("End_Noted")
        .done());
    long pi = start("withdraw", Map.of("caseId", "C-5"));
    client().newPublishMessageCommand().messageName("note").correlationKey("C-5").send().join();
    client().newPublishMessageCommand().messageName("note").correlationKey("C-5").send().join();
    assertThat(completedElements(pi).stream().filter("End_Noted"::equals).count()).isEqualTo(2);
    assertThat(activeElements(pi)).containsExactly("Task_Review");
    client().newPublishMessageCommand().messageName("withdrawn").correlationKey("C-5").send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
    assertThat(completedElements(pi)).contains("End_Withdrawn").doesNotContain("End_Reviewed");
    assertThat(userTasks(pi)).singleElement().satisfies(t -> assertThat(t.getState().name()).isEqualTo("CANCELED"));
  }

  @Test
  void subscriptionSurvivesKill() {
    deploy(AWAIT_ANSWER);
    long pi = start("await", Map.of("caseId", "C-7"));
    env.restart(env.startOnSameData()); // old engine abandoned
    client().newPublishMessageCommand().messageName("Message_PartnerResponse").correlationKey("C-7").send().join();
    assertThat(state(pi)).isEqualTo("COMPLETED");
  }
}
