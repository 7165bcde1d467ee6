package org.exportcert.api.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.DefinitionView;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

/** A draft's impact on running cases: who stays on which version, which table outcomes change. */
class ModelImpactTest {

  final ModelDrafts drafts = mock(ModelDrafts.class);
  final ModelReleases releases = mock(ModelReleases.class);
  final DecisionEvaluations evaluations = mock(DecisionEvaluations.class);
  final CaseProcesses processes = mock(CaseProcesses.class);
  final ModelImpact impact = new ModelImpact(drafts, releases, evaluations, processes, new StaticMessageSource());

  void bundles(Map<String, String> deployed, Map<String, String> draft) {
    when(releases.deployed()).thenReturn(new ModelReleases.Bundle(null, new TreeMap<>(deployed)));
    when(drafts.get(7L, null)).thenReturn(new ModelDrafts.Draft(new ModelDrafts.Summary(7, "change", "manager",
        ModelDrafts.Status.OPEN, 3, Instant.EPOCH, Instant.EPOCH, "manager", 0, null, null, null), new TreeMap<>(draft)));
    when(evaluations.keepPerDecision()).thenReturn(200);
  }

  static InstanceView running(long key, long definition, int version) {
    return new InstanceView(key, "appeal", version, definition, null, "ACTIVE", key == 12, null, null, Set.of());
  }

  @Test
  void aChangedProcessListsTheCasesThatStayPerVersionAndNewCasesTakeTheDraft() throws IOException {
    String appeal = ModelDiffTest.shipped("models/appeal.bpmn");
    String changed = appeal.replaceFirst("name=\"([^\"]*)\"", "name=\"$1 (revised)\"");
    assertThat(changed).isNotEqualTo(appeal);
    bundles(Map.of("appeal.bpmn", appeal), Map.of("appeal.bpmn", changed));
    when(processes.processDefinitions()).thenReturn(List.of(
        new DefinitionView(100, "appeal", "Appeal", 1, null, "appeal.bpmn"),
        new DefinitionView(200, "appeal", "Appeal", 2, "draft-3-r1-x", "appeal.bpmn"),
        new DefinitionView(300, "eligibility", "Eligibility", 1, null, "eligibility.bpmn")));
    when(processes.instancesOfDefinition(100)).thenReturn(List.of(running(11, 100, 1),
        new InstanceView(10, "appeal", 1, 100, null, "COMPLETED", false, null, null, Set.of())));
    when(processes.instancesOfDefinition(200)).thenReturn(List.of(running(12, 200, 2), running(13, 200, 2)));
    when(processes.caseIdsOf(any())).thenReturn(Map.of(11L, "EC-11", 12L, "EC-12", 13L, "EC-13"));

    ModelImpact.Report report = impact.of(7);

    assertThat(report.decisions()).isEmpty();
    assertThat(report.processes()).hasSize(1);
    ModelImpact.ProcessReport p = report.processes().get(0);
    assertThat(p.processId()).isEqualTo("appeal");
    assertThat(p.deployedVersion()).isEqualTo(2);
    assertThat(p.newCasesOnDraft()).isTrue();
    assertThat(p.running()).extracting(ModelImpact.VersionCases::version).containsExactly(2, 1);
    assertThat(p.running().get(0).running()).isEqualTo(2);
    assertThat(p.running().get(0).cases()).extracting(ModelImpact.CaseRef::caseId).containsExactly("EC-12", "EC-13");
    assertThat(p.running().get(0).cases().get(0).hasIncident()).isTrue();
    assertThat(p.running().get(1).cases()).extracting(ModelImpact.CaseRef::caseId)
        .as("a completed case is not running").containsExactly("EC-11");
  }

  @Test
  void aChangedTableReRunsItsKeptEvaluationsAndAnUnreachableEngineIsSaidNotHidden() throws IOException {
    String dmn = ModelDiffTest.shipped("models/due-dates.dmn");
    bundles(Map.of("due-dates.dmn", dmn), Map.of("due-dates.dmn", dmn.replace(DecisionImpactTest.TWIN_LAB_90,
        DecisionImpactTest.TWIN_LAB_60)));
    when(evaluations.sync()).thenThrow(new IllegalStateException("engine unavailable"));
    var twin = new DecisionImpactTest().decided(dmn, "EC-9", "INDUSTRIAL_DIGITAL_TWIN");
    when(evaluations.of(anyString())).thenReturn(List.of(twin));

    ModelImpact.Report report = impact.of(7);

    assertThat(report.syncProblem()).contains("engine unavailable");
    assertThat(report.processes()).isEmpty();
    assertThat(report.decisions()).singleElement().satisfies(d -> {
      assertThat(d.decisionId()).isEqualTo("due-dates");
      assertThat(d.cases()).extracting(DecisionImpact.CaseImpact::caseId).containsExactly("EC-9");
    });
  }

  @Test
  void anUnchangedBundleHasNoImpact() throws IOException {
    String dmn = ModelDiffTest.shipped("models/due-dates.dmn");
    bundles(Map.of("due-dates.dmn", dmn), Map.of("due-dates.dmn", dmn));
    ModelImpact.Report report = impact.of(7);
    assertThat(report.decisions()).isEmpty();
    assertThat(report.processes()).isEmpty();
    assertThat(report.revision()).isEqualTo(3);
  }
}
