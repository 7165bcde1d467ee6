package org.exportcert.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The console's Chinese element names come from the models' name.zh properties. */
class ElementNamesTest {

  @Test
  void readsTheChineseNamesOfTheShippedModelFromItsXml() throws IOException {
    String xml = Files.readString(Path.of("../bpmn/src/main/resources/models/eligibility.bpmn"), StandardCharsets.UTF_8);
    var names = ElementNames.chineseNames(xml, "eligibility");
    assertThat(names)
        .containsEntry("eligibility", "资格审查")
        .containsEntry("Task_ReviewApplication", "申请评审")
        .containsEntry("Gateway_EligibilityDecided", "申请是否受理？");
    assertThat(ElementNames.chineseNames(xml, "another-process")).isEmpty();
  }

  @Test
  void readsTheModelsOwnNamesForPagesThatKnowOnlyAnId() throws IOException {
    // seen walking the incidents inbox in English: "eligibility · Task_CheckReviewApplication"
    String xml = Files.readString(Path.of("../bpmn/src/main/resources/models/eligibility.bpmn"), StandardCharsets.UTF_8);
    assertThat(ElementNames.modelNames(xml, "eligibility"))
        .containsEntry("eligibility", "Eligibility")
        .containsEntry("Task_CheckReviewApplication", "Check completed in ExportCert");
    assertThat(ElementNames.modelNames(xml, "another-process")).isEmpty();
  }

  @Test
  void aModelWithoutChineseNamesHasNone() {
    String xml = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d">
          <bpmn:process id="p" name="P" isExecutable="true">
            <bpmn:userTask id="t" name="Task">
              <bpmn:extensionElements>
                <zeebe:properties><zeebe:property name="owner" value="ops" /></zeebe:properties>
              </bpmn:extensionElements>
            </bpmn:userTask>
          </bpmn:process>
        </bpmn:definitions>""";
    assertThat(ElementNames.chineseNames(xml, "p")).isEmpty();
  }
}
