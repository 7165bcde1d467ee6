package org.exportcert.api.process;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.exportcert.bpmn.lint.DecisionTableLint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The models and forms shipped on the classpath (bpmn module): the fallback when the engine
 * cannot hand out a task's deployed form, and the known names a bundle is linted against.
 */
@Component
public class BundledModels {

  private static final Logger log = LoggerFactory.getLogger(BundledModels.class);

  private volatile Loaded loaded;

  record Loaded(
      Map<String, String> formIdByTask, Map<String, String> forms, java.util.Set<String> processIds,
      java.util.Set<String> decisionIds, Map<String, java.util.Set<String>> users,
      Map<String, java.util.List<String>> decisionOutputs) {}

  /** The formId the model gives the user task {@code elementId} of process {@code processId}. */
  public Optional<String> formIdOf(String processId, String elementId) {
    return Optional.ofNullable(load().formIdByTask().get(processId + "#" + elementId));
  }

  public Optional<String> form(String formId) {
    return Optional.ofNullable(load().forms().get(formId));
  }

  public java.util.Set<String> formIds() {
    return load().forms().keySet();
  }

  public java.util.Set<String> processIds() {
    return load().processIds();
  }

  public java.util.Set<String> decisionIds() {
    return load().decisionIds();
  }

  /**
   * The shipped processes that bind the process or form {@code id} by deployment: they run a new
   * version of it only when deployed together with it.
   */
  public java.util.Set<String> boundByDeploymentIn(String id) {
    return load().users().getOrDefault(id, java.util.Set.of());
  }

  /** The output columns of a shipped decision table (what the models read of its result). */
  public java.util.List<String> decisionOutputs(String decisionId) {
    return load().decisionOutputs().getOrDefault(decisionId, java.util.List.of());
  }

  private Loaded load() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (this) {
        if (loaded == null) {
          loaded = scan();
        }
        l = loaded;
      }
    }
    return l;
  }

  private static Loaded scan() {
    var resolver = new PathMatchingResourcePatternResolver();
    Map<String, String> formIdByTask = new HashMap<>();
    Map<String, String> forms = new HashMap<>();
    java.util.Set<String> processIds = new java.util.HashSet<>();
    java.util.Set<String> decisionIds = new java.util.HashSet<>();
    Map<String, java.util.Set<String>> users = new HashMap<>();
    Map<String, java.util.List<String>> decisionOutputs = new HashMap<>();
    try {
      for (Resource r : resolver.getResources("classpath*:models/*.bpmn")) {
        try (InputStream in = r.getInputStream()) {
          BpmnModelInstance model = Bpmn.readModelFromStream(in);
          for (Process p : model.getModelElementsByType(Process.class)) {
            processIds.add(p.getId());
          }
          for (CallActivity c : model.getModelElementsByType(CallActivity.class)) {
            ZeebeCalledElement e = c.getSingleExtensionElement(ZeebeCalledElement.class);
            Process owner = owningProcess(c);
            if (e != null && owner != null && e.getBindingType() == ZeebeBindingType.deployment) {
              users.computeIfAbsent(e.getProcessId(), k -> new java.util.TreeSet<>()).add(owner.getId());
            }
          }
          for (UserTask t : model.getModelElementsByType(UserTask.class)) {
            ZeebeFormDefinition f = t.getSingleExtensionElement(ZeebeFormDefinition.class);
            Process owner = owningProcess(t);
            if (f != null && f.getFormId() != null && owner != null
                && f.getBindingType() == ZeebeBindingType.deployment) {
              users.computeIfAbsent(f.getFormId(), k -> new java.util.TreeSet<>()).add(owner.getId());
            }
          }
          // user tasks inside sub-processes belong to the enclosing process
          for (UserTask t : model.getModelElementsByType(UserTask.class)) {
            Process owner = owningProcess(t);
            if (owner != null) {
              put(formIdByTask, owner.getId(), t);
            }
          }
        } catch (RuntimeException e) {
          log.warn("Bundled model {} does not parse: {}", r.getFilename(), e.getMessage());
        }
      }
      for (Resource r : resolver.getResources("classpath*:forms/*.form")) {
        String name = r.getFilename();
        try (InputStream in = r.getInputStream()) {
          forms.put(name.substring(0, name.length() - ".form".length()),
              new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      for (Resource r : resolver.getResources("classpath*:models/*.dmn")) {
        try (InputStream in = r.getInputStream()) {
          byte[] dmn = in.readAllBytes();
          decisionIds.addAll(DmnIds.of(dmn));
          decisionOutputs.putAll(DecisionTableLint.outputNames(dmn));
        } catch (RuntimeException e) {
          log.warn("Bundled decision {} does not parse: {}", r.getFilename(), e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("Could not read the bundled models: {}", e.toString());
    }
    return new Loaded(Map.copyOf(formIdByTask), Map.copyOf(forms), java.util.Set.copyOf(processIds),
        java.util.Set.copyOf(decisionIds), Map.copyOf(users), Map.copyOf(decisionOutputs));
  }

  private static void put(Map<String, String> map, String processId, UserTask t) {
    ZeebeFormDefinition form = t.getSingleExtensionElement(ZeebeFormDefinition.class);
    if (form != null && form.getFormId() != null && !form.getFormId().isBlank()) {
      map.put(processId + "#" + t.getId(), form.getFormId());
    }
  }

  private static Process owningProcess(org.camunda.bpm.model.xml.instance.ModelElementInstance e) {
    var current = e.getParentElement();
    while (current != null && !(current instanceof Process)) {
      current = current.getParentElement();
    }
    return (Process) current;
  }
}
