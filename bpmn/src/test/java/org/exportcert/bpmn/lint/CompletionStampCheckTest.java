package org.exportcert.bpmn.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.ServiceTaskBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CompletionStampCheckTest {

  /** A reviewer's task, then whatever step the test puts after it, then the end. */
  private static BpmnModelInstance review(String group, UnaryOperator<ServiceTaskBuilder> next) {
    return next.apply(Bpmn.createExecutableProcess("p").startEvent("Start")
            .userTask("Task_Review").zeebeUserTask().zeebeCandidateGroups(group)
            .serviceTask("Task_Next").zeebeJobType("exportcert.case.check-completion"))
        .endEvent("End").done();
  }

  @Test
  void aReviewFollowedByTheCheckThatClearsTheStampPasses() {
    var model = review("reviewers", s -> s.zeebeTaskHeader("stampedUserTask", "Task_Review")
        .zeebeOutputExpression("null", "completionStamp"));
    assertThat(CompletionStampCheck.check(model)).isEmpty();
  }

  @Test
  void aReviewWithoutTheCheckIsReported() {
    var model = review("=[\"reviewers\"]", s -> s);
    assertThat(CompletionStampCheck.check(model)).extracting(LintProblem::element).containsExactly("Task_Review");
  }

  @Test
  void aCheckOfAnotherTaskOrOneKeepingTheStampIsReported() {
    var other = review("decision-committee", s -> s.zeebeTaskHeader("stampedUserTask", "Task_Decide")
        .zeebeOutputExpression("null", "completionStamp"));
    assertThat(CompletionStampCheck.check(other)).extracting(LintProblem::element)
        .containsExactlyInAnyOrder("Task_Review", "Task_Next");
    var keeps = review("evaluators", s -> s.zeebeTaskHeader("stampedUserTask", "Task_Review"));
    assertThat(CompletionStampCheck.check(keeps)).extracting(LintProblem::message)
        .singleElement().asString().contains("completionStamp = null");
  }

  @Test
  void aReviewWithOutputMappingsMustMapTheStampOut() {
    // seen in the console: the missed-testing-deadline decision always stopped as an incident
    var keepsItLocal = Bpmn.createExecutableProcess("p").startEvent("Start")
        .userTask("Task_Review").zeebeUserTask().zeebeCandidateGroups("cb-reviewers")
        .zeebeOutputExpression("choice", "choice")
        .serviceTask("Task_Next").zeebeJobType("exportcert.case.check-completion")
        .zeebeTaskHeader("stampedUserTask", "Task_Review").zeebeOutputExpression("null", "completionStamp")
        .endEvent("End").done();
    assertThat(CompletionStampCheck.check(keepsItLocal)).extracting(LintProblem::element).containsExactly("Task_Review");
    var passesIt = Bpmn.createExecutableProcess("p").startEvent("Start")
        .userTask("Task_Review").zeebeUserTask().zeebeCandidateGroups("cb-reviewers")
        .zeebeOutputExpression("choice", "choice").zeebeOutputExpression("completionStamp", "completionStamp")
        .serviceTask("Task_Next").zeebeJobType("exportcert.case.check-completion")
        .zeebeTaskHeader("stampedUserTask", "Task_Review").zeebeOutputExpression("null", "completionStamp")
        .endEvent("End").done();
    assertThat(CompletionStampCheck.check(passesIt)).isEmpty();
  }

  @Test
  void anOperatorsTaskNeedsNoCheck() {
    assertThat(CompletionStampCheck.check(review("operators", s -> s))).isEmpty();
  }
}
