package org.exportcert.api.casefile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashSet;
import java.util.Set;
import org.exportcert.api.cases.CaseAccess;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.evidence.EvidenceKinds;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.tasks.StaffTasks;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The case file and its documents for the people working on a case: staff through a task offered
 * to them (so only the roles working on the case), operators for any case, applicants their own
 * uploads and the certificate. Path-based security in {@code SecurityConfiguration} already
 * limits each prefix to its role.
 */
@RestController
@Tag(name = "Case file", description = "Documents, results and findings of a case, read in the browser")
class CaseFileController {

  private final CaseFiles files;
  private final DocumentReads reads;
  private final StaffTasks tasks;
  private final CaseProcesses processes;
  private final CaseAccess access;
  private final EvidenceKinds kinds;
  private final CurrentUsers users;

  CaseFileController(CaseFiles files, DocumentReads reads, StaffTasks tasks, CaseProcesses processes,
      CaseAccess access, EvidenceKinds kinds, CurrentUsers users) {
    this.files = files;
    this.reads = reads;
    this.tasks = tasks;
    this.processes = processes;
    this.access = access;
    this.kinds = kinds;
    this.users = users;
  }

  @GetMapping("/api/tasks/{key}/case-file")
  @Operation(summary = "The case file of a task offered to me: documents, eligibility result, findings, test plan, reports, decisions")
  CaseFiles.CaseFile taskCaseFile(@PathVariable long key) {
    StaffTasks.TaskItem item = tasks.get(key, users.current());
    Set<Long> instances = new LinkedHashSet<>();
    instances.add(item.task().processInstanceKey());
    processes.activeCaseInstance(item.caseId()).ifPresent(i -> instances.add(i.key()));
    return files.of(item.caseId(), instances);
  }

  @GetMapping("/api/tasks/{key}/documents/{evidenceId}")
  @Operation(summary = "A document of the task's case: PDF and images inline, else a download; SHA-256 checked, audited")
  ResponseEntity<InputStreamResource> taskDocument(@PathVariable long key, @PathVariable String evidenceId,
      @RequestParam(defaultValue = "false") boolean download) {
    CurrentUser user = users.current();
    StaffTasks.TaskItem item = tasks.get(key, user);
    return reads.read(reads.of(item.caseId(), evidenceId), user.username(), download);
  }

  @GetMapping("/api/operations/cases/{caseId}/case-file")
  @Operation(summary = "Operator: the case file of any case")
  CaseFiles.CaseFile operatorCaseFile(@PathVariable String caseId) {
    CaseAccess.requireCaseId(caseId);
    Set<Long> instances = new LinkedHashSet<>();
    processes.activeCaseInstance(caseId).ifPresent(i -> instances.add(i.key()));
    return files.of(caseId, instances);
  }

  @GetMapping("/api/operations/cases/{caseId}/documents/{evidenceId}")
  @Operation(summary = "Operator: a document of any case; SHA-256 checked, audited")
  ResponseEntity<InputStreamResource> operatorDocument(@PathVariable String caseId, @PathVariable String evidenceId,
      @RequestParam(defaultValue = "false") boolean download) {
    CaseAccess.requireCaseId(caseId);
    return reads.read(reads.of(caseId, evidenceId), users.current().username(), download);
  }

  @GetMapping("/api/cases/{caseId}/documents/{evidenceId}")
  @Operation(summary = "Applicant: download one of my case's own uploads (or its certificate); SHA-256 checked, audited")
  ResponseEntity<InputStreamResource> ownDocument(@PathVariable String caseId, @PathVariable String evidenceId,
      @RequestParam(defaultValue = "false") boolean download) {
    CurrentUser user = users.current();
    access.requireOwnCase(caseId, user);
    Evidence e = reads.of(caseId, evidenceId);
    EvidenceKindCatalog.Kind kind = kinds.get(e.getKind());
    if (kind == null || kind.party() == EvidenceKindCatalog.Party.STAFF) {
      throw ApiProblem.notFound("No document " + evidenceId + " of yours on case " + caseId + ".");
    }
    return reads.read(e, user.username(), download);
  }
}
