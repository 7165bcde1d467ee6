package org.exportcert.api.models;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.security.CurrentUsers;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Program managers change the scheme's models in the console: the deployed bundle and earlier
 * releases, named drafts with revisions, differences, four-eyes approval and roll-out.
 */
@RestController
@RequestMapping("/api/models")
@PreAuthorize("hasRole('PROGRAM_MANAGER')")
@Tag(name = "Model drafts", description = "Change, review and roll out the models: drafts, diff, approval")
class ModelDraftsController {

  private final ModelReleases releases;
  private final ModelDrafts drafts;
  private final CurrentUsers users;
  private final org.springframework.context.MessageSource messages;
  private final ModelImpact impact;
  private final ModelPathChecks paths;

  ModelDraftsController(ModelReleases releases, ModelDrafts drafts, CurrentUsers users,
      org.springframework.context.MessageSource messages, ModelImpact impact, ModelPathChecks paths) {
    this.messages = messages;
    this.impact = impact;
    this.paths = paths;
    this.releases = releases;
    this.drafts = drafts;
    this.users = users;
  }

  record NewDraft(String name, Long fromRelease) {}

  record Approval(Integer revision) {}

  @GetMapping("/releases")
  @Operation(summary = "Bundles ExportCert deployed, newest first; id 0 is the shipped bundle")
  List<ModelReleases.Release> releases() {
    return releases.list();
  }

  @GetMapping("/releases/deployed")
  @Operation(summary = "The deployed bundle: every file as deployed")
  ModelReleases.Bundle deployed() {
    return releases.deployed();
  }

  @GetMapping("/releases/{id}")
  @Operation(summary = "One earlier bundle, every file")
  ModelReleases.Bundle release(@PathVariable long id) {
    return releases.get(id).orElseThrow(() -> ApiProblem.notFound("No release " + id + "."));
  }

  @GetMapping("/element-templates")
  @Operation(summary = "The project's element templates (bpmn/element-templates), for the modeler")
  List<com.fasterxml.jackson.databind.JsonNode> elementTemplates() throws IOException {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> templates = new java.util.ArrayList<>();
    for (var r : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
        .getResources("classpath*:static/vendor/element-templates/*.json")) {
      try (var in = r.getInputStream()) {
        var t = json.readTree(in);
        if (t.isArray()) {
          t.forEach(templates::add);
        } else {
          templates.add(t);
        }
      }
    }
    return templates;
  }

  @GetMapping("/drafts")
  @Operation(summary = "Drafts, newest first, with their newest revision")
  List<ModelDrafts.Summary> list() {
    return drafts.list();
  }

