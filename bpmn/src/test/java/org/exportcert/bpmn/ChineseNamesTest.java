package org.exportcert.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.exportcert.bpmn.lint.ChineseNames;
import org.exportcert.bpmn.lint.LintProblem;
import org.junit.jupiter.api.Test;

/** Every named element of every shipped model reads in Chinese (docs/process-guide.md, "Names in Chinese"). */
class ChineseNamesTest {

  static final Pattern HAN = Pattern.compile("\\p{IsHan}");

  @Test
  void everyNamedElementOfTheShippedModelsHasAChineseName() {
    List<String> missing = new ArrayList<>();
    ModelFiles.bpmnModels().forEach((file, model) -> {
      for (LintProblem p : ChineseNames.check(model)) {
        missing.add(file + " " + p.element() + ": " + p.message());
      }
    });
    assertThat(missing).isEmpty();
  }

  @Test
  void theChineseNamesAreWrittenInChinese() {
    List<String> wrong = new ArrayList<>();
    ModelFiles.bpmnModels().forEach((file, model) ->
        model.getModelElementsByType(FlowNode.class).forEach(n -> ChineseNames.of(n)
            .filter(zh -> !HAN.matcher(zh).find())
            .ifPresent(zh -> wrong.add(file + " " + n.getId() + ": " + zh))));
    assertThat(wrong).as("name.zh values without Chinese characters").isEmpty();
  }

  @Test
  void aModelWithoutChineseNamesIsReportedElementByElement() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("p").name("P")
        .startEvent("start").name("Started")
        .userTask("task").name("Do it").zeebeProperty(ChineseNames.PROPERTY, "办理")
        .endEvent("end").name("Done").zeebeProperty(ChineseNames.PROPERTY, "完成")
        .done();
    assertThat(ChineseNames.check(model)).extracting(LintProblem::element)
        .containsExactlyInAnyOrder("p", "start");
    assertThat(ChineseNames.of(model.getModelElementById("task"))).contains("办理");
    assertThat(model.getModelElementsByType(UserTask.class)).hasSize(1);
  }
}
