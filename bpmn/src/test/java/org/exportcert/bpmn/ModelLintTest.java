package org.exportcert.bpmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.exportcert.bpmn.ModelFiles.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Escalation;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Gateway;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.LinkEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.Signal;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.Task;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebePriorityDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.exportcert.bpmn.lint.CompletionStampCheck;
import org.exportcert.bpmn.lint.VersionBinding;
import org.junit.jupiter.api.Test;

/**
 * The lint a program manager's change must pass before deployment. Each test is one rule of
 * docs/process-guide.md and lists every offending file and element id, not just the first.
 */
class ModelLintTest {

  static final Set<String> CANDIDATE_GROUPS =
      Set.of("cb-reviewers", "evaluators", "test-lab", "reviewers", "decision-committee",
          "registry-admins", "operators", "appeals");
  static final Pattern JOB_TYPE = Pattern.compile("^exportcert\\.[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$");
  static final String TEMPLATE_SCHEMA =
      "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json";

  private static void report(String rule, List<String> problems) {
    assertThat(problems)
        .withFailMessage(() -> rule + " - " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems))
        .isEmpty();
  }

  private static <T extends ModelElementInstance> Collection<T> all(BpmnModelInstance m, Class<T> type) {
    return m.getModelElementsByType(type);
  }

  private static String where(String file, BaseElement e) {
    return file + "#" + e.getId();
  }

  // ---------------------------------------------------------------- structure

  @Test
  void everyBpmnFileParsesAndPassesZeebeValidation() {
    List<String> problems = new ArrayList<>();
    assertThat(bpmnModels()).as("BPMN files in %s", MODELS).isNotEmpty();
    bpmnModels().forEach((file, m) -> {
      try {
        Bpmn.validateModel(m);
      } catch (RuntimeException e) {
        problems.add(file + ": schema: " + e.getMessage());
      }
      m.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) -> {
        for (ValidationResult r : results) {
          if (r.getType() == ValidationResultType.ERROR) {
            String id = element instanceof BaseElement b ? b.getId() : element.getElementType().getTypeName();
            problems.add(file + "#" + id + ": " + r.getMessage());
          }
        }
      });
    });
    report("Zeebe validation", problems);
  }

  @Test
  void fileNameIsTheProcessIdAndProcessIdsAreUnique() {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    bpmnModels().forEach((file, m) -> {
      Collection<Process> processes = all(m, Process.class);
      String expected = baseName(Path.of(file), ".bpmn");
      if (processes.size() != 1) {
        problems.add(file + ": expected one process, found " + processes.size());
      }
      for (Process p : processes) {
        if (!p.getId().equals(expected)) {
          problems.add(file + ": process id '" + p.getId() + "' must equal the file name '" + expected + "'");
        }
        if (!p.isExecutable()) {
          problems.add(file + "#" + p.getId() + ": process must be executable");
        }
        if (p.getName() == null || p.getName().isBlank()) {
          problems.add(file + "#" + p.getId() + ": process has no name");
        }
        if (!seen.add(p.getId())) {
          problems.add(file + ": process id '" + p.getId() + "' is used by another file");
        }
      }
    });
    report("File name = process id", problems);
  }

  /** Prefix per element kind; see "Naming" in docs/process-guide.md. */
  static String expectedPrefix(ModelElementInstance e) {
    if (e instanceof StartEvent) return "StartEvent";
    if (e instanceof EndEvent) return "EndEvent";
    if (e instanceof BoundaryEvent) return "Boundary";
    if (e instanceof IntermediateCatchEvent || e instanceof IntermediateThrowEvent) return "Event";
    if (e instanceof Gateway) return "Gateway";
    if (e instanceof SubProcess) return "SubProcess";
    if (e instanceof CallActivity) return "CallActivity";
    if (e instanceof Task) return "Task";
    if (e instanceof SequenceFlow) return "Flow";
    if (e instanceof Message) return "Message";
    if (e instanceof io.camunda.zeebe.model.bpmn.instance.Error) return "Error";
    if (e instanceof Signal) return "Signal";
    if (e instanceof Escalation) return "Escalation";
    return null;
  }

  @Test
  void idsFollowTheNamingConvention() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (BaseElement e : all(m, BaseElement.class)) {
        String prefix = expectedPrefix(e);
        if (prefix != null && (e.getId() == null || !e.getId().matches("^" + prefix + "_[A-Za-z0-9]+$"))) {
          problems.add(file + "#" + e.getId() + ": id of a " + e.getElementType().getTypeName()
              + " must match " + prefix + "_<Words>");
        }
      }
    });
    report("Id convention", problems);
  }

  @Test
  void everyFlowNodeAndEveryConditionalFlowHasAPlainName() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (FlowNode n : all(m, FlowNode.class)) {
        if (n.getName() == null || n.getName().isBlank()) {
          problems.add(where(file, n) + ": has no name");
        }
      }
      for (SequenceFlow f : all(m, SequenceFlow.class)) {
        if (f.getConditionExpression() != null && (f.getName() == null || f.getName().isBlank())) {
          problems.add(where(file, f) + ": conditional flow has no name (say the answer, e.g. 'Accepted')");
        }
      }
    });
    report("Names", problems);
  }

  @Test
  void joinsAndSplitsAreExplicitGateways() {
    // Same as bpmnlint's fake-join / implicit split, which Modeler shows: merges read better as gateways.
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (FlowNode n : all(m, FlowNode.class)) {
        if (n instanceof Gateway) continue;
        if (n.getIncoming().size() > 1) problems.add(where(file, n) + ": " + n.getIncoming().size() + " incoming flows; merge them in a gateway");
        if (n.getOutgoing().size() > 1) problems.add(where(file, n) + ": " + n.getOutgoing().size() + " outgoing flows; split them with a gateway");
      }
      for (SequenceFlow f : all(m, SequenceFlow.class)) {
        boolean isDefault = f.getSource() instanceof ExclusiveGateway g && g.getDefault() == f;
        if (f.getConditionExpression() == null && !isDefault && f.getName() != null && !f.getName().isBlank()) {
          problems.add(where(file, f) + ": unconditional flow has a label ('" + f.getName() + "'); name the element instead");
        }
      }
    });
    report("Explicit gateways", problems);
  }

  @Test
  void everyElementHasDiagramLayout() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      Set<String> shapes = new HashSet<>();
      all(m, BpmnShape.class).forEach(s -> shapes.add(s.getBpmnElement() == null ? "" : s.getBpmnElement().getId()));
      Set<String> edges = new HashSet<>();
      all(m, BpmnEdge.class).forEach(e -> edges.add(e.getBpmnElement() == null ? "" : e.getBpmnElement().getId()));
      for (FlowNode n : all(m, FlowNode.class)) {
        if (!shapes.contains(n.getId())) problems.add(where(file, n) + ": no BPMNShape");
      }
      for (SequenceFlow f : all(m, SequenceFlow.class)) {
        if (!edges.contains(f.getId())) problems.add(where(file, f) + ": no BPMNEdge");
      }
    });
    report("Diagram interchange", problems);
  }

  // ---------------------------------------------------------------- automated steps

  static Map<String, JsonNode> jobCatalog() {
    Map<String, JsonNode> byType = new TreeMap<>();
    json(CATALOG.resolve("job-types.json")).path("jobTypes").forEach(j -> byType.put(j.path("type").asText(), j));
    return byType;
  }

  /**
   * Job types the workers module implements, from the JSON file named by -Dexportcert.workerCatalog
   * (any "type" fields in it), or null when not given: then "pending" in job-types.json suffices.
   */
  static Set<String> workerCatalog() {
    String path = System.getProperty("exportcert.workerCatalog");
    if (path == null || path.isBlank()) return null;
    Set<String> types = new TreeSet<>();
    json(Path.of(path)).findValues("type").forEach(v -> { if (v.isTextual()) types.add(v.asText()); });
    return types;
  }

  static Map<String, JsonNode> templatesById() {
    Map<String, JsonNode> r = new TreeMap<>();
    for (Path p : files(TEMPLATES, ".json")) {
      JsonNode t = json(p);
      r.put(t.path("id").asText(), t);
    }
    return r;
  }

  @Test
  void everyServiceTaskUsesACatalogedJobTypeWithATemplateAndMapsItsRequiredInputs() {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> catalog = jobCatalog();
    Map<String, JsonNode> templates = templatesById();
    Set<String> workers = workerCatalog();
    bpmnModels().forEach((file, m) -> {
      for (ServiceTask t : all(m, ServiceTask.class)) {
        ZeebeTaskDefinition def = t.getSingleExtensionElement(ZeebeTaskDefinition.class);
        if (def == null || def.getType() == null) {
          problems.add(where(file, t) + ": service task without zeebe:taskDefinition type");
          continue;
        }
        String type = def.getType();
        if (!JOB_TYPE.matcher(type).matches()) {
          problems.add(where(file, t) + ": job type '" + type + "' must look like exportcert.<phase>.<action>");
        }
        JsonNode entry = catalog.get(type);
        if (entry == null) {
          problems.add(where(file, t) + ": job type '" + type + "' is not in catalog/job-types.json");
        } else if (!Set.of("pending", "implemented").contains(entry.path("worker").asText())) {
          problems.add(where(file, t) + ": job type '" + type + "' has no worker and is not listed as pending");
        } else if (workers != null && !workers.contains(type) && !"pending".equals(entry.path("worker").asText())) {
          problems.add(where(file, t) + ": job type '" + type + "' is marked implemented but the worker catalog does not list it");
        }
        JsonNode template = templates.get(type);
        if (template == null) {
          problems.add(where(file, t) + ": no element template with id '" + type + "' in element-templates/");
          continue;
        }
        Set<String> mapped = new HashSet<>();
        ZeebeIoMapping io = t.getSingleExtensionElement(ZeebeIoMapping.class);
        if (io != null) io.getInputs().forEach(i -> mapped.add(i.getTarget()));
        for (JsonNode prop : template.path("properties")) {
          JsonNode b = prop.path("binding");
          if ("zeebe:input".equals(b.path("type").asText()) && !prop.path("optional").asBoolean(false)
              && !mapped.contains(b.path("name").asText())) {
            problems.add(where(file, t) + ": required input '" + b.path("name").asText() + "' of " + type + " is not mapped");
          }
        }
      }
    });
    report("Job types", problems);
  }

  @Test
  void elementTemplatesMatchTheJobCatalog() {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> catalog = jobCatalog();
    Set<String> templateIds = new TreeSet<>();
    for (Path p : files(TEMPLATES, ".json")) {
      String file = label(p);
      JsonNode t = json(p);
      String id = t.path("id").asText();
      templateIds.add(id);
      if (!id.equals(baseName(p, ".json"))) problems.add(file + ": template id '" + id + "' must equal the file name");
      if (!TEMPLATE_SCHEMA.equals(t.path("$schema").asText())) problems.add(file + ": $schema must be " + TEMPLATE_SCHEMA);
      if (t.path("name").asText().isBlank()) problems.add(file + ": template has no name");
      if (!ModelFiles.values(t.path("appliesTo")).contains("bpmn:ServiceTask")) {
        problems.add(file + ": appliesTo must include bpmn:ServiceTask");
      }
      List<String> types = new ArrayList<>();
      Set<String> inputs = new TreeSet<>();
      Set<String> outputs = new TreeSet<>();
      for (JsonNode prop : t.path("properties")) {
        JsonNode b = prop.path("binding");
        switch (b.path("type").asText()) {
          case "zeebe:taskDefinition" -> {
            if ("type".equals(b.path("property").asText())) {
              types.add(prop.path("value").asText());
              if (!"Hidden".equals(prop.path("type").asText())) problems.add(file + ": the job type binding must be Hidden");
            }
          }
          case "zeebe:input" -> inputs.add(b.path("name").asText());
          case "zeebe:output" -> outputs.add(prop.path("value").asText());
          default -> { }
        }
      }
      if (!types.equals(List.of(id))) problems.add(file + ": must bind zeebe:taskDefinition type to '" + id + "' exactly once");
      JsonNode entry = catalog.get(id);
      if (entry == null) {
        problems.add(file + ": job type '" + id + "' is missing from catalog/job-types.json");
        continue;
      }
      Set<String> catIn = new TreeSet<>(ModelFiles.texts(entry.path("inputs"), "name"));
      Set<String> catOut = new TreeSet<>(ModelFiles.texts(entry.path("outputs"), "name"));
      if (!catIn.equals(inputs)) problems.add(file + ": inputs " + inputs + " differ from the catalog " + catIn);
      if (!catOut.equals(outputs)) problems.add(file + ": outputs " + outputs + " differ from the catalog " + catOut);
      for (JsonNode p2 : entry.path("inputs")) {
        if (p2.path("type").asText().isBlank()) problems.add("catalog/job-types.json#" + id + ": input " + p2.path("name").asText() + " has no type");
      }
    }
    for (String type : catalog.keySet()) {
      if (!templateIds.contains(type)) problems.add("catalog/job-types.json#" + type + ": no element template");
    }
    report("Element templates", problems);
  }

  // ---------------------------------------------------------------- human steps

  static Map<String, JsonNode> formsById() {
    Map<String, JsonNode> r = new TreeMap<>();
    for (Path p : files(FORMS, ".form")) r.put(json(p).path("id").asText(), json(p));
    return r;
  }

  @Test
  void everyUserTaskIsACamundaUserTaskWithFormGroupsDueDateAndPriority() {
    List<String> problems = new ArrayList<>();
    Set<String> forms = formsById().keySet();
    bpmnModels().forEach((file, m) -> {
      for (UserTask t : all(m, UserTask.class)) {
        String w = where(file, t);
        if (t.getSingleExtensionElement(ZeebeUserTask.class) == null) problems.add(w + ": must be a Camunda user task (zeebe:userTask)");
        ZeebeFormDefinition form = t.getSingleExtensionElement(ZeebeFormDefinition.class);
        if (form == null || form.getFormId() == null || form.getFormId().isBlank()) {
          problems.add(w + ": no zeebe:formDefinition formId");
        } else if (!forms.contains(form.getFormId())) {
          problems.add(w + ": form '" + form.getFormId() + "' does not exist in forms/");
        }
        ZeebeAssignmentDefinition a = t.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
        if (a == null || a.getCandidateGroups() == null || a.getCandidateGroups().isBlank()) {
          problems.add(w + ": no candidateGroups");
        } else {
          for (String g : a.getCandidateGroups().split(",")) {
            if (!CANDIDATE_GROUPS.contains(g.trim())) problems.add(w + ": candidate group '" + g.trim() + "' is not one of " + new TreeSet<>(CANDIDATE_GROUPS));
          }
        }
        ZeebeTaskSchedule s = t.getSingleExtensionElement(ZeebeTaskSchedule.class);
        if (s == null || s.getDueDate() == null || s.getDueDate().isBlank()) {
          problems.add(w + ": no due date");
        } else if (!s.getDueDate().startsWith("=") || !s.getDueDate().contains("dueDates.")) {
          problems.add(w + ": due date must be computed from configuration (dueDates.<step>), not fixed");
        }
        ZeebePriorityDefinition p = t.getSingleExtensionElement(ZeebePriorityDefinition.class);
        if (p == null || p.getPriority() == null || p.getPriority().isBlank()) problems.add(w + ": no priority");
      }
    });
    report("User tasks", problems);
  }

  @Test
  void formsAreCamundaFormsAndEveryFormIsUsed() {
    List<String> problems = new ArrayList<>();
    Set<String> used = new HashSet<>();
    bpmnModels().values().forEach(m -> all(m, UserTask.class).forEach(t -> {
      ZeebeFormDefinition f = t.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (f != null) used.add(f.getFormId());
    }));
    for (Path p : files(FORMS, ".form")) {
      String file = label(p);
      JsonNode f = json(p);
      String id = f.path("id").asText();
      if (!id.equals(baseName(p, ".form"))) problems.add(file + ": form id '" + id + "' must equal the file name");
      if (!"Camunda Cloud".equals(f.path("executionPlatform").asText())) problems.add(file + ": executionPlatform must be Camunda Cloud");
      if (!f.path("schemaVersion").isInt()) problems.add(file + ": schemaVersion missing");
      if (!f.path("components").isArray() || f.path("components").isEmpty()) problems.add(file + ": no components");
      Set<String> ids = new HashSet<>();
      Set<String> keys = new HashSet<>();
      for (JsonNode c : f.path("components")) {
        if (c.path("id").asText().isBlank() || !ids.add(c.path("id").asText())) problems.add(file + ": component without unique id: " + c);
        if (c.has("key") && !keys.add(c.path("key").asText())) problems.add(file + ": duplicate key " + c.path("key").asText());
      }
      if (!used.contains(id)) problems.add(file + ": no user task uses this form");
    }
    report("Forms", problems);
  }

  // ---------------------------------------------------------------- references between files

  @Test
  void everyCalledDecisionAndProcessExists() {
    List<String> problems = new ArrayList<>();
    Set<String> decisions = DmnLintTest.decisionIds().keySet();
    Set<String> processes = new HashSet<>();
    bpmnModels().values().forEach(m -> all(m, Process.class).forEach(p -> processes.add(p.getId())));
    bpmnModels().forEach((file, m) -> {
      for (BusinessRuleTask t : all(m, BusinessRuleTask.class)) {
        ZeebeCalledDecision d = t.getSingleExtensionElement(ZeebeCalledDecision.class);
        if (d == null) {
          problems.add(where(file, t) + ": business rule task must call a decision (zeebe:calledDecision)");
        } else {
          if (!decisions.contains(d.getDecisionId())) problems.add(where(file, t) + ": decision '" + d.getDecisionId() + "' not found in any .dmn");
          if (d.getResultVariable() == null || d.getResultVariable().isBlank()) problems.add(where(file, t) + ": no resultVariable");
        }
      }
      for (CallActivity c : all(m, CallActivity.class)) {
        ZeebeCalledElement e = c.getSingleExtensionElement(ZeebeCalledElement.class);
        if (e == null || !processes.contains(e.getProcessId())) {
          problems.add(where(file, c) + ": called process '" + (e == null ? null : e.getProcessId()) + "' is not one of the models");
        }
      }
    });
    report("Called decisions and processes", problems);
  }

  @Test
  void everyMessageIsInTheCatalogWithTheSameCorrelationKey() {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> catalog = new TreeMap<>();
    json(CATALOG.resolve("messages.json")).path("messages").forEach(n -> catalog.put(n.path("name").asText(), n));
    Map<String, Set<String>> usedIn = new HashMap<>();
    bpmnModels().forEach((file, m) -> {
      String pid = all(m, Process.class).iterator().next().getId();
      for (Message msg : all(m, Message.class)) {
        JsonNode entry = catalog.get(msg.getName());
        if (entry == null) {
          problems.add(where(file, msg) + ": message '" + msg.getName() + "' is not in catalog/messages.json");
          continue;
        }
        usedIn.computeIfAbsent(msg.getName(), k -> new TreeSet<>()).add(pid);
        if (!msg.getId().equals("Message_" + msg.getName())) problems.add(where(file, msg) + ": id must be Message_" + msg.getName());
        ZeebeSubscription sub = msg.getSingleExtensionElement(ZeebeSubscription.class);
        String expected = "=" + entry.path("correlationKeyVariable").asText();
        if (sub == null || !expected.equals(sub.getCorrelationKey())) {
          problems.add(where(file, msg) + ": correlation key must be " + expected + " as in the catalog");
        }
        if (entry.path("publishedBy").asText().isBlank()) problems.add("catalog/messages.json#" + msg.getName() + ": publisher missing");
      }
    });
    catalog.forEach((name, entry) -> {
      Set<String> listed = new TreeSet<>(ModelFiles.values(entry.path("caughtIn")));
      Set<String> actual = usedIn.getOrDefault(name, Set.of());
      if (!listed.equals(actual)) problems.add("catalog/messages.json#" + name + ": caughtIn " + listed + " but the models catch it in " + actual);
    });
    report("Messages", problems);
  }

  @Test
  void everyBusinessErrorIsCatalogedAndCaughtWhereItCanBeThrown() {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> errors = new TreeMap<>();
    json(CATALOG.resolve("bpmn-errors.json")).path("errors").forEach(n -> errors.put(n.path("code").asText(), n));
    Map<String, JsonNode> jobs = jobCatalog();
    Map<String, Set<String>> caughtIn = new HashMap<>();
    bpmnModels().forEach((file, m) -> {
      String pid = all(m, Process.class).iterator().next().getId();
      for (io.camunda.zeebe.model.bpmn.instance.Error e : all(m, io.camunda.zeebe.model.bpmn.instance.Error.class)) {
        JsonNode entry = errors.get(e.getErrorCode());
        if (entry == null) problems.add(where(file, e) + ": error code '" + e.getErrorCode() + "' is not in catalog/bpmn-errors.json");
        else if (!entry.path("errorId").asText().equals(e.getId())) problems.add(where(file, e) + ": id must be " + entry.path("errorId").asText());
      }
      Map<String, Set<String>> boundaryCodes = new HashMap<>();
      for (BoundaryEvent b : all(m, BoundaryEvent.class)) {
        for (ErrorEventDefinition d : b.getChildElementsByType(ErrorEventDefinition.class)) {
          String code = d.getError() == null ? null : d.getError().getErrorCode();
          if (code == null) {
            problems.add(where(file, b) + ": catch-all error boundary hides technical failures; name the error code");
            continue;
          }
          caughtIn.computeIfAbsent(code, k -> new TreeSet<>()).add(pid);
          Activity host = b.getAttachedTo();
          boundaryCodes.computeIfAbsent(host.getId(), k -> new HashSet<>()).add(code);
          ZeebeTaskDefinition def = host.getSingleExtensionElement(ZeebeTaskDefinition.class);
          if (def != null && jobs.containsKey(def.getType())
              && !ModelFiles.values(jobs.get(def.getType()).path("errors")).contains(code)) {
            problems.add(where(file, b) + ": job type " + def.getType() + " never throws " + code + ", so this path is dead");
          }
        }
      }
      // A worker's business outcome that is not caught would become an incident: forbid it.
      for (ServiceTask t : all(m, ServiceTask.class)) {
        ZeebeTaskDefinition def = t.getSingleExtensionElement(ZeebeTaskDefinition.class);
        if (def == null || !jobs.containsKey(def.getType())) continue;
        for (JsonNode code : jobs.get(def.getType()).path("errors")) {
          if (!boundaryCodes.getOrDefault(t.getId(), Set.of()).contains(code.asText())) {
            problems.add(where(file, t) + ": " + def.getType() + " may throw " + code.asText() + " but no boundary event catches it");
          }
        }
      }
    });
    errors.forEach((code, entry) -> {
      Set<String> listed = new TreeSet<>(ModelFiles.values(entry.path("caughtIn")));
      Set<String> actual = caughtIn.getOrDefault(code, Set.of());
      if (!listed.equals(actual)) problems.add("catalog/bpmn-errors.json#" + code + ": caughtIn " + listed + " but the models catch it in " + actual);
      Set<String> thrownBy = new LinkedHashSet<>();
      entry.path("thrownBy").forEach(n -> thrownBy.add(n.asText()));
      jobs.forEach((type, j) -> {
        if (ModelFiles.values(j.path("errors")).contains(code) && !thrownBy.contains(type)) {
          problems.add("catalog/bpmn-errors.json#" + code + ": thrownBy misses " + type);
        }
      });
    });
    report("BPMN errors", problems);
  }

  @Test
  void errorBoundariesOnlyMapVariablesTheErrorCarries() {
    Map<String, Set<String>> carried = new HashMap<>();
    json(CATALOG.resolve("bpmn-errors.json")).path("errors").forEach(n ->
        carried.put(n.path("code").asText(), new TreeSet<>(ModelFiles.values(n.path("errorVariables")))));
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (BoundaryEvent b : all(m, BoundaryEvent.class)) {
        ZeebeIoMapping io = b.getSingleExtensionElement(ZeebeIoMapping.class);
        if (io == null) continue;
        for (ErrorEventDefinition d : b.getChildElementsByType(ErrorEventDefinition.class)) {
          if (d.getError() == null) continue;
          Set<String> vars = carried.getOrDefault(d.getError().getErrorCode(), Set.of());
          io.getOutputs().forEach(o -> {
            String src = o.getSource();
            if (src != null && src.matches("^=[A-Za-z]\\w*$") && !vars.contains(src.substring(1))) {
              problems.add(where(file, b) + ": maps " + src.substring(1) + " but " + d.getError().getErrorCode()
                  + " carries only " + vars + " (catalog/bpmn-errors.json errorVariables)");
            }
          });
        }
      }
    });
    report("Error variables", problems);
  }

  @Test
  void deadlinesAreDataNotFixedValues() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (TimerEventDefinition d : all(m, TimerEventDefinition.class)) {
        String expr = d.getTimeDuration() != null ? d.getTimeDuration().getTextContent()
            : d.getTimeDate() != null ? d.getTimeDate().getTextContent()
            : d.getTimeCycle() != null ? d.getTimeCycle().getTextContent() : null;
        BaseElement owner = (BaseElement) d.getParentElement();
        if (expr == null || !expr.trim().startsWith("=")) {
          problems.add(where(file, owner) + ": timer '" + expr + "' must be an expression over variables (e.g. =dueDates.resubmission)");
        }
      }
    });
    report("Deadlines as data", problems);
  }

  @Test
  void divergingExclusiveGatewaysHaveAConditionOrDefaultOnEveryPath() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (ExclusiveGateway g : all(m, ExclusiveGateway.class)) {
        if (g.getOutgoing().size() < 2) continue;
        for (SequenceFlow f : g.getOutgoing()) {
          if (f.getConditionExpression() == null && g.getDefault() != f) {
            problems.add(where(file, f) + ": leaves " + g.getId() + " without condition and is not the default");
          }
        }
      }
    });
    report("Gateways", problems);
  }

  @Test
  void everyLinkGoesToExactlyOneTargetInTheSameScope() {
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      Map<ModelElementInstance, Map<String, Integer>> catches = new HashMap<>();
      for (IntermediateCatchEvent c : all(m, IntermediateCatchEvent.class)) {
        for (LinkEventDefinition l : c.getChildElementsByType(LinkEventDefinition.class)) {
          catches.computeIfAbsent(c.getParentElement(), k -> new HashMap<>()).merge(l.getName(), 1, Integer::sum);
        }
      }
      catches.forEach((scope, names) -> names.forEach((name, count) -> {
        if (count > 1) problems.add(file + ": link '" + name + "' is caught " + count + " times in one scope");
      }));
      for (IntermediateThrowEvent t : all(m, IntermediateThrowEvent.class)) {
        for (LinkEventDefinition l : t.getChildElementsByType(LinkEventDefinition.class)) {
          if (!catches.getOrDefault(t.getParentElement(), Map.of()).containsKey(l.getName())) {
            problems.add(where(file, t) + ": no link catch event named '" + l.getName() + "' in the same scope");
          }
        }
      }
    });
    report("Link events", problems);
  }

  @Test
  void newCasesUseChangedTablesAndRunningCasesKeepTheirPhasesAndForms() {
    // the same rule the API's lint runs on uploads (org.exportcert.bpmn.lint.VersionBinding)
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> VersionBinding.check(m).forEach(p -> problems.add(file + "#" + p)));
    report("Version binding", problems);
  }

  @Test
  void everyOutcomeACaseRoleGivesIsCheckedToComeFromExportCert() {
    // the same rule the API's lint runs on uploads (org.exportcert.bpmn.lint.CompletionStampCheck)
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> CompletionStampCheck.check(m).forEach(p -> problems.add(file + "#" + p)));
    report("Completion check", problems);
    assertThat(CANDIDATE_GROUPS).containsAll(CompletionStampCheck.CASE_ROLE_GROUPS);
  }

  /** Values a variable can take: from form radios/selects and from DMN output values. */
  static Map<String, Set<String>> knownValues() {
    Map<String, Set<String>> values = new HashMap<>();
    formsById().values().forEach(f -> f.path("components").forEach(c -> {
      if (c.has("key") && c.has("values")) {
        Set<String> v = values.computeIfAbsent(c.path("key").asText(), k -> new TreeSet<>());
        c.path("values").forEach(o -> v.add(o.path("value").asText()));
      }
    }));
    bpmnModels().values().forEach(m -> all(m, BusinessRuleTask.class).forEach(t -> {
      ZeebeCalledDecision d = t.getSingleExtensionElement(ZeebeCalledDecision.class);
      if (d == null || !DmnLintTest.decisionIds().containsKey(d.getDecisionId())) return;
      for (DecisionTables.Output o : DecisionTables.table(d.getDecisionId()).outputs()) {
        if (!o.allowedValues().isEmpty()) values.put(d.getResultVariable() + "." + o.name(), new TreeSet<>(o.allowedValues()));
      }
    }));
    return values;
  }

  @Test
  void gatewayConditionsOnlyCompareWithValuesTheFormOrTableCanProduce() {
    Map<String, Set<String>> known = knownValues();
    Pattern compare = Pattern.compile("([A-Za-z][\\w.]*)\\s*!?=\\s*\"([^\"]*)\"");
    Pattern contains = Pattern.compile("list contains\\(\\[([^\\]]*)\\],\\s*([A-Za-z][\\w.]*)\\)");
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (SequenceFlow f : all(m, SequenceFlow.class)) {
        if (f.getConditionExpression() == null) continue;
        String c = f.getConditionExpression().getTextContent();
        List<String[]> pairs = new ArrayList<>();
        var m1 = compare.matcher(c);
        while (m1.find()) pairs.add(new String[] {m1.group(1), m1.group(2)});
        var m2 = contains.matcher(c);
        while (m2.find()) {
          for (String v : m2.group(1).split(",")) pairs.add(new String[] {m2.group(2), v.trim().replace("\"", "")});
        }
        for (String[] p : pairs) {
          Set<String> allowed = known.get(p[0]);
          if (allowed != null && !allowed.contains(p[1])) {
            problems.add(where(file, f) + ": " + p[0] + " is never \"" + p[1] + "\" (possible values " + allowed + ")");
          }
        }
      }
    });
    report("Condition values", problems);
  }

  @Test
  void tasksLinkedToATemplateMatchIt() {
    Map<String, JsonNode> templates = templatesById();
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (ServiceTask t : all(m, ServiceTask.class)) {
        String id = t.getAttributeValueNs("http://camunda.org/schema/zeebe/1.0", "modelerTemplate");
        if (id == null) continue;
        ZeebeTaskDefinition def = t.getSingleExtensionElement(ZeebeTaskDefinition.class);
        JsonNode template = templates.get(id);
        String version = t.getAttributeValueNs("http://camunda.org/schema/zeebe/1.0", "modelerTemplateVersion");
        if (template == null) {
          problems.add(where(file, t) + ": linked to unknown template " + id);
        } else if (def == null || !id.equals(def.getType())) {
          problems.add(where(file, t) + ": template " + id + " but job type " + (def == null ? null : def.getType()));
        } else if (!template.path("version").asText().equals(version)) {
          problems.add(where(file, t) + ": template version " + version + " but the template is version " + template.path("version").asText());
        }
      }
    });
    report("Template links", problems);
  }

  @Test
  void callActivitiesReturnOnlyWhatTheyMap() {
    // Explicit outputs keep the phase contract readable: a child's working variables stay in the child.
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (CallActivity c : all(m, CallActivity.class)) {
        ZeebeCalledElement e = c.getSingleExtensionElement(ZeebeCalledElement.class);
        if (e != null && e.isPropagateAllChildVariablesEnabled()) {
          problems.add(where(file, c) + ": set propagateAllChildVariables=false and map the outputs");
        }
      }
    });
    report("Call activity outputs", problems);
  }

  @Test
  void serviceTaskInputsAreMappedFromReferencesOnly() {
    // Guard against documents or personal data being pasted into a model as literal input values.
    List<String> problems = new ArrayList<>();
    bpmnModels().forEach((file, m) -> {
      for (ZeebeInput i : all(m, ZeebeInput.class)) {
        String s = i.getSource();
        if (s != null && !s.startsWith("=") && !s.matches("^[A-Z0-9_]+$")) {
          BaseElement owner = (BaseElement) i.getParentElement().getParentElement().getParentElement();
          problems.add(where(file, owner) + ": input '" + i.getTarget() + "' has literal '" + s + "'; use a code (UPPER_CASE) or an expression");
        }
      }
    });
    report("Input literals", problems);
  }
}
