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
import java.util.Locale;
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
import org.exportcert.bpmn.lint.LintCode;
import org.exportcert.bpmn.lint.LintProblem;
import org.exportcert.bpmn.lint.LintTexts;
import org.exportcert.bpmn.lint.VersionBinding;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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

  /**
   * One finding: where, which rule ({@code rule}, titled {@code ruleName}), and what as a stable
   * {@code code} with its {@code args}; {@code ruleName} and {@code message} are in the caller's
   * language (texts: the bpmn module's i18n/lint*.properties).
   */
  public record Finding(Severity severity, String file, String element, String rule, String ruleName, String code,
      List<String> args, String message) {}

  public record Report(boolean clean, List<String> files, List<Finding> findings) {}

  public record Upload(String name, byte[] content) {}

  private final BundledModels bundled;
  private final CaseProcesses processes;
  private final ObjectMapper json;
  private final MessageSource messages;
  private volatile Optional<Set<String>> jobTypes;

  /** Findings in English and Chinese straight from the lint catalog (tests, tools without Spring). */
  public ModelLinter(BundledModels bundled, CaseProcesses processes, ObjectMapper json) {
    this(bundled, processes, json, null);
  }

  /** Findings in the caller's language through the application's MessageSource (basename i18n/lint). */
  @Autowired
  public ModelLinter(BundledModels bundled, CaseProcesses processes, ObjectMapper json, MessageSource messages) {
    this.bundled = bundled;
    this.processes = processes;
    this.json = json;
    this.messages = messages;
  }

  public Report lint(List<Upload> uploads) {
    List<Finding> findings = new ArrayList<>();
    if (uploads.isEmpty()) {
      findings.add(error("-", null, LintCode.BUNDLE_EMPTY));
    }
    if (uploads.size() > MAX_FILES) {
      findings.add(error("-", null, LintCode.BUNDLE_TOO_MANY_FILES, MAX_FILES));
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
        findings.add(error(printable(file), null, LintCode.FILE_NAME_INVALID));
        continue;
      }
      if (!names.add(file)) {
        findings.add(error(file, null, LintCode.FILE_NAME_TWICE));
        continue;
      }
      if (u.content().length > MAX_FILE_BYTES) {
        findings.add(error(file, null, LintCode.SIZE_TOO_LARGE, MAX_FILE_BYTES));
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
            findings.add(error(file, null, LintCode.DMN_NO_DECISION));
          } else {
            checkDecisionTables(file, u.content(), findings);
          }
          decisions.addAll(ids);
        } catch (IllegalArgumentException e) {
          findings.add(error(file, null, LintCode.XML_INVALID));
        }
      } else if (isPathFile(file)) {
        checkPathFile(file, u.content(), findings);
      } else {
        formId(file, u.content(), findings).ifPresent(forms::add);
      }
    }
    Set<String> jobs = jobTypes().orElse(null);
    if (jobs == null && !bpmn.isEmpty()) {
      findings.add(finding(Severity.WARNING, "-", null, LintCode.JOB_TYPE_NO_CATALOG));
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
      findings.add(error(file, null, LintCode.XML_INVALID));
      return Optional.empty();
    }
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(content));
      Bpmn.validateModel(model);
    } catch (RuntimeException e) {
      findings.add(error(file, null, LintCode.BPMN_INVALID, shorten(e.getMessage())));
      return Optional.empty();
    }
    model.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) ->
        results.stream().filter(r -> r.getType() == ValidationResultType.ERROR).forEach(r ->
            findings.add(error(file, element instanceof BaseElement b ? b.getId() : null, LintCode.ZEEBE_INVALID,
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
        findings.add(error(file, p.getId(), LintCode.EXECUTABLE_NOT));
      }
      if (blank(p.getName())) {
        findings.add(error(file, p.getId(), LintCode.NAME_PROCESS_MISSING));
      }
    }
    VersionBinding.check(m).forEach(p -> findings.add(of(Severity.ERROR, file, p)));
    // a model without Chinese names still runs; Chinese pages then show its English names
    ChineseNames.check(m).forEach(p -> findings.add(of(Severity.WARNING, file, p)));
    CompletionStampCheck.check(m).forEach(p -> findings.add(of(Severity.ERROR, file, p)));
    for (FlowNode n : m.getModelElementsByType(FlowNode.class)) {
      if (blank(n.getName())) {
        findings.add(error(file, n.getId(), LintCode.NAME_ELEMENT_MISSING));
      }
    }
    for (ServiceTask t : m.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition d = t.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (d == null || blank(d.getType())) {
        findings.add(error(file, t.getId(), LintCode.JOB_TYPE_MISSING));
      } else if (jobs != null && !jobs.contains(d.getType())) {
        findings.add(error(file, t.getId(), LintCode.JOB_TYPE_UNKNOWN, d.getType()));
      }
    }
    for (UserTask t : m.getModelElementsByType(UserTask.class)) {
      if (t.getSingleExtensionElement(ZeebeUserTask.class) == null) {
        findings.add(error(file, t.getId(), LintCode.USER_TASK_NOT_CAMUNDA));
      }
      ZeebeFormDefinition form = t.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (form == null || blank(form.getFormId())) {
        findings.add(error(file, t.getId(), LintCode.FORM_MISSING));
      } else if (form.getBindingType() == ZeebeBindingType.deployment
          && !refs.forms().contains(form.getFormId())) {
        findings.add(error(file, t.getId(), LintCode.BINDING_FORM_NOT_IN_BUNDLE, form.getFormId()));
      } else if (!refs.forms().contains(form.getFormId()) && !bundled.formIds().contains(form.getFormId())) {
        findings.add(error(file, t.getId(), LintCode.FORM_UNKNOWN, form.getFormId()));
      }
      ZeebeAssignmentDefinition a = t.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
      if (a == null || blank(a.getCandidateGroups())) {
        findings.add(error(file, t.getId(), LintCode.CANDIDATE_GROUPS_MISSING));
      } else {
        for (String g : a.getCandidateGroups().split(",")) {
          if (!groups.contains(g.trim())) {
            findings.add(error(file, t.getId(), LintCode.CANDIDATE_GROUPS_UNKNOWN, g.trim(),
                new java.util.TreeSet<>(groups)));
          }
        }
      }
    }
    for (BusinessRuleTask t : m.getModelElementsByType(BusinessRuleTask.class)) {
      ZeebeCalledDecision d = t.getSingleExtensionElement(ZeebeCalledDecision.class);
      if (d == null || blank(d.getDecisionId())) {
        findings.add(error(file, t.getId(), LintCode.DECISION_MISSING));
      } else if (d.getBindingType() == ZeebeBindingType.deployment
          && !refs.decisions().contains(d.getDecisionId())) {
        findings.add(error(file, t.getId(), LintCode.BINDING_DECISION_NOT_IN_BUNDLE, d.getDecisionId()));
      } else if (!refs.decisions().contains(d.getDecisionId())
          && !bundled.decisionIds().contains(d.getDecisionId())
          && !deployed(() -> processes.decisionDeployed(d.getDecisionId()), file, t.getId(), findings)) {
        findings.add(error(file, t.getId(), LintCode.DECISION_UNKNOWN, d.getDecisionId()));
      }
    }
    for (CallActivity c : m.getModelElementsByType(CallActivity.class)) {
      ZeebeCalledElement e = c.getSingleExtensionElement(ZeebeCalledElement.class);
      if (e == null || blank(e.getProcessId())) {
        findings.add(error(file, c.getId(), LintCode.CALL_MISSING));
      } else if (e.getBindingType() == ZeebeBindingType.deployment && !e.getProcessId().startsWith("=")
          && !refs.processes().contains(e.getProcessId())) {
        findings.add(error(file, c.getId(), LintCode.BINDING_PROCESS_NOT_IN_BUNDLE, e.getProcessId()));
      } else if (!e.getProcessId().startsWith("=")
          && !refs.processes().contains(e.getProcessId())
          && !bundled.processIds().contains(e.getProcessId())
          && !deployed(() -> processes.processDeployed(e.getProcessId()), file, c.getId(), findings)) {
        findings.add(error(file, c.getId(), LintCode.CALL_UNKNOWN, e.getProcessId()));
      }
    }
  }

  /**
   * The decision-table rules the build runs too (FEEL of every cell, durations of the deadline
   * table), and a replaced shipped table must keep the output columns the models read.
   */
  private void checkDecisionTables(String file, byte[] dmn, List<Finding> findings) {
    DecisionTableLint.check(dmn).forEach(p -> findings.add(of(Severity.ERROR, file, p)));
    DecisionTableLint.outputNames(dmn).forEach((decisionId, outputs) -> {
      List<String> missing = bundled.decisionOutputs(decisionId).stream()
          .filter(o -> !outputs.contains(o)).toList();
      if (!missing.isEmpty()) {
        findings.add(error(file, decisionId, LintCode.OUTPUTS_MISSING, missing, decisionId));
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
        findings.add(error("-", id, LintCode.TAKES_EFFECT_NOT_BOUND, id, missing));
      }
    }
  }

  private boolean deployed(java.util.function.BooleanSupplier check, String file, String element,
      List<Finding> findings) {
    try {
      return check.getAsBoolean();
    } catch (ClientException e) {
      findings.add(error(file, element, LintCode.ENGINE_UNREACHABLE));
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
      findings.add(error(file, null, LintCode.PATHS_NOT_JSON));
      return;
    }
    if (paths == null || !paths.isObject() || blank(paths.path("process").asText(null))
        || !paths.path("paths").isArray() || paths.path("paths").isEmpty()) {
      findings.add(error(file, null, LintCode.PATHS_SHAPE));
      return;
    }
    PathNames.check(paths).forEach(p -> findings.add(of(
        "chinese-name".equals(p.rule()) ? Severity.WARNING : Severity.ERROR, file, p)));
  }

  private Optional<String> formId(String file, byte[] content, List<Finding> findings) {
    try {
      JsonNode form = json.readTree(content);
      String id = form.path("id").asText("");
      if (id.isBlank()) {
        findings.add(error(file, null, LintCode.FORM_NO_ID));
        return Optional.empty();
      }
      if (!form.path("components").isArray()) {
        findings.add(error(file, null, LintCode.FORM_NO_COMPONENTS));
      }
      if (!"Camunda Cloud".equals(form.path("executionPlatform").asText())) {
        findings.add(finding(Severity.WARNING, file, null, LintCode.FORM_PLATFORM));
      }
      return Optional.of(id);
    } catch (IOException e) {
      findings.add(error(file, null, LintCode.FORM_NOT_JSON));
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

  private Finding error(String file, String element, LintCode code, Object... args) {
    return finding(Severity.ERROR, file, element, code, args);
  }

  private Finding finding(Severity severity, String file, String element, LintCode code, Object... args) {
    return of(severity, file, LintProblem.of(element, code, args));
  }

  /** A rule's problem as a finding of this file, its texts in the caller's language. */
  private Finding of(Severity severity, String file, LintProblem p) {
    Locale locale = LocaleContextHolder.getLocale();
    String rule = p.rule();
    return new Finding(severity, file, p.element(), rule, text(LintCode.ruleKey(rule), List.of(), locale),
        p.code().key(), p.args(), text(p.code().key(), p.args(), locale));
  }

  private String text(String key, List<String> args, Locale locale) {
    String english = LintTexts.text(key, args, Locale.ENGLISH);
    return messages == null ? LintTexts.text(key, args, locale)
        : messages.getMessage(key, args.toArray(), english, locale);
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
