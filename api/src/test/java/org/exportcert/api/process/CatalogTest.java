package org.exportcert.api.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The API's message names and waiting points match the models it drives. */
class CatalogTest {

  static JsonNode catalog() throws Exception {
    try (InputStream in = new ClassPathResource("catalog/messages.json").getInputStream()) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void everyMessageTheApiSendsIsInTheCatalog() throws Exception {
    Set<String> cataloged = new HashSet<>();
    catalog().path("messages").forEach(m -> cataloged.add(m.path("name").asText()));
    Set<String> ours = Arrays.stream(Messages.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .filter(f -> !f.getName().equals("CASE_PROCESS_ID"))
        .map(f -> {
          try {
            return (String) f.get(null);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        })
        .collect(Collectors.toSet());
    assertThat(cataloged).containsAll(ours);
  }

  @Test
  void correlationKeysAreTheOnesTheApiUses() throws Exception {
    Map<String, String> keys = new HashMap<>();
    catalog().path("messages").forEach(m ->
        keys.put(m.path("name").asText(), m.path("correlationKeyVariable").asText()));
    assertThat(keys.get(Messages.PARTNER_RESPONSE)).isEqualTo("recognitionKey");
    assertThat(keys.get(Messages.CORRECTIVE_ACTION_SUBMITTED)).isEqualTo("testingKey");
    for (WaitingPoint w : WaitingPoint.values()) {
      assertThat(keys.get(w.message())).as(w.message()).isEqualTo(w.correlationKeyVariable());
    }
    assertThat(keys.get(Messages.APPLICATION_WITHDRAWN)).isEqualTo("caseId");
    assertThat(keys.get(Messages.APPEAL_LODGED)).isEqualTo("caseId");
  }

  @Test
  void everyWaitingPointIsAReceiveTaskOfThatMessage() throws Exception {
    Map<String, String> receiveTasks = new HashMap<>();
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/*.bpmn")) {
      try (InputStream in = r.getInputStream()) {
        var model = Bpmn.readModelFromStream(in);
        for (ReceiveTask t : model.getModelElementsByType(ReceiveTask.class)) {
          Message m = t.getMessage();
          receiveTasks.put(t.getId(), m == null ? null : m.getName());
        }
      }
    }
    assertThat(receiveTasks).isNotEmpty();
    for (WaitingPoint w : WaitingPoint.values()) {
      assertThat(receiveTasks).as(w.elementId()).containsEntry(w.elementId(), w.message());
    }
    // every request says by when: a renewal read "No deadline" while the certificate was about to expire
    for (WaitingPoint w : WaitingPoint.values()) {
      assertThat(w.dueDatesKey().isPresent() || w.dueAtVariable().isPresent()).as(w + " has a deadline").isTrue();
    }
    // every wait for something only the applicant sends is a request the applicant sees (the
    // corrective action after the lab's nonconformities was not, so nobody could answer it)
    receiveTasks.forEach((task, message) -> {
      if (Messages.APPLICANT_ANSWERS.contains(message)) {
        assertThat(WaitingPoint.ofElement(task)).as(task + " waits for the applicant's " + message).isPresent();
      }
    });
  }

  /**
   * A wait's reasons name variables its own model writes: the decision result of one of its
   * business rule tasks, and a field of a form (what the staff member who asked typed). A renamed
   * result or field would leave the applicant's request without its reason, silently.
   */
  @Test
  void everyWaitsReasonsAreVariablesItsModelWrites() throws Exception {
    StringBuilder forms = new StringBuilder();
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:forms/*.form")) {
      forms.append(r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }
    Map<String, String> modelOf = new HashMap<>();
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/*.bpmn")) {
      String xml = r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
      for (WaitingPoint w : WaitingPoint.values()) {
        if (xml.contains("id=\"" + w.elementId() + "\"")) {
          modelOf.put(w.name(), xml);
        }
      }
    }
    StringBuilder tables = new StringBuilder();
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/*.dmn")) {
      tables.append(r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }
    int withReasons = 0;
    for (WaitingPoint w : WaitingPoint.values()) {
      String xml = modelOf.get(w.name());
      assertThat(xml).as(w.name()).isNotNull();
      var reasons = w.reasons();
      reasons.decisionResultVariable().ifPresent(v -> {
        assertThat(xml).as(w + " decides " + v).contains("resultVariable=\"" + v + "\"");
        assertThat(tables.toString()).as(w + " outcome that asks").contains("\"" + reasons.askedOutcome() + "\"");
      });
      reasons.askedForVariable().ifPresent(v ->
          assertThat(forms.toString()).as(w + " asks through a form field " + v).contains("\"key\": \"" + v + "\""));
      if (!reasons.equals(WaitingPoint.Reasons.NONE)) {
        withReasons++;
      }
    }
    assertThat(withReasons).as("the information request says why").isPositive();
    assertThat(WaitingPoint.INFORMATION.reasons().askedOutcome()).isEqualTo("INFORMATION_NEEDED");
  }

  /**
   * A user task with output mappings keeps its completion's variables to itself, so the stamp
   * ExportCert puts on a completion must be mapped out for the check after the task to see it.
   * Seen walking the console: the missed-testing-deadline decision, completed in the console,
   * stopped as an incident "the completion stamp is for Task_RunTests"; surveillance evaluation,
   * the change and restoration decisions and the corrective action verification had the same gap.
   */
  @Test
  void everyStampedUserTaskWithOutputMappingsPassesItsStampOn() throws Exception {
    int checked = 0;
    for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:models/*.bpmn")) {
      try (InputStream in = r.getInputStream()) {
        var model = Bpmn.readModelFromStream(in);
        java.util.Set<String> stamped = new java.util.HashSet<>();
        for (var h : model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader.class)) {
          if ("stampedUserTask".equals(h.getKey())) {
            stamped.add(h.getValue());
          }
        }
        for (var task : model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.UserTask.class)) {
          var io = task.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping.class);
          if (!stamped.contains(task.getId()) || io == null || io.getOutputs().isEmpty()) {
            continue;
          }
          checked++;
          assertThat(io.getOutputs()).as(r.getFilename() + " " + task.getId())
              .anyMatch(o -> "completionStamp".equals(o.getTarget()) && "=completionStamp".equals(o.getSource()));
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theBundledFormOfATaskIsFound() {
    BundledModels bundled = new BundledModels();
    assertThat(bundled.formIdOf("certification-decision", "Task_DecideCertification"))
        .contains("certification-decision");
    assertThat(bundled.form("certification-decision")).get().asString().contains("decisionOutcome");
    assertThat(bundled.processIds()).contains("certification-case");
    assertThat(bundled.decisionIds()).contains("due-dates");
  }
}
