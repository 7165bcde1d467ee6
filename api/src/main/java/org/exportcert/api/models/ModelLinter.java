package org.exportcert.api.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.ClientException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.exportcert.api.process.BundledModels;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.DmnIds;
import org.exportcert.api.process.SafeXml;
import org.exportcert.api.security.Role;
import org.exportcert.bpmn.lint.CompletionStampCheck;
import org.exportcert.bpmn.lint.DecisionTableLint;
import org.exportcert.bpmn.lint.ChineseNames;
import org.exportcert.bpmn.lint.PathNames;
import org.exportcert.bpmn.lint.VersionBinding;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Lints a bundle of BPMN, DMN and form files before anything is deployed: they must parse (safely),
 * pass the Zeebe design-time rules, use only cataloged job types and known candidate groups, name
 * their elements, and reference forms, decisions and processes that exist (in the bundle, on the
 * engine or shipped with the application); what a model binds "by deployment" must be in the bundle,
 * or the engine would not find it at run time, and a bundle must take effect: a phase or form
 * comes with the processes that bind it. The version-binding and decision-table rules are the
 * build's own ({@code org.exportcert.bpmn.lint}), so the console lints as the build does.
 */
@Component
public class ModelLinter {

  static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\\.(bpmn|dmn|form|paths\\.json)");
  /** Path files (the build's paths/*.paths.json): run by the path checks, never deployed to the engine. */
  static final String PATH_FILE = ".paths.json";

  static boolean isPathFile(String name) {
    return name != null && name.endsWith(PATH_FILE);
  }
  static final int MAX_FILES = 40;
  static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

  public enum Severity { ERROR, WARNING }

  public record Finding(Severity severity, String file, String element, String rule, String message) {}

  public record Report(boolean clean, List<String> files, List<Finding> findings) {}

  public record Upload(String name, byte[] content) {}

  private final BundledModels bundled;
  private final CaseProcesses processes;
  private final ObjectMapper json;
  private volatile Optional<Set<String>> jobTypes;

  public ModelLinter(BundledModels bundled, CaseProcesses processes, ObjectMapper json) {
    this.bundled = bundled;
    this.processes = processes;
    this.json = json;
  }

  public Report lint(List<Upload> uploads) {
    List<Finding> findings = new ArrayList<>();
    if (uploads.isEmpty()) {
      findings.add(error("-", null, "bundle", "The bundle is empty."));
    }
    if (uploads.size() > MAX_FILES) {
      findings.add(error("-", null, "bundle", "At most " + MAX_FILES + " files per bundle."));
      return new Report(false, List.of(), findings);
    }
    Set<String> names = new HashSet<>();
    Map<String, BpmnModelInstance> bpmn = new LinkedHashMap<>();
    Set<String> forms = new HashSet<>();
    Set<String> decisions = new HashSet<>();
    Set<String> processIds = new HashSet<>();
    for (Upload u : uploads) {
      String file = u.name() == null ? "" : u.name();
      if (!FILE_NAME.matcher(file).matches()) {
        findings.add(error(printable(file), null, "file-name",
            "Only plain .bpmn, .dmn, .form and .paths.json file names are accepted."));
        continue;
      }
      if (!names.add(file)) {
        findings.add(error(file, null, "file-name", "The bundle holds this file twice."));
        continue;
      }
      if (u.content().length > MAX_FILE_BYTES) {
        findings.add(error(file, null, "size", "Larger than " + MAX_FILE_BYTES + " bytes."));
        continue;
      }
      if (file.endsWith(".bpmn")) {
        parseBpmn(file, u.content(), findings).ifPresent(m -> {
          bpmn.put(file, m);
          m.getModelElementsByType(Process.class).forEach(p -> processIds.add(p.getId()));
        });
      } else if (file.endsWith(".dmn")) {
        try {
          List<String> ids = DmnIds.of(u.content());
          if (ids.isEmpty()) {
            findings.add(error(file, null, "dmn", "No decision in this file."));
          } else {
            checkDecisionTables(file, u.content(), findings);
          }
          decisions.addAll(ids);
        } catch (IllegalArgumentException e) {
          findings.add(error(file, null, "xml", "Not well-formed XML, or it declares a DOCTYPE."));
        }
      } else if (isPathFile(file)) {
        checkPathFile(file, u.content(), findings);
      } else {
        formId(file, u.content(), findings).ifPresent(forms::add);
      }
    }
    Set<String> jobs = jobTypes().orElse(null);
    if (jobs == null && !bpmn.isEmpty()) {
      findings.add(new Finding(Severity.WARNING, "-", null, "job-type",
          "No job-type catalog on the classpath: job types were not checked."));
    }
    References refs = new References(forms, decisions, processIds);
    bpmn.forEach((file, model) -> checkBpmn(file, model, jobs, refs, findings));
    checkTakesEffect(processIds, forms, findings);
    boolean clean = findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    return new Report(clean, List.copyOf(names), findings);
  }

