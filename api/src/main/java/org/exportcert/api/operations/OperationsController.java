package org.exportcert.api.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.cases.CaseSummary;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.certification.casefile.CaseStatus;
import org.exportcert.certification.casefile.Phase;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/operations")
@PreAuthorize("hasRole('OPERATOR')")
@Tag(name = "Operations", description = "Watch the pipeline, resolve incidents, cancel cases")
class OperationsController {

  private final Operations operations;
  private final CurrentUsers users;

  OperationsController(Operations operations, CurrentUsers users) {
    this.operations = operations;
    this.users = users;
  }

  record Retry(@Min(1) @Max(10) Integer retries, @NotBlank @Size(max = 2000) String reason) {}

  record Cancel(@NotBlank @Size(max = 2000) String reason) {}

  record SendBack(@NotBlank @Size(max = 2000) String reason) {}

  @GetMapping("/cases")
  @Operation(summary = "Search cases by phase, status, overdue, incident, category, market and text")
  CaseQueries.Page<CaseSummary> search(
      @RequestParam(required = false) String phase,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) Boolean hasIncident,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String market,
      @RequestParam(required = false) String text,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    org.exportcert.api.web.Paging.check(page, size);
    return operations.search(new Operations.Search(
        oneOf("phase", phase, Phase.values()), oneOf("status", status, CaseStatus.values()),
        overdue, hasIncident, code("category", category), code("market", market),
        text == null || text.isBlank() ? null : limit(text)), page, size);
  }

  @GetMapping("/cases/{caseId}")
  @Operation(summary = "Case detail: status history, staff, process path (element instances), incidents, audit")
  Operations.Detail detail(@PathVariable String caseId) {
    return operations.detail(caseId);
  }

  @GetMapping("/audit/verification")
  @Operation(summary = "Walk the whole audit trail and check its hash chain (altered, missing, truncated entries)")
  Operations.AuditVerification verifyAudit() {
    return operations.verifyAudit();
  }

  @GetMapping("/incidents")
  @Operation(summary = "Open incidents, of one case or all")
  List<Operations.IncidentItem> incidents(@RequestParam(required = false) String caseId) {
    return operations.incidents(caseId);
  }

  @PostMapping("/incidents/{key}/retry")
  @Operation(summary = "Give the failed job retries and resolve the incident (audited)")
  Operations.IncidentItem retry(@PathVariable long key, @Valid @RequestBody Retry retry) {
    return operations.retry(key, retry.retries() == null ? 3 : retry.retries(), retry.reason(),
        users.current());
  }

  @PostMapping("/incidents/{key}/send-back")
  @Operation(summary = "Send the case back to the user task completed outside ExportCert: ends the check"
      + " step and its incident and opens the task again (process instance modification, audited)")
  Operations.IncidentItem sendBack(@PathVariable long key, @Valid @RequestBody SendBack sendBack) {
    return operations.sendBack(key, sendBack.reason(), users.current());
  }

  @PostMapping("/cases/{caseId}/cancel")
  @Operation(summary = "Cancel the case's process and close the case as terminated (reason audited)")
  ResponseEntity<Void> cancel(@PathVariable String caseId, @Valid @RequestBody Cancel cancel) {
    operations.cancel(caseId, cancel.reason(), users.current());
    return ResponseEntity.noContent().build();
  }

  private static String oneOf(String name, String value, Enum<?>[] values) {
    if (value == null) {
      return null;
    }
    String v = value.toUpperCase(Locale.ROOT);
    if (Arrays.stream(values).noneMatch(e -> e.name().equals(v))) {
      throw ApiProblem.invalid(name + " must be one of " + Arrays.toString(values));
    }
    return v;
  }

  private static String code(String name, String value) {
    if (value == null) {
      return null;
    }
    if (!value.matches("[A-Za-z0-9_]{1,100}")) {
      throw ApiProblem.invalid(name + " is a code like AI_SAAS or SG.");
    }
    return value.toUpperCase(Locale.ROOT);
  }

  private static String limit(String text) {
    if (text.length() > 200) {
      throw ApiProblem.invalid("text is limited to 200 characters.");
    }
    return text.trim();
  }
}
