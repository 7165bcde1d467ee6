package org.exportcert.api.tasks;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.exportcert.api.cases.UploadNames;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.evidence.EvidenceKinds;
import org.exportcert.api.process.CaseProcesses.TaskView;
import org.exportcert.api.security.CurrentUser;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.certification.evidence.Evidence;
import org.exportcert.certification.evidence.EvidenceKindCatalog;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Staff user tasks: list, claim with a conflict-of-interest declaration, form, complete. */
@RestController
@RequestMapping("/api/tasks")
@PreAuthorize(
    "hasAnyRole('CB_REVIEWER','EVALUATOR','TEST_LAB','REVIEWER','DECISION_COMMITTEE',"
        + "'REGISTRY_ADMIN','APPEALS','OPERATOR')")
@Tag(name = "Staff tasks", description = "User tasks of the caller and the caller's groups")
class TaskController {

  private final StaffTasks tasks;
  private final CurrentUsers users;

  private final EvidenceKinds kinds;

  TaskController(StaffTasks tasks, CurrentUsers users, EvidenceKinds kinds) {
    this.kinds = kinds;
    this.tasks = tasks;
    this.users = users;
  }

  record Claim(@NotBlank @Size(max = 2000) String declaration, boolean conflict) {}

  record Completion(Map<String, Object> variables, @Size(max = 50) List<@NotBlank String> evidenceIds) {}

  record Uploaded(String evidenceId, String fileName, String mediaType, long sizeBytes, String sha256) {}

  @GetMapping
  @Operation(summary = "Open tasks: scope=mine (assigned to me) or groups (offered to my groups)")
  List<StaffTasks.TaskItem> list(@RequestParam(defaultValue = "groups") String scope) {
    StaffTasks.Scope s =
        switch (scope) {
          case "mine" -> StaffTasks.Scope.MINE;
          case "groups" -> StaffTasks.Scope.GROUPS;
          default -> throw ApiProblem.invalid("scope must be mine or groups");
        };
    return tasks.list(users.current(), s);
  }

  @GetMapping("/{key}")
  @Operation(summary = "A task with its case file")
  StaffTasks.TaskItem get(@PathVariable long key) {
    return tasks.get(key, users.current());
  }

  @GetMapping(path = "/{key}/form", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The task's Camunda Form (JSON schema as deployed with the model)")
  String form(@PathVariable long key) {
    return tasks.form(key, users.current())
        .orElseThrow(() -> ApiProblem.notFound("Task " + key + " has no form."));
  }

  @PostMapping("/{key}/claim")
  @Operation(summary = "Claim a task; declares conflicts of interest; impartiality is enforced")
  TaskView claim(@PathVariable long key, @Valid @RequestBody Claim claim) {
    return tasks.claim(key, new StaffTasks.Declaration(claim.declaration(), claim.conflict()),
        users.current());
  }

  @PostMapping("/{key}/unclaim")
  @Operation(summary = "Give a claimed task back to the group")
  ResponseEntity<Void> unclaim(@PathVariable long key) {
    tasks.unclaim(key, users.current());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{key}/complete")
  @Operation(summary = "Complete a task with its form data and evidence references")
  ResponseEntity<Void> complete(@PathVariable long key, @Valid @RequestBody Completion completion) {
    tasks.complete(key, completion.variables(), completion.evidenceIds(), users.current());
    return ResponseEntity.noContent().build();
  }

  @PostMapping(path = "/{key}/evidence", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Attach evidence (e.g. a test report) to the task's case")
  ResponseEntity<Uploaded> evidence(
      @PathVariable long key, @RequestPart("file") MultipartFile file, @RequestParam("kind") String kind)
      throws IOException {
    CurrentUser user = users.current();
    String name = UploadNames.requireSafeFileName(file.getOriginalFilename());
    kinds.require(kind, EvidenceKindCatalog.Party.STAFF);
    try (InputStream in = file.getInputStream()) {
      Evidence e = tasks.upload(key, kind, name, in, user);
      return ResponseEntity.created(URI.create("/api/tasks/" + key + "/evidence/" + e.getId()))
          .body(new Uploaded(e.getId(), e.getFileName(), e.getMediaType(), e.getSizeBytes(), e.getSha256()));
    }
  }
}
