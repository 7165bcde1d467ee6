package org.exportcert.api.operations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.CaseProcesses.ElementView;
import org.exportcert.api.process.CaseProcesses.IncidentView;
import org.exportcert.api.process.CaseProcesses.InstanceView;
import org.exportcert.api.process.Messages;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.certification.audit.AuditChainVerifier;
import org.exportcert.certification.audit.AuditTrail;
import org.exportcert.certification.audit.Reason;
import org.exportcert.certification.casefile.CaseService;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.StaffAssignmentService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The operator's view of the pipeline: find cases, follow their path, fix incidents, cancel. */
@Service
public class Operations {

  private final CaseQueries queries;
  private final CaseService cases;
  private final StaffAssignmentService staff;
  private final CaseProcesses processes;
  private final AuditTrail audit;
  private final AuditChainVerifier chain;
  private final TransactionTemplate tx;
  private final org.exportcert.api.process.EngineTime engineTime;
  private final org.exportcert.api.i18n.AuditReasons reasons;

  public Operations(CaseQueries queries, CaseService cases, StaffAssignmentService staff,
      CaseProcesses processes, AuditTrail audit, AuditChainVerifier chain,
      PlatformTransactionManager transactions,
      org.exportcert.api.process.EngineTime engineTime, org.exportcert.api.i18n.AuditReasons reasons) {
    this.queries = queries;
    this.cases = cases;
    this.staff = staff;
    this.processes = processes;
    this.audit = audit;
    this.chain = chain;
    this.tx = new TransactionTemplate(transactions);
    this.engineTime = engineTime;
    this.reasons = reasons;
  }

  public record Search(String phase, String status, Boolean overdue, Boolean hasIncident,
      String category, String market, String text) {}

  public record Instance(InstanceView instance, List<ElementView> path, List<IncidentView> incidents) {}

  public record History(String from, String to, String actor, String reason, Instant at) {}

  public record Staff(String person, String role, String declaration, Instant declaredAt) {}

  public record AuditLine(long seq, Instant at, String actor, String action, String reason,
      String previousHash, String entryHash) {}

  /** @param processInstanceKey the case's certification-case instance, stored when it started */
  public record Detail(CaseSummary summary, Long processInstanceKey, List<History> history,
      List<Staff> staff, List<Instance> instances, List<AuditLine> audit) {}

  /** The whole audit chain walked from its first entry to the head. */
  public record AuditVerification(boolean intact, long entriesChecked,
      List<AuditChainVerifier.Problem> problems) {}

  /**
   * @param sendBackTo the user task the operator can send the case back to (an incident of a step
   *     that found its task completed outside ExportCert), else null: then Retry is the action
   */
  public record IncidentItem(IncidentView incident, String caseId, String sendBackTo) {

    public IncidentItem(IncidentView incident, String caseId) {
      this(incident, caseId, null);
    }
  }

  /** How the check and recording steps' incidents begin (workers StampedCompletions). */
  static final String NOT_RECORDED = "Not recorded:";

  public CaseQueries.Page<CaseSummary> search(Search s, int page, int size) {
    Set<String> only = null;
    if (Boolean.TRUE.equals(s.hasIncident())) {
      only = new HashSet<>(processes.caseIdsWithIncidents());
    }
    if (Boolean.TRUE.equals(s.overdue())) {
      Set<String> overdue = processes.caseIdsWithOverdueTasks(engineTime.nowUtc());
      if (only == null) {
        only = new HashSet<>(overdue);
      } else {
        only.retainAll(overdue);
      }
    }
    return queries.search(new CaseQueries.Filter(s.phase(), s.status(), s.category(), s.market(),
        s.text(), only), page, size);
  }

  public Detail detail(String caseId) {
    CaseAccess.requireCaseId(caseId);
    CaseSummary summary = queries.summary(caseId)
        .orElseThrow(() -> ApiProblem.notFound("No case " + caseId));
    List<History> history = cases.history(caseId).stream()
        .map(h -> new History(h.getFromStatus() == null ? null : h.getFromStatus().name(),
            h.getToStatus().name(), h.getActor(), reasons.text(h.getReason()), h.getChangedAt()))
        .toList();
    List<Staff> people = staff.forCase(caseId).stream()
        .map(a -> new Staff(a.getPerson(), a.getRole().name(), reasons.text(a.getCoiDeclaration()), a.getDeclaredAt()))
        .toList();
    List<Instance> instances = new ArrayList<>();
    for (InstanceView i : processes.instancesOfCase(caseId)) {
      instances.add(new Instance(i, processes.elementsOf(i.key()),
          i.hasIncident() || "ACTIVE".equals(i.state()) ? processes.activeIncidents(i.key()) : List.of()));
    }
    List<AuditLine> trail = audit.forSubject(CaseService.AUDIT_SUBJECT, caseId).stream()
        .map(e -> new AuditLine(e.getSeq(), e.getOccurredAt(), e.getActor(), e.getAction(), reasons.text(e.getReason()),
            e.getPreviousHash(), e.getEntryHash()))
        .toList();
    return new Detail(summary, cases.get(caseId).getProcessInstanceKey(), history, people, instances, trail);
  }

