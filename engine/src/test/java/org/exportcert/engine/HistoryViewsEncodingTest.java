package org.exportcert.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.exportcert.engine.history.HistoryStore;
import org.exportcert.engine.history.HistoryStore.Kind;
import org.exportcert.engine.history.InstanceViews;
import org.exportcert.engine.runtime.ViewFields;
import org.exportcert.engine.runtime.Views;
import org.exportcert.engine.state.ElementInstance;
import org.exportcert.engine.state.EngineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished instance's views are written straight into the history store's bytes, without the
 * JSON trees the API answers with: what the store then holds and finds must be exactly what
 * storing the trees gave, for every entity kind, with nulls, headers, candidate lists and
 * incidents.
 */
class HistoryViewsEncodingTest extends EngineTestBase {

  @Test
  void viewsWrittenStraightIntoTheStoreEqualTheStoredTrees(@TempDir Path trees, @TempDir Path streamed) {
    deploy(Bpmn.createExecutableProcess("encoding").startEvent().parallelGateway("fork")
        .serviceTask("work", t -> t.zeebeJobType("work").zeebeTaskHeader("h1", "v1").zeebeTaskHeader("h2", "中文"))
        .userTask("review", u -> u.zeebeUserTask().zeebeCandidateGroups("a, b").zeebeCandidateUsers("u1")
            .zeebeAssignee("amy").zeebeDueDate("2030-01-01T00:00:00Z"))
        .boundaryEvent("ping").message(m -> m.name("ping").zeebeCorrelationKeyExpression("k")).endEvent()
        .moveToNode("review").endEvent()
        .moveToNode("fork").serviceTask("broken", t -> t.zeebeJobType("broken")).endEvent()
        .done());
    long instance = start("encoding", Map.of("k", "c-1", "n", 5, "doc", Map.of("a", List.of(1, "x"))));
    client().newCompleteCommand(activateOne("work")).variables(Map.of("done", true)).send().join();
    client().newFailCommand(activateOne("broken")).retries(0).errorMessage("lab down").send().join();
    await().atMost(Duration.ofSeconds(10)).until(() -> !client().newIncidentSearchRequest().send().join().items().isEmpty());

    try (HistoryStore fromTrees = new HistoryStore(trees); HistoryStore direct = new HistoryStore(streamed)) {
      env.engine().processor().query(state -> {
        ElementInstance pi = state.processInstances.get(instance);
        Map<Kind, List<ObjectNode>> views = new EnumMap<>(Kind.class);
        InstanceViews written = new InstanceViews(instance);
        both(views, written, Kind.PROCESS_INSTANCE, out -> Views.processInstance(state, pi, out), () -> Views.processInstance(state, pi));
        for (ElementInstance ei : state.elementInstancesByInstance.get(instance)) {
          if (ei.flowScope != null) {
            both(views, written, Kind.ELEMENT_INSTANCE, out -> Views.elementInstance(ei, out), () -> Views.elementInstance(ei));
          }
        }
        state.variablesByInstance.get(instance).forEach(v ->
            both(views, written, Kind.VARIABLE, out -> Views.variable(v, "<default>", out), () -> Views.variable(v, "<default>")));
        state.jobsByInstance.get(instance).forEach(job -> both(views, written, Kind.JOB, out -> Views.job(job, out), () -> Views.job(job)));
        state.userTasksByInstance.get(instance).forEach(task ->
            both(views, written, Kind.USER_TASK, out -> Views.userTask(task, out), () -> Views.userTask(task)));
        state.incidentsByInstance.get(instance).forEach(incident ->
            both(views, written, Kind.INCIDENT, out -> Views.incident(incident, out), () -> Views.incident(incident)));
        state.subscriptionsByInstance.get(instance).forEach(subscription -> both(views, written, Kind.MESSAGE_SUBSCRIPTION,
            out -> Views.messageSubscription(subscription, out), () -> Views.messageSubscription(subscription)));
        fromTrees.putInstance(instance, views);
        direct.putInstance(written);
        return IntNode.valueOf(0);
      }).join();

      for (Kind kind : List.of(Kind.PROCESS_INSTANCE, Kind.ELEMENT_INSTANCE, Kind.VARIABLE, Kind.JOB, Kind.USER_TASK,
          Kind.INCIDENT, Kind.MESSAGE_SUBSCRIPTION)) {
        List<ObjectNode> expected = fromTrees.ofInstance(kind, instance);
        assertThat(expected).as(kind + " views of the scenario").isNotEmpty();
        assertThat(direct.ofInstance(kind, instance)).as(kind.name()).isEqualTo(expected);
        for (ObjectNode view : expected) {
          long key = Long.parseLong(view.get(kind.keyField).asText());
          assertThat(direct.get(kind, key)).as(kind + " " + key).isEqualTo(fromTrees.get(kind, key));
          for (String field : HistoryStore.INDEXED_FIELDS) {
            JsonNode value = view.get(field);
            if (value != null && !value.isNull()) {
              assertThat(direct.withField(kind, field, value.asText())).as(kind + " " + field + "=" + value)
                  .isEqualTo(fromTrees.withField(kind, field, value.asText())).isNotEmpty();
            }
          }
        }
      }
      assertThat(direct.count(Kind.JOB)).isEqualTo(fromTrees.count(Kind.JOB)).isEqualTo(2);
      List<ObjectNode> tasks = direct.ofInstance(Kind.USER_TASK, instance);
      assertThat(tasks.get(0).get("candidateGroups").toString()).isEqualTo("[\"a\",\"b\"]");
      assertThat(direct.ofInstance(Kind.JOB, instance).get(0).get("customHeaders").toString())
          .isEqualTo("{\"h1\":\"v1\",\"h2\":\"中文\"}");
    }
  }

  private static void both(Map<Kind, List<ObjectNode>> trees, InstanceViews written, Kind kind,
      Consumer<ViewFields> fields, java.util.function.Supplier<ObjectNode> tree) {
    trees.computeIfAbsent(kind, k -> new ArrayList<>()).add(tree.get());
    written.add(kind, fields);
  }
}
