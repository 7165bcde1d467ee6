package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.dmn.DmnEngine;
import org.exportcert.api.models.DecisionImpact.CaseImpact;
import org.exportcert.api.models.DecisionImpact.Evaluation;
import org.exportcert.api.models.DecisionImpact.FieldChange;
import org.exportcert.api.models.DecisionImpact.Input;
import org.exportcert.api.models.DecisionImpact.Outcome;
import org.junit.jupiter.api.Test;

/** A changed table re-runs what the deployed one decided: only cases whose outcome changes are listed. */
class DecisionImpactTest {

  static final String TWIN_LAB_90 = "<outputEntry id=\"OutputEntry_1_5\"><text>\"P90D\"</text>";
  static final String TWIN_LAB_60 = "<outputEntry id=\"OutputEntry_1_5\"><text>\"P60D\"</text>";
  final ObjectMapper json = new ObjectMapper();

  /** What the deployed (shipped) table decided for a category, as the engine records it. */
  Evaluation decided(String dmn, String caseId, String category) {
    DmnEngine engine = new DmnEngine.Builder().build();
    var parsed = engine.parse(new ByteArrayInputStream(dmn.getBytes(StandardCharsets.UTF_8))).right().get();
    Object output = DecisionImpact.plain(engine.eval(parsed, "due-dates", Map.of("category", category)).right().get().value());
    return new Evaluation("k-" + caseId, "due-dates", 1, 7L, caseId, Instant.parse("2026-12-01T10:00:00Z"),
        List.of(new Input("Input_Category", "Product category", category)), json.valueToTree(output));
  }

  @Test
  void theShippedTableReproducesWhatItDecided() throws IOException {
    String dmn = ModelDiffTest.shipped("models/due-dates.dmn");
    var report = DecisionImpact.rerun("due-dates.dmn", dmn, "due-dates",
        List.of(decided(dmn, "EC-1", "INDUSTRIAL_DIGITAL_TWIN"), decided(dmn, "EC-2", "AI_SAAS")));
    assertThat(report.tableProblem()).isNull();
    assertThat(report.evaluations()).isEqualTo(2);
    assertThat(report.changed()).isZero();
    assertThat(report.cases()).isEmpty();
  }

  @Test
  void aChangedRuleListsTheCasesItDecidesDifferentlyWithOldAndNewOutcome() throws IOException {
    String deployed = ModelDiffTest.shipped("models/due-dates.dmn");
    String draft = deployed.replace(TWIN_LAB_90, TWIN_LAB_60);
    assertThat(draft).isNotEqualTo(deployed);
    var report = DecisionImpact.rerun("due-dates.dmn", draft, "due-dates",
        List.of(decided(deployed, "EC-TWIN", "INDUSTRIAL_DIGITAL_TWIN"), decided(deployed, "EC-SAAS", "AI_SAAS")));
    assertThat(report.decisionName()).isEqualTo("Due dates per step");
    assertThat(report.changed()).isEqualTo(1);
    assertThat(report.cases()).extracting(CaseImpact::caseId).containsExactly("EC-TWIN");
    CaseImpact twin = report.cases().get(0);
    assertThat(twin.outcome()).isEqualTo(Outcome.CHANGED);
    assertThat(twin.changes()).containsExactly(new FieldChange("testExecution", "\"P90D\"", "\"P60D\""));
    assertThat(twin.inputs()).extracting(Input::value).containsExactly("INDUSTRIAL_DIGITAL_TWIN");
  }

  @Test
  void aCaseCaughtByAnotherRuleNowIsListed() throws IOException {
    String deployed = ModelDiffTest.shipped("models/due-dates.dmn");
    // the twin rule now also takes cloud services: their lab testing gets 90 days instead of 60
    String draft = deployed.replace("<text>\"INDUSTRIAL_DIGITAL_TWIN\"</text>",
        "<text>\"INDUSTRIAL_DIGITAL_TWIN\", \"AI_SAAS\"</text>");
    var report = DecisionImpact.rerun("due-dates.dmn", draft, "due-dates",
        List.of(decided(deployed, "EC-SAAS", "AI_SAAS"), decided(deployed, "EC-OTHER", "AI_EMBEDDED")));
    assertThat(report.cases()).extracting(CaseImpact::caseId).containsExactly("EC-SAAS");
    assertThat(report.cases().get(0).changes()).containsExactly(new FieldChange("testExecution", "\"P60D\"", "\"P90D\""));
  }

  @Test
  void inputsAreMatchedByLabelWhenTheirIdChangedAndANewInputIsNeverGuessed() throws IOException {
    String deployed = ModelDiffTest.shipped("models/due-dates.dmn");
    String renamed = deployed.replace("<input id=\"Input_Category\"", "<input id=\"Input_Renamed\"");
    var same = DecisionImpact.rerun("due-dates.dmn", renamed, "due-dates",
        List.of(decided(deployed, "EC-1", "INDUSTRIAL_DIGITAL_TWIN")));
    assertThat(same.changed()).isZero();
    assertThat(same.notComparable()).isZero();

    String relabelled = renamed.replace("label=\"Product category\"", "label=\"Sector\"");
    var unknown = DecisionImpact.rerun("due-dates.dmn", relabelled, "due-dates",
        List.of(decided(deployed, "EC-1", "INDUSTRIAL_DIGITAL_TWIN")));
    assertThat(unknown.notComparable()).isEqualTo(1);
    assertThat(unknown.cases().get(0).missingInput()).isEqualTo("Sector");
    assertThat(unknown.cases().get(0).outcome()).isEqualTo(Outcome.NOT_COMPARABLE);
  }

  @Test
  void aTableThatDoesNotParseIsReportedNotHidden() throws IOException {
    String deployed = ModelDiffTest.shipped("models/due-dates.dmn");
    String broken = deployed.replace("<text>\"P90D\"</text>", "<text>\"P90D</text>");
    var report = DecisionImpact.rerun("due-dates.dmn", broken, "due-dates",
        List.of(decided(deployed, "EC-1", "INDUSTRIAL_DIGITAL_TWIN")));
    assertThat(report.tableProblem()).isNotBlank();
    assertThat(report.changed()).isZero();
  }

  @Test
  void numbersCompareByValueAndObjectsOutputByOutput() throws IOException {
    JsonNode before = json.readTree("{\"days\": 14, \"kind\": \"A\"}");
    assertThat(DecisionImpact.changes(before, json.readTree("{\"days\": 14.0, \"kind\": \"A\"}"))).isEmpty();
    assertThat(DecisionImpact.changes(before, json.readTree("{\"days\": 15, \"kind\": \"A\"}")))
        .containsExactly(new FieldChange("days", "14", "15"));
    assertThat(DecisionImpact.changes(json.readTree("true"), json.readTree("false")))
        .containsExactly(new FieldChange(null, "true", "false"));
  }

  @Test
  void onlyDecisionTablesAreListed() throws IOException {
    assertThat(DecisionImpact.decisionTables(ModelDiffTest.shipped("models/due-dates.dmn")))
        .containsEntry("due-dates", "Due dates per step");
  }
}