  @PostMapping("/drafts")
  @Operation(summary = "Start a named draft from the deployed bundle (or from release fromRelease)")
  ResponseEntity<ModelDrafts.Summary> create(@RequestBody NewDraft body) {
    if (body == null) {
      throw ApiProblem.invalid("Send {\"name\": \"…\"}.");
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(drafts.create(body.name(), body.fromRelease(), users.current().username()));
  }

  @GetMapping("/drafts/{id}")
  @Operation(summary = "A draft with every file of its newest revision (or of ?revision=)")
  ModelDrafts.Draft get(@PathVariable long id, @RequestParam(required = false) Integer revision) {
    return drafts.get(id, revision);
  }

  @PostMapping(path = "/drafts/{id}/revisions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Save the whole bundle as the next revision; baseRevision must be the newest")
  ResponseEntity<ModelDrafts.Summary> save(@PathVariable long id, @RequestParam int baseRevision,
      @RequestPart("files") List<MultipartFile> files) throws IOException {
    Map<String, String> bundle = new TreeMap<>();
    for (ModelLinter.Upload u : ModelsController.read(files)) {
      if (bundle.put(u.name(), new String(u.content(), StandardCharsets.UTF_8)) != null) {
        throw ApiProblem.invalid("The bundle holds " + u.name() + " twice.");
      }
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(drafts.save(id, baseRevision, bundle,
        users.current().username()));
  }

  @GetMapping("/drafts/{id}/diff")
  @Operation(summary = "What the draft changes against the deployed bundle: elements, rules, fields")
  List<ModelDiff.FileDiff> diff(@PathVariable long id) {
    return ModelDiff.of(releases.deployed().files(), drafts.get(id, null).files());
  }

  @GetMapping("/drafts/{id}/impact")
  @Operation(summary = "What deploying the draft would do: kept evaluations of each changed decision table"
      + " re-run on the draft (cases whose outcome changes, old and new); cases running per version of each"
      + " changed process")
  ModelImpact.Report impact(@PathVariable long id) {
    return impact.of(id);
  }

  @GetMapping("/paths")
  @Operation(summary = "The named test paths of each model the path tests run on the deployed bundle,"
      + " with their English and Chinese names")
  List<ModelPathChecks.PathFile> pathFiles() {
    return paths.deployedPaths();
  }

  @PostMapping("/drafts/{id}/path-runs")
  @Operation(summary = "Run the build's path files on the newest revision in a scratch in-memory engine;"
      + " the verdicts and the elements each process took are kept with the revision (one run at a time)")
  ResponseEntity<ModelPathChecks.Run> runPaths(@PathVariable long id) {
    return ResponseEntity.status(HttpStatus.CREATED).body(paths.run(id, users.current().username()));
  }

  @GetMapping("/drafts/{id}/path-runs/latest")
  @Operation(summary = "The newest path run on the newest revision (or on ?revision=); 204 No Content when"
      + " none ran yet (the normal state of a new revision, not an error)")
  ResponseEntity<ModelPathChecks.Run> latestPaths(@PathVariable long id, @RequestParam(required = false) Integer revision) {
    int r = revision != null ? revision : drafts.get(id, null).draft().revision();
    return paths.latest(id, r).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
  }

  @GetMapping(path = "/drafts/{id}/bundle.zip", produces = "application/zip")
  @Operation(summary = "Download the newest revision as a zip of .bpmn, .dmn and .form files")
  ResponseEntity<byte[]> download(@PathVariable long id) throws IOException {
    ModelDrafts.Draft d = drafts.get(id, null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var f : d.files().entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
        .filename("draft-" + id + "-r" + d.draft().revision() + ".zip").build().toString())
        .contentType(MediaType.parseMediaType("application/zip")).body(bytes.toByteArray());
  }

  @DeleteMapping("/drafts/{id}")
  @Operation(summary = "Discard a draft (kept, with its revisions, for the audit)")
  ModelDrafts.Summary discard(@PathVariable long id) {
    return drafts.discard(id, users.current().username());
  }

  @PostMapping("/drafts/{id}/approval")
  @Operation(summary = "A second program manager approves the newest revision (lint must be clean)")
  ModelDrafts.Summary approve(@PathVariable long id, @RequestBody Approval body) {
    if (body == null || body.revision() == null) {
      throw ApiProblem.invalid("Send {\"revision\": n}: the revision you reviewed.");
    }
    return drafts.approve(id, body.revision(), users.current().username());
  }

  @PostMapping("/drafts/{id}/deployment")
  @Operation(summary = "Deploy the approved draft as one bundle with a version tag")
  ResponseEntity<ModelDeployer.Result> deploy(@PathVariable long id) {
    return ResponseEntity.status(HttpStatus.CREATED).body(drafts.deploy(id, users.current().username()));
  }

  @ExceptionHandler(ModelDeployer.EngineRefused.class)
  ResponseEntity<ProblemDetail> engineRefused(ModelDeployer.EngineRefused e) {
    return ModelsController.engineRefusedProblem(e, messages);
  }

  @ExceptionHandler(ModelDeployer.LintFailed.class)
  ResponseEntity<ProblemDetail> lintFailed(ModelDeployer.LintFailed e) {
    return ModelsController.lintFailedProblem(e);
  }
}
