package org.exportcert.api.models;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.SafeXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What deploying a draft would do. Changed decision tables re-run the kept evaluations
 * ({@link DecisionEvaluations}) and list each case whose outcome would change; changed processes
 * list the cases running on each deployed version: they stay on it (unless an operator moves them),
 * new cases start on the draft's version.
 */
@Service
public class ModelImpact {

  private static final Logger LOG = LoggerFactory.getLogger(ModelImpact.class);
  static final int MAX_LISTED_CASES = 100;

  public record CaseRef(String caseId, long processInstanceKey, boolean hasIncident) {}

  public record VersionCases(long processDefinitionKey, int version, String versionTag, int running,
      List<CaseRef> cases) {}

  /** A changed process: who stays where; {@code newCasesOnDraft} once the draft is deployed. */
  public record ProcessReport(String file, String processId, String name, Integer deployedVersion,
      List<VersionCases> running, boolean newCasesOnDraft) {}

  public record Report(long draftId, int revision, int keepPerDecision, List<DecisionImpact.DecisionReport> decisions,
      List<ProcessReport> processes, String syncProblem) {}

  private final ModelDrafts drafts;
  private final ModelReleases releases;
  private final DecisionEvaluations evaluations;
  private final CaseProcesses processes;
  private final MessageSource messages;

  public ModelImpact(ModelDrafts drafts, ModelReleases releases, DecisionEvaluations evaluations,
      CaseProcesses processes, MessageSource messages) {
    this.drafts = drafts;
    this.releases = releases;
    this.evaluations = evaluations;
    this.processes = processes;
    this.messages = messages;
  }

  public Report of(long draftId) {
    ModelDrafts.Draft draft = drafts.get(draftId, null);
    List<ModelDiff.FileDiff> diff = ModelDiff.of(releases.deployed().files(), draft.files());
    String syncProblem = null;
    try {
      evaluations.sync();
    } catch (RuntimeException e) {
      // the kept evaluations still count; say that newer ones may be missing
      LOG.warn("Decision evaluations not copied before an impact: {}", e.getMessage());
      syncProblem = messages.getMessage("models.impact.sync-failed", new Object[] {e.getMessage()},
          "The newest evaluations could not be read from the engine ({0}); the impact uses those kept so far.",
          LocaleContextHolder.getLocale());
    }
    List<DecisionImpact.DecisionReport> decisions = new ArrayList<>();
    List<ProcessReport> changedProcesses = new ArrayList<>();
    List<CaseProcesses.DefinitionView> deployed = null;
    for (ModelDiff.FileDiff f : diff) {
      if (f.status() != ModelDiff.Status.CHANGED && f.status() != ModelDiff.Status.ADDED) {
        continue;
      }
      String content = draft.files().get(f.file());
      if (f.file().endsWith(".dmn")) {
        DecisionImpact.decisionTables(content).keySet().forEach(id ->
            decisions.add(DecisionImpact.rerun(f.file(), content, id, evaluations.of(id))));
      } else if (f.file().endsWith(".bpmn")) {
        if (deployed == null) {
          deployed = processes.processDefinitions();
        }
        for (Map.Entry<String, String> p : executableProcesses(content).entrySet()) {
          changedProcesses.add(process(f.file(), p.getKey(), p.getValue(), deployed));
        }
      }
    }
    return new Report(draftId, draft.draft().revision(), evaluations.keepPerDecision(), decisions, changedProcesses,
        syncProblem);
  }

  private ProcessReport process(String file, String id, String name, List<CaseProcesses.DefinitionView> deployed) {
    List<CaseProcesses.DefinitionView> versions = deployed.stream()
        .filter(d -> id.equals(d.processDefinitionId()))
        .sorted(Comparator.comparingInt(CaseProcesses.DefinitionView::version).reversed()).toList();
    List<VersionCases> running = new ArrayList<>();
    for (CaseProcesses.DefinitionView v : versions) {
      var active = processes.instancesOfDefinition(v.key()).stream().filter(i -> "ACTIVE".equals(i.state())).toList();
      if (active.isEmpty()) {
        continue;
      }
      var listed = active.subList(0, Math.min(active.size(), MAX_LISTED_CASES));
      Map<Long, String> caseIds = processes.caseIdsOf(listed.stream().map(CaseProcesses.InstanceView::key).toList());
      running.add(new VersionCases(v.key(), v.version(), v.versionTag(), active.size(), listed.stream()
          .map(i -> new CaseRef(caseIds.get(i.key()), i.key(), i.hasIncident())).toList()));
    }
    return new ProcessReport(file, id, name, versions.isEmpty() ? null : versions.get(0).version(), running, true);
  }

  /** Executable process ids of a BPMN file with their names. */
  static Map<String, String> executableProcesses(String bpmnXml) {
    Map<String, String> ids = new LinkedHashMap<>();
    Element root = SafeXml.parse(new ByteArrayInputStream(bpmnXml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e && "process".equals(e.getLocalName()) && ModelDiff.BPMN.equals(e.getNamespaceURI())
          && !"false".equals(e.getAttribute("isExecutable"))) {
        ids.put(e.getAttribute("id"), e.getAttribute("name").isEmpty() ? null : e.getAttribute("name"));
      }
    }
    return ids;
  }
}
