package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.response.Incident;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Job-based message intermediate throw and message end events behave like service tasks (a job of
 * their type; completing it goes on), and a static retries value that is no number deploys and
 * raises an incident when the job would be created, as in Zeebe.
 */
class MessageThrowJobTest extends EngineTestBase {

  @Test
  void messageThrowAndEndEventsAreJobsForAWorker() {
    deploy(Bpmn.createExecutableProcess("notify").startEvent()
        .intermediateThrowEvent("sendReminder", e -> e.message("reminder").zeebeJobType("send-reminder")
            .zeebeTaskHeader("channel", "mail").zeebeOutputExpression("sentAt", "reminderSentAt"))
        .endEvent("sendResult", e -> e.message("result").zeebeJobType("send-result"))
        .done());
    long pi = start("notify", Map.of("applicant", "A-1"));
    ActivatedJob reminder = activateOne("send-reminder");
    assertThat(reminder.getElementId()).isEqualTo("sendReminder");
    assertThat(reminder.getCustomHeaders()).containsEntry("channel", "mail");
    assertThat(reminder.getVariablesAsMap()).containsEntry("applicant", "A-1");
    assertThat(activate("send-result", 1)).as("the end event waits for the throw event's job").isEmpty();
    client().newCompleteCommand(reminder).variables(Map.of("sentAt", "2026-12-07")).send().join();
    ActivatedJob result = activateOne("send-result");
    assertThat(state(pi)).as("the end event's job holds the instance").isEqualTo("ACTIVE");
    client().newCompleteCommand(result).send().join();
    awaitState(pi, "COMPLETED");
    assertThat(rootVariables(pi)).containsEntry("reminderSentAt", "\"2026-12-07\"");
  }

  @Test
  void aMessageEndEventWithoutTaskDefinitionIsRejectedByName() {
    assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess("bare").startEvent()
            .endEvent("bareEnd", e -> e.message("result")).done()))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.details().getDetail()).contains("bareEnd");
        });
  }

  @Test
  void staticNonNumericRetriesDeployAndRaiseAnIncidentAtJobCreation() {
    deploy(Bpmn.createExecutableProcess("badRetries").startEvent()
        .serviceTask("task", t -> t.zeebeJobType("bad-retries").zeebeJobRetries("three"))
        .endEvent().done());
    long pi = start("badRetries", Map.of());
    List<Incident> incidents = activeIncidents(pi);
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.getErrorType().name()).isEqualTo("EXTRACT_VALUE_ERROR");
      assertThat(i.getElementId()).isEqualTo("task");
      assertThat(i.getErrorMessage()).contains("three");
    });
    assertThat(activate("bad-retries", 1)).isEmpty();
  }
}
