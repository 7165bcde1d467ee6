package org.exportcert.api.operations;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.models.EngineRefusals;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.DefinitionView;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.exportcert.api.process.SafeXml;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.casefile.CaseService;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Roll-out for running cases: an operator moves a case's processes to the newest deployed version
 * of each, by process-instance migration with one mapping instruction per active element (same id
 * in both versions). Where the newest version lacks an element the case is in, or the engine
 * refuses, the process stays on its version and the plan says why.
 */
@Service
public class CaseMigrations {

  /** One running process of the case and whether it can move to the newest version. */
  public record Move(long processInstanceKey, String processDefinitionId, int fromVersion, String fromVersionTag,
      int toVersion, String toVersionTag, long toProcessDefinitionKey, List<String> activeElements,
      boolean movable, String reason) {}

  public record Plan(String caseId, List<Move> moves, List<Move> moved) {}

  private final CaseProcesses processes;
  private final CamundaClient client;
  private final AuditTrail audit;
  private final MessageSource messages;

  public CaseMigrations(CaseProcesses processes, CamundaClient client, AuditTrail audit, MessageSource messages) {
    this.processes = processes;
    this.client = client;
    this.audit = audit;
    this.messages = messages;
  }

  /** The case's running processes that are not on the newest version of their process. */
  public Plan plan(String caseId) {
    CaseAccess.requireCaseId(caseId);
    List<InstanceView> running = processes.instancesOfCase(caseId).stream()
        .filter(i -> "ACTIVE".equals(i.state())).toList();
    Map<String, DefinitionView> newest = processes.processDefinitions().stream()
        .collect(Collectors.toMap(DefinitionView::processDefinitionId, Function.identity(),
            (a, b) -> a.version() >= b.version() ? a : b));
    Map<Long, DefinitionView> byKey = processes.processDefinitions().stream()
        .collect(Collectors.toMap(DefinitionView::key, Function.identity()));
    List<Move> moves = new ArrayList<>();
    for (InstanceView i : running) {
      DefinitionView target = newest.get(i.processDefinitionId());
      if (target == null || target.key() == i.processDefinitionKey()) {
        continue;
      }
      DefinitionView from = byKey.get(i.processDefinitionKey());
      int fromVersion = i.version() == null ? (from == null ? 0 : from.version()) : i.version();
      List<String> active = processes.activeElementsOf(i.key()).stream()
          .map(CaseProcesses.ElementView::elementId).filter(id -> !id.equals(i.processDefinitionId()))
          .collect(Collectors.toCollection(LinkedHashSet::new)).stream().toList();
      Set<String> targetIds = elementIds(client.newProcessDefinitionGetXmlRequest(target.key()).send().join());
      List<String> missing = active.stream().filter(id -> !targetIds.contains(id)).toList();
      String reason = missing.isEmpty() ? null : text("migration.missing-elements",
          "Stays on version {0}: the newest version {1} has no {2}, where this case is now.",
          fromVersion, target.version(), String.join(", ", missing));
      moves.add(new Move(i.key(), i.processDefinitionId(), fromVersion, from == null ? null : from.versionTag(),
          target.version(), target.versionTag(), target.key(), active, missing.isEmpty(), reason));
    }
    moves.sort(Comparator.comparing(Move::processDefinitionId));
    return new Plan(caseId, moves, List.of());
  }

  /**
   * Moves every movable process of the case (or only processInstanceKey) to its newest version;
   * the engine takes each migration whole or not at all. Audited on the case.
   */
  public Plan migrate(String caseId, Long processInstanceKey, String reason, CurrentUser user) {
    Plan plan = plan(caseId);
    if (plan.moves().isEmpty()) {
      throw ApiProblem.conflict(text("migration.up-to-date",
          "Every process of case {0} already runs on the newest version.", caseId));
    }
    List<Move> moved = new ArrayList<>();
    List<Move> stayed = new ArrayList<>();
    for (Move m : plan.moves()) {
      if (processInstanceKey != null && m.processInstanceKey() != processInstanceKey) {
        continue;
      }
      if (!m.movable()) {
        stayed.add(m);
        continue;
      }
      try {
        if (m.activeElements().isEmpty()) {
          continue; // nothing active to map: the process is about to end
        }
        var step = client.newMigrateProcessInstanceCommand(m.processInstanceKey())
            .migrationPlan(m.toProcessDefinitionKey())
            .addMappingInstruction(m.activeElements().get(0), m.activeElements().get(0));
        for (String id : m.activeElements().subList(1, m.activeElements().size())) {
          step = step.addMappingInstruction(id, id);
        }
        step.send().join();
        audit.record(user.username(), "case.migrated", CaseService.AUDIT_SUBJECT, caseId,
            m.processDefinitionId() + " instance " + m.processInstanceKey() + " v" + m.fromVersion() + " -> v"
                + m.toVersion() + ": " + reason);
        moved.add(m);
      } catch (ClientException e) {
        String why = EngineRefusals.reasonOfRefusal(e).orElse(e.getMessage());
        stayed.add(new Move(m.processInstanceKey(), m.processDefinitionId(), m.fromVersion(), m.fromVersionTag(),
            m.toVersion(), m.toVersionTag(), m.toProcessDefinitionKey(), m.activeElements(), false,
            text("migration.refused", "Stays on version {0}: the engine refused to move it ({1}).", m.fromVersion(), why)));
      }
    }
    if (moved.isEmpty() && processInstanceKey != null && stayed.isEmpty()) {
      throw ApiProblem.notFound(text("migration.no-case", "No running process of case {0}.", caseId));
    }
    return new Plan(caseId, stayed, moved);
  }

  static Set<String> elementIds(String bpmnXml) {
    Set<String> ids = new HashSet<>();
    collect(SafeXml.parse(new ByteArrayInputStream(bpmnXml.getBytes(StandardCharsets.UTF_8))).getDocumentElement(), ids);
    return new TreeSet<>(ids);
  }

  private static void collect(Element e, Set<String> ids) {
    if ("http://www.omg.org/spec/BPMN/20100524/MODEL".equals(e.getNamespaceURI()) && !e.getAttribute("id").isEmpty()) {
      ids.add(e.getAttribute("id"));
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element child) {
        collect(child, ids);
      }
    }
  }

  private String text(String key, String english, Object... args) {
    return messages.getMessage(key, args, english, LocaleContextHolder.getLocale());
  }
}