  private Optional<BpmnModelInstance> parseBpmn(String file, byte[] content, List<Finding> findings) {
    try {
      SafeXml.parse(new ByteArrayInputStream(content)); // refuses DOCTYPE / external entities first
    } catch (IllegalArgumentException e) {
      findings.add(error(file, null, "xml", "Not well-formed XML, or it declares a DOCTYPE."));
      return Optional.empty();
    }
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
      Bpmn.validateModel(model);
    } catch (RuntimeException e) {
      findings.add(error(file, null, "bpmn", "Not a valid BPMN 2.0 model: " + shorten(e.getMessage())));
      return Optional.empty();
    }
    model.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) ->
        results.stream().filter(r -> r.getType() == ValidationResultType.ERROR).forEach(r ->
            findings.add(error(file, element instanceof BaseElement b ? b.getId() : null, "zeebe",
                r.getMessage()))));
    return Optional.of(model);
  }

  private record References(Set<String> forms, Set<String> decisions, Set<String> processes) {}

  private void checkBpmn(String file, BpmnModelInstance m, Set<String> jobs, References refs,
      List<Finding> findings) {
    Set<String> groups = new HashSet<>();
    Arrays.stream(Role.values()).forEach(r -> r.candidateGroup().ifPresent(groups::add));
    for (Process p : m.getModelElementsByType(Process.class)) {
      if (!p.isExecutable()) {
        findings.add(error(file, p.getId(), "executable", "The process is not executable."));
      }
      if (blank(p.getName())) {
        findings.add(error(file, p.getId(), "name", "The process has no name."));
      }
    }
    VersionBinding.check(m).forEach(p -> findings.add(error(file, p.element(), p.rule(), p.message())));
    // a model without Chinese names still runs; Chinese pages then show its English names
    ChineseNames.check(m).forEach(p -> findings.add(
        new Finding(Severity.WARNING, file, p.element(), p.rule(), p.message())));
    CompletionStampCheck.check(m).forEach(p -> findings.add(error(file, p.element(), p.rule(), p.message())));
    for (FlowNode n : m.getModelElementsByType(FlowNode.class)) {
      if (blank(n.getName())) {
        findings.add(error(file, n.getId(), "name", "Every element needs a name people can read."));
      }
    }
    for (ServiceTask t : m.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition d = t.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (d == null || blank(d.getType())) {
        findings.add(error(file, t.getId(), "job-type", "Service task without a job type."));
      } else if (jobs != null && !jobs.contains(d.getType())) {
        findings.add(error(file, t.getId(), "job-type",
            "Job type '" + d.getType() + "' has no worker in the worker catalog."));
      }
    }
    for (UserTask t : m.getModelElementsByType(UserTask.class)) {
      if (t.getSingleExtensionElement(ZeebeUserTask.class) == null) {
        findings.add(error(file, t.getId(), "user-task", "Must be a Camunda user task (zeebe:userTask)."));
      }
      ZeebeFormDefinition form = t.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (form == null || blank(form.getFormId())) {
        findings.add(error(file, t.getId(), "form", "User task without a form (formId)."));
      } else if (form.getBindingType() == ZeebeBindingType.deployment
          && !refs.forms().contains(form.getFormId())) {
        findings.add(error(file, t.getId(), "binding", "Form '" + form.getFormId()
            + "' is bound by deployment, so it must be in this bundle."));
      } else if (!refs.forms().contains(form.getFormId()) && !bundled.formIds().contains(form.getFormId())) {
        findings.add(error(file, t.getId(), "form",
            "Form '" + form.getFormId() + "' is neither in the bundle nor shipped with the models."));
      }
      ZeebeAssignmentDefinition a = t.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
      if (a == null || blank(a.getCandidateGroups())) {
        findings.add(error(file, t.getId(), "candidate-groups", "User task without candidate groups."));
      } else {
        for (String g : a.getCandidateGroups().split(",")) {
          if (!groups.contains(g.trim())) {
            findings.add(error(file, t.getId(), "candidate-groups",
                "Unknown candidate group '" + g.trim() + "'; known: " + new java.util.TreeSet<>(groups)));
          }
        }
      }
    }
    for (BusinessRuleTask t : m.getModelElementsByType(BusinessRuleTask.class)) {
      ZeebeCalledDecision d = t.getSingleExtensionElement(ZeebeCalledDecision.class);
      if (d == null || blank(d.getDecisionId())) {
        findings.add(error(file, t.getId(), "decision", "Business rule task without a called decision."));
      } else if (d.getBindingType() == ZeebeBindingType.deployment
          && !refs.decisions().contains(d.getDecisionId())) {
        findings.add(error(file, t.getId(), "binding", "Decision '" + d.getDecisionId()
            + "' is bound by deployment, so it must be in this bundle."));
      } else if (!refs.decisions().contains(d.getDecisionId())
          && !bundled.decisionIds().contains(d.getDecisionId())
          && !deployed(() -> processes.decisionDeployed(d.getDecisionId()), file, t.getId(), findings)) {
        findings.add(error(file, t.getId(), "decision", "Decision '" + d.getDecisionId() + "' does not exist."));
      }
    }
    for (CallActivity c : m.getModelElementsByType(CallActivity.class)) {
      ZeebeCalledElement e = c.getSingleExtensionElement(ZeebeCalledElement.class);
      if (e == null || blank(e.getProcessId())) {
        findings.add(error(file, c.getId(), "call", "Call activity without a called process."));
      } else if (e.getBindingType() == ZeebeBindingType.deployment && !e.getProcessId().startsWith("=")
          && !refs.processes().contains(e.getProcessId())) {
        findings.add(error(file, c.getId(), "binding", "Process '" + e.getProcessId()
            + "' is bound by deployment, so it must be in this bundle."));
      } else if (!e.getProcessId().startsWith("=")
          && !refs.processes().contains(e.getProcessId())
          && !bundled.processIds().contains(e.getProcessId())
          && !deployed(() -> processes.processDeployed(e.getProcessId()), file, c.getId(), findings)) {
        findings.add(error(file, c.getId(), "call", "Process '" + e.getProcessId() + "' does not exist."));
      }
    }
  }

  /**
   * The decision-table rules the build runs too (FEEL of every cell, durations of the deadline
   * table), and a replaced shipped table must keep the output columns the models read.
   */
  private void checkDecisionTables(String file, byte[] dmn, List<Finding> findings) {
    DecisionTableLint.check(dmn).forEach(p -> findings.add(error(file, p.element(), p.rule(), p.message())));
    DecisionTableLint.outputNames(dmn).forEach((decisionId, outputs) -> {
      List<String> missing = bundled.decisionOutputs(decisionId).stream()
          .filter(o -> !outputs.contains(o)).toList();
      if (!missing.isEmpty()) {
        findings.add(error(file, decisionId, "outputs", "The models read the output column(s) "
            + missing + " of '" + decisionId + "'; this table no longer has them."));
      }
    });
  }

  /**
   * A process or form is run by the shipped processes that bind it by deployment only when they
   * are deployed with it: a bundle without them would deploy without effect on any case. Decision
   * tables are bound as latest, so a table may come alone.
   */
  private void checkTakesEffect(Set<String> processIds, Set<String> forms, List<Finding> findings) {
    Set<String> ids = new java.util.TreeSet<>(processIds);
    ids.addAll(forms);
    for (String id : ids) {
      List<String> missing = bundled.boundByDeploymentIn(id).stream()
          .filter(user -> !processIds.contains(user)).toList();
      if (!missing.isEmpty()) {
        findings.add(error("-", id, "takes-effect", "'" + id + "' is bound by deployment in "
            + missing + ", which this bundle does not hold: no case would ever run this version."
            + " Deploy the whole bundle (docs/process-guide.md)."));
      }
    }
  }

  private static boolean deployed(java.util.function.BooleanSupplier check, String file, String element,
      List<Finding> findings) {
    try {
      return check.getAsBoolean();
    } catch (ClientException e) {
      findings.add(error(file, element, "engine", "The engine could not be asked whether it exists."));
      return true; // reported once as an engine problem, not twice
    }
  }

  /**
   * A path file as the path checks read it: a JSON object naming its process, with named paths. A
   * path without its Chinese name still runs (Chinese pages then show the English name): a warning.
   */
  private void checkPathFile(String file, byte[] content, List<Finding> findings) {
    JsonNode paths;
    try {
      paths = json.readTree(content);
    } catch (IOException e) {
      findings.add(error(file, null, "paths", "Not a JSON path file."));
      return;
    }
    if (paths == null || !paths.isObject() || blank(paths.path("process").asText(null))
        || !paths.path("paths").isArray() || paths.path("paths").isEmpty()) {
      findings.add(error(file, null, "paths", "A path file names its \"process\" and lists its \"paths\"."));
      return;
    }
    PathNames.check(paths).forEach(p -> findings.add(new Finding(
        "chinese-name".equals(p.rule()) ? Severity.WARNING : Severity.ERROR, file, p.element(), p.rule(), p.message())));
  }

  private Optional<String> formId(String file, byte[] content, List<Finding> findings) {
    try {
      JsonNode form = json.readTree(content);
      String id = form.path("id").asText("");
      if (id.isBlank()) {
        findings.add(error(file, null, "form", "The form has no id."));
        return Optional.empty();
      }
      if (!form.path("components").isArray()) {
        findings.add(error(file, null, "form", "The form has no components."));
      }
      if (!"Camunda Cloud".equals(form.path("executionPlatform").asText())) {
        findings.add(new Finding(Severity.WARNING, file, null, "form", "executionPlatform is not Camunda Cloud."));
      }
      return Optional.of(id);
    } catch (IOException e) {
      findings.add(error(file, null, "form", "Not a JSON Camunda Form."));
      return Optional.empty();
    }
  }

  /** Tests pin the catalog instead of reading the classpath. */
  void useJobTypes(Set<String> types) {
    this.jobTypes = Optional.of(Set.copyOf(types));
  }

  /**
   * Job types that have a worker: the workers' own catalog ({@code catalog/workers.json}), else the
   * models' job-type catalog; empty when neither is on the classpath.
   */
  Optional<Set<String>> jobTypes() {
    Optional<Set<String>> j = jobTypes;
    if (j == null) {
      j = read("catalog/workers.json", "workers")
          .or(() -> read("catalog/job-types.json", "jobTypes"));
      jobTypes = j;
    }
    return j;
  }

  private Optional<Set<String>> read(String resource, String array) {
    ClassPathResource catalog = new ClassPathResource(resource);
    if (!catalog.exists()) {
      return Optional.empty();
    }
    try (InputStream in = catalog.getInputStream()) {
      Set<String> types = new HashSet<>();
      json.readTree(in).path(array).forEach(t -> types.add(t.path("type").asText()));
      return types.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(types));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Finding error(String file, String element, String rule, String message) {
    return new Finding(Severity.ERROR, file, element, rule, message);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) : s;
    return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
  }
}
