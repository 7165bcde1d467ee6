package org.exportcert.api.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.error.ProblemWriter;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.security.CurrentUsers;
import org.exportcert.api.web.Paging;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Program managers: deployed models and versions, lint and deploy bundles, cases per version. */
@RestController
@RequestMapping("/api/models")
@PreAuthorize("hasRole('PROGRAM_MANAGER')")
@Tag(name = "Models", description = "Process models, decisions and forms: lint, deploy, versions")
class ModelsController {

  private final CaseProcesses processes;
  private final ModelLinter linter;
  private final ModelDeployer deployer;
  private final CurrentUsers users;
  private final MessageSource messages;

  ModelsController(CaseProcesses processes, ModelLinter linter, ModelDeployer deployer, CurrentUsers users,
      MessageSource messages) {
    this.messages = messages;
    this.processes = processes;
    this.linter = linter;
    this.deployer = deployer;
    this.users = users;
  }

  record CaseOnVersion(long processInstanceKey, String caseId, String state, boolean hasIncident) {}

  @GetMapping
  @Operation(summary = "Deployed process definitions, every version (the engine read to the end), by process id and"
      + " newest version first: one page (page from 0, size 1 to 100) with the total; q keeps the versions whose"
      + " process id, name, version tag or \"v<version>\" contain every word of it")
  CaseQueries.Page<CaseProcesses.DefinitionView> definitions(
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging.check(page, size);
    String text = Paging.filterText("q", q);
    List<String> words = text == null ? List.of()
        : List.of(text.toLowerCase(Locale.ROOT).split("\\s+"));
    List<CaseProcesses.DefinitionView> matching = processes.processDefinitions().stream()
        .filter(d -> {
          String hay = String.join(" ", d.processDefinitionId(), java.util.Objects.toString(d.name(), ""),
              java.util.Objects.toString(d.versionTag(), ""), "v" + d.version()).toLowerCase(Locale.ROOT);
          return words.stream().allMatch(hay::contains);
        })
        .sorted(Comparator.comparing(CaseProcesses.DefinitionView::processDefinitionId)
            .thenComparing(Comparator.comparingInt(CaseProcesses.DefinitionView::version).reversed()))
        .toList();
    int from = (int) Math.min((long) page * size, matching.size());
    return new CaseQueries.Page<>(matching.subList(from, Math.min(from + size, matching.size())),
        matching.size(), page, size);
  }

  @PostMapping(path = "/lint", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Lint a bundle of .bpmn, .dmn and .form files; nothing is deployed")
  ModelLinter.Report lint(@RequestPart("files") List<MultipartFile> files) throws IOException {
    return linter.lint(read(files));
  }

  @PostMapping(path = "/deployments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Lint, then deploy the whole bundle in one deployment, only on a clean report")
  ResponseEntity<?> deploy(@RequestPart("files") List<MultipartFile> files) throws IOException {
    ModelDeployer.Result r = deployer.deploy(read(files), users.current().username(), "upload", null);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(Map.of("deployment", r.deployment(), "report", r.report(), "releaseId", r.releaseId()));
  }

  @ExceptionHandler(ModelDeployer.LintFailed.class)
  ResponseEntity<ProblemDetail> lintFailed(ModelDeployer.LintFailed e) {
    return lintFailedProblem(e, messages);
  }

  @ExceptionHandler(ModelDeployer.EngineRefused.class)
  ResponseEntity<ProblemDetail> engineRefused(ModelDeployer.EngineRefused e) {
    return engineRefusedProblem(e, messages);
  }

  /** The lint passed but the engine's own parse (FEEL, schema) refused: say why. */
  static ResponseEntity<ProblemDetail> engineRefusedProblem(ModelDeployer.EngineRefused e, MessageSource messages) {
    var locale = LocaleContextHolder.getLocale();
    ProblemDetail problem = ProblemWriter.problem(HttpStatus.UNPROCESSABLE_ENTITY,
        ProblemTypes.MODEL_REFUSED,
        messages.getMessage("problem.model-refused.title", null, "Models refused by the engine", locale),
        messages.getMessage("problem.model-refused.detail", null,
            "The process engine refused the bundle; nothing was deployed. See engineReason.", locale));
    problem.setProperty("engineReason", e.reason());
    return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /** 422 with the whole lint report (its findings in the caller's language), so the console can mark each one. */
  static ResponseEntity<ProblemDetail> lintFailedProblem(ModelDeployer.LintFailed e, MessageSource messages) {
    ProblemDetail problem = ProblemWriter.problem(HttpStatus.UNPROCESSABLE_ENTITY,
        ProblemTypes.LINT_FAILED, "Model check failed", e.approval()
            ? messages.getMessage("problem.lint-failed.approval", null,
                "The revision has errors; it was not approved.", LocaleContextHolder.getLocale())
            : messages.getMessage("problem.lint-failed.detail", null,
                "The bundle has errors; nothing was deployed.", LocaleContextHolder.getLocale()));
    problem.setProperty("report", e.report());
    return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  @GetMapping("/{processDefinitionKey}/cases")
  @Operation(summary = "Cases running on one deployed version")
  List<CaseOnVersion> cases(@PathVariable long processDefinitionKey) {
    var instances = processes.instancesOfDefinition(processDefinitionKey);
    var ids = processes.caseIdsOf(instances.stream().map(CaseProcesses.InstanceView::key).toList());
    return instances.stream().map(i -> new CaseOnVersion(i.key(), ids.get(i.key()), i.state(),
        i.hasIncident())).toList();
  }

  static List<ModelLinter.Upload> read(List<MultipartFile> files) throws IOException {
    if (files == null || files.isEmpty()) {
      throw ApiProblem.invalid("Send the bundle as one or more 'files' parts.").detailKey("models.bundle.no-files");
    }
    if (files.size() > ModelLinter.MAX_FILES) {
      throw ApiProblem.invalid("At most " + ModelLinter.MAX_FILES + " files per bundle.")
          .detailKey("models.bundle.too-many-files", ModelLinter.MAX_FILES);
    }
    List<ModelLinter.Upload> uploads = new ArrayList<>();
    for (MultipartFile f : files) {
      if (f.getSize() > ModelLinter.MAX_FILE_BYTES) {
        throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
            "File too large", "Model files are limited to " + ModelLinter.MAX_FILE_BYTES + " bytes.")
            .detailKey("models.bundle.file-too-large", ModelLinter.MAX_FILE_BYTES);
      }
      uploads.add(new ModelLinter.Upload(f.getOriginalFilename(), f.getBytes()));
    }
    return uploads;
  }
}
