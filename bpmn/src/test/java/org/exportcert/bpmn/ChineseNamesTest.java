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
import org.exportcert.bpmn.lint.PathNames;
import org.exportcert.bpmn.paths.PathRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every named element of every shipped model, and every path of the shipped path files, reads in
 * Chinese (docs/process-guide.md, "Names in Chinese").
 */
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

  /** The path files program managers run (paths/*.paths.json): each path named in Chinese too. */
  @Test
  void everyPathOfTheShippedPathFilesHasAChineseName() throws Exception {
    List<String> missing = new ArrayList<>();
    Map<String, JsonNode> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(Path.of("src/main/resources/paths"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".paths.json")).toList()) {
        files.put(f.getFileName().toString(), new ObjectMapper().readTree(f.toFile()));
      }
    }
    assertThat(files.keySet()).as("every path file is one the runner runs")
        .containsExactlyInAnyOrderElementsOf(PathRunner.SHIPPED);
    int paths = 0;
    for (var file : files.entrySet()) {
      PathNames.check(file.getValue()).forEach(p -> missing.add(file.getKey() + " " + p));
      for (JsonNode path : file.getValue().path("paths")) {
        paths++;
        PathNames.chineseName(path).filter(zh -> !HAN.matcher(zh).find())
            .ifPresent(zh -> missing.add(file.getKey() + " " + path.path("name").asText() + ": not Chinese: " + zh));
      }
      String description = file.getValue().path(PathNames.DESCRIPTION_ZH).asText();
      if (!HAN.matcher(description).find()) {
        missing.add(file.getKey() + ": description.zh is not Chinese: " + description);
      }
    }
    assertThat(paths).isEqualTo(40);
    assertThat(missing).isEmpty();
  }

  @Test
  void aPathFileWithoutChineseNamesIsReportedPathByPath() throws Exception {
    JsonNode file = new ObjectMapper().readTree("""
        {"process": "p", "description": "Phase 1",
         "paths": [{"name": "Accepted", "name.zh": "已受理"}, {"name": "Refused"}, {"name": "Lapsed", "name.zh": " "}]}
        """);
    assertThat(PathNames.check(file)).extracting(LintProblem::element)
        .containsExactly("description", "paths[1]", "paths[2]");
    assertThat(PathNames.check(file)).extracting(LintProblem::rule).containsOnly("chinese-name");
    assertThat(PathNames.chineseName(file.path("paths").get(0))).contains("已受理");
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
