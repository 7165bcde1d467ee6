package org.exportcert.api.operations;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.exportcert.api.security.CurrentUsers;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators move a running case to the newest deployed models, where the engine allows it. */
@RestController
@RequestMapping("/api/operations/cases/{caseId}/migration")
@PreAuthorize("hasRole('OPERATOR')")
@Tag(name = "Operations", description = "Watch the pipeline, resolve incidents, cancel cases")
class CaseMigrationController {

  private final CaseMigrations migrations;
  private final CurrentUsers users;

  CaseMigrationController(CaseMigrations migrations, CurrentUsers users) {
    this.migrations = migrations;
    this.users = users;
  }

  record Migrate(Long processInstanceKey, @NotBlank @Size(max = 2000) String reason) {}

  @GetMapping
  @Operation(summary = "The case's processes not on the newest version: which can move, and why the others stay")
  CaseMigrations.Plan plan(@PathVariable String caseId) {
    return migrations.plan(caseId);
  }

  @PostMapping
  @Operation(summary = "Move the case's processes (or one) to the newest version, same element ids (audited);"
      + " those that cannot move stay and are listed with the reason")
  CaseMigrations.Plan migrate(@PathVariable String caseId, @Valid @RequestBody Migrate body) {
    return migrations.migrate(caseId, body.processInstanceKey(), body.reason(), users.current());
  }
}