  public AuditVerification verifyAudit() {
    AuditChainVerifier.Report report = chain.verify();
    return new AuditVerification(report.intact(), report.entriesChecked(), report.problems());
  }

  public List<IncidentItem> incidents(String caseId) {
    List<IncidentView> incidents = new ArrayList<>();
    if (caseId != null) {
      CaseAccess.requireCaseId(caseId);
      for (InstanceView i : processes.instancesOfCase(caseId)) {
        incidents.addAll(processes.activeIncidents(i.key()));
      }
    } else {
      incidents.addAll(processes.activeIncidents(null));
    }
    Map<Long, String> ids = processes.caseIdsOf(incidents.stream().map(IncidentView::processInstanceKey).toList());
    return incidents.stream()
        .map(i -> new IncidentItem(i, ids.get(i.processInstanceKey()), sendBackTo(i).orElse(null)))
        .toList();
  }

  /** The user task before the step, when the incident says its completion was not recorded. */
  private java.util.Optional<String> sendBackTo(IncidentView i) {
    if (i.errorMessage() == null || !i.errorMessage().startsWith(NOT_RECORDED)
        || i.processDefinitionKey() == null || i.elementInstanceKey() == null) {
      return java.util.Optional.empty();
    }
    return processes.stampedUserTaskOf(i.processDefinitionKey(), i.elementId());
  }

  /**
   * The action a "completed outside ExportCert" incident asks for: ends the check step (and its
   * incident) and opens the user task before it again, so the right person does it in ExportCert.
   * Audited on the case with the operator's reason.
   */
  public IncidentItem sendBack(long incidentKey, String reason, CurrentUser user) {
    IncidentView incident = processes.incident(incidentKey)
        .orElseThrow(() -> ApiProblem.notFound("No incident " + incidentKey)
            .detailKey("problem.incident.not-found", incidentKey));
    if (!"ACTIVE".equals(incident.state())) {
      throw ApiProblem.conflict("Incident " + incidentKey + " is " + incident.state() + ".")
          .detailKey("problem.incident.not-active", incidentKey);
    }
    String task = sendBackTo(incident).orElseThrow(() -> ApiProblem.conflict("Incident " + incidentKey
            + " is not a task completed outside ExportCert; there is no task to send the case back to.")
        .detailKey("problem.incident.not-sendable", incidentKey));
    String caseId = processes.caseIdsOf(List.of(incident.processInstanceKey())).get(incident.processInstanceKey());
    tx.executeWithoutResult(s -> {
      audit.record(user.username(), "incident.sent-back", CaseService.AUDIT_SUBJECT,
          caseId == null ? "unknown" : caseId,
          Reason.of("audit.reason.incident-sent-back", task, incident.elementId(), incidentKey, reason));
      processes.sendBack(incident.processInstanceKey(), incident.elementInstanceKey(), task);
    });
    return new IncidentItem(incident, caseId, task);
  }

  /** Gives the failed job its retries back and resolves the incident, audited on the case. */
  public IncidentItem retry(long incidentKey, int retries, String reason, CurrentUser user) {
    IncidentView incident = processes.incident(incidentKey)
        .orElseThrow(() -> ApiProblem.notFound("No incident " + incidentKey));
    if (!"ACTIVE".equals(incident.state())) {
      throw ApiProblem.conflict("Incident " + incidentKey + " is " + incident.state() + ".");
    }
    String caseId = processes.caseIdsOf(List.of(incident.processInstanceKey())).get(incident.processInstanceKey());
    tx.executeWithoutResult(s -> {
      audit.record(user.username(), "incident.retried", CaseService.AUDIT_SUBJECT,
          caseId == null ? "unknown" : caseId,
          incident.elementId() + " incident " + incidentKey + " retries=" + retries + ": " + reason);
      processes.retry(incident, retries);
    });
    return new IncidentItem(incident, caseId);
  }

  /** Ends the case's process and closes the case as terminated, with the operator's reason. */
  public void cancel(String caseId, String reason, CurrentUser user) {
    CaseAccess.requireCaseId(caseId);
    CaseStatus status = cases.get(caseId).getStatus();
    if (status.isFinal()) {
      throw ApiProblem.conflict("Case " + caseId + " is already closed (" + status + ").")
          .detailKey("problem.case.already-closed", caseId);
    }
    List<InstanceView> roots = processes.instancesOfCase(caseId).stream()
        .filter(i -> i.parentKey() == null && "ACTIVE".equals(i.state())
            && Messages.CASE_PROCESS_ID.equals(i.processDefinitionId()))
        .toList();
    tx.executeWithoutResult(s -> {
      audit.record(user.username(), "case.cancelled", CaseService.AUDIT_SUBJECT, caseId, reason);
      cases.transition(caseId, CaseStatus.TERMINATED, user.username(), reason);
      for (InstanceView root : roots) {
        processes.cancel(root.key());
      }
    });
  }
}
