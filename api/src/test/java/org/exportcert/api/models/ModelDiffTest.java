package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.exportcert.api.models.ModelDiff.Change;
import org.exportcert.api.models.ModelDiff.FileDiff;
import org.exportcert.api.models.ModelDiff.Status;
import org.junit.jupiter.api.Test;

/** Differences people review before approving: elements, rules and fields, never layout. */
class ModelDiffTest {

  static String shipped(String path) throws IOException {
    try (InputStream in = ModelDiffTest.class.getResourceAsStream("/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static FileDiff only(Map<String, String> base, Map<String, String> draft) {
    var diffs = ModelDiff.of(base, draft);
    assertThat(diffs).hasSize(1);
    return diffs.get(0);
  }

  @Test
  void anUnchangedBundleHasNoDifferences() throws IOException {
    String dmn = shipped("models/due-dates.dmn");
    String bpmn = shipped("models/appeal.bpmn");
    var diffs = ModelDiff.of(Map.of("due-dates.dmn", dmn, "appeal.bpmn", bpmn),
        Map.of("due-dates.dmn", dmn, "appeal.bpmn", bpmn));
    assertThat(diffs).extracting(FileDiff::status).containsOnly(Status.UNCHANGED);
    assertThat(diffs).flatExtracting(FileDiff::changes).isEmpty();
  }

  @Test
  void aChangedRuleIsReportedWithItsEntriesBeforeAndAfter() throws IOException {
    String dmn = shipped("models/due-dates.dmn");
    String changed = dmn.replaceFirst("<outputEntry id=\"OutputEntry_1_5\"><text>\"P90D\"</text>",
        "<outputEntry id=\"OutputEntry_1_5\"><text>\"P60D\"</text>");
    assertThat(changed).isNotEqualTo(dmn);
    FileDiff d = only(Map.of("due-dates.dmn", dmn), Map.of("due-dates.dmn", changed));
    assertThat(d.status()).isEqualTo(Status.CHANGED);
    assertThat(d.changes()).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo("Rule_due_dates_1");
      assertThat(c.type()).isEqualTo("rule");
      // the row and its annotation as the table shows them, not the generated id
      assertThat(c.name()).isEqualTo("1 · Digital twins: longer lab testing (product + management system)");
      assertThat(c.status()).isEqualTo(Status.CHANGED);
      assertThat(c.before()).startsWith("\"INDUSTRIAL_DIGITAL_TWIN\" → ").contains("\"P20D\" | \"P90D\" | \"P10D\"");
      assertThat(c.after()).contains("\"P20D\" | \"P60D\" | \"P10D\"");
    });
  }

  @Test
  void renumberedEntryIdsAreNotAChange() throws IOException {
    String dmn = shipped("models/due-dates.dmn");
    String renumbered = dmn.replace("id=\"OutputEntry_1_5\"", "id=\"UnaryTests_0x9\"");
    assertThat(only(Map.of("d.dmn", dmn), Map.of("d.dmn", renumbered)).changes()).isEmpty();
  }

  static final String PROCESS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="x">
        <bpmn:process id="p" name="P" isExecutable="true">
          <bpmn:startEvent id="start" name="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
          <bpmn:serviceTask id="work" name="Work">
            <bpmn:extensionElements><zeebe:taskDefinition type="JOB" /></bpmn:extensionElements>
            <bpmn:incoming>f1</bpmn:incoming>
          </bpmn:serviceTask>
          <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
          REMOVABLE
        </bpmn:process>
        <bpmndi:BPMNDiagram id="di"><bpmndi:BPMNPlane id="plane" bpmnElement="p">
          <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="X" y="100" width="36" height="36" /></bpmndi:BPMNShape>
        </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
      </bpmn:definitions>
      """.strip();

  static String process(String jobType, String extra, String x) {
    return PROCESS.replace("JOB", jobType).replace("REMOVABLE", extra).replace("\"X\"", "\"" + x + "\"");
  }

  @Test
  void processElementsAddedRemovedAndChangedAreFoundButLayoutIsIgnored() {
    String before = process("a.job", "<bpmn:endEvent id=\"old\" name=\"Old end\" />", "100");
    String after = process("b.job", "<bpmn:endEvent id=\"new\" name=\"New end\" />", "300");
    FileDiff d = only(Map.of("p.bpmn", before), Map.of("p.bpmn", after));
    assertThat(d.changes()).extracting(Change::id, Change::status).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("work", Status.CHANGED),
        org.assertj.core.groups.Tuple.tuple("old", Status.REMOVED),
        org.assertj.core.groups.Tuple.tuple("new", Status.ADDED));

    FileDiff moved = only(Map.of("p.bpmn", before), Map.of("p.bpmn", before.replace("x=\"100\"", "x=\"500\"")));
    assertThat(moved.changes()).isEmpty();
  }

  @Test
  void formsAreComparedFieldByField() {
    String before = """
        {"id":"f","components":[{"id":"a","key":"a","type":"textfield","label":"A"},
         {"id":"g","type":"group","components":[{"id":"b","key":"b","type":"number","label":"B"}]}]}""";
    String after = """
        {"id":"f","components":[{"id":"g","type":"group","components":[{"id":"b","key":"b","type":"number","label":"B2"}]},
         {"id":"c","key":"c","type":"checkbox","label":"C"}]}""";
    FileDiff d = only(Map.of("f.form", before), Map.of("f.form", after));
    assertThat(d.changes()).extracting(Change::id, Change::status).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("a", Status.REMOVED),
        org.assertj.core.groups.Tuple.tuple("b", Status.CHANGED),
        org.assertj.core.groups.Tuple.tuple("c", Status.ADDED));
  }

  @Test
  void filesAddedOrRemovedFromTheBundleAreSaidSo() {
    var diffs = ModelDiff.of(Map.of("old.form", "{\"id\":\"o\",\"components\":[]}"),
        Map.of("new.form", "{\"id\":\"n\",\"components\":[]}"));
    assertThat(diffs).extracting(FileDiff::file, FileDiff::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple("new.form", Status.ADDED),
        org.assertj.core.groups.Tuple.tuple("old.form", Status.REMOVED));
  }

  @Test
  void foreignOrBrokenFilesAreComparedWithoutFailing() {
    assertThat(only(Map.of("a.bpmn", "<x/>"), Map.of("a.bpmn", "<y/>")).status()).isEqualTo(Status.CHANGED);
    FileDiff broken = only(Map.of("a.dmn", "<definitions/>"), Map.of("a.dmn", "<!DOCTYPE x><definitions/>"));
    assertThat(broken.changes()).extracting(Change::id).containsExactly("(file)");
  }
}
