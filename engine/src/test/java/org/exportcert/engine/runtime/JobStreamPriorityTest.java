package org.exportcert.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.exportcert.engine.command.EngineCommand;
import org.junit.jupiter.api.Test;

/**
 * A job that a command creates goes to an open job stream before any poll, also when the poll is
 * processed in the same batch right after that command (as Zeebe pushes a job to a stream when it
 * is created). Otherwise a streaming worker, which keeps polling as its fallback, gets part of its
 * jobs the polling way and waits for its next poll.
 */
class JobStreamPriorityTest {

  @Test
  void aJobCreatedInABatchGoesToTheStreamBeforeAPollLaterInThatBatch() throws Exception {
    CommandProcessor processor = new CommandProcessor(null, false);
    try {
      String xml = Bpmn.convertToString(Bpmn.createExecutableProcess("p").startEvent()
          .serviceTask("first", t -> t.zeebeJobType("first"))
          .serviceTask("second", t -> t.zeebeJobType("second")).endEvent().done());
      ObjectNode deploy = Json.object();
      deploy.putArray("resources").addObject().put("name", "p.bpmn")
          .put("content", Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
      processor.submit("deploy", deploy).get(10, TimeUnit.SECONDS);
      processor.submit("create", Json.object().put("processDefinitionId", "p")).get(10, TimeUnit.SECONDS);
      JsonNode first = processor.submit("activate", Json.object().put("type", "first").put("worker", "w")
          .put("maxJobsToActivate", 1).put("requestTimeout", 10_000)).get(15, TimeUnit.SECONDS);
      long firstJob = first.path("jobs").get(0).path("jobKey").asLong();

      List<JsonNode> pushed = new CopyOnWriteArrayList<>();
      processor.openJobStream(new EngineCommand.ActivateJobs("second", 1, 60_000, "streamer", List.of(), 0),
          new CommandProcessor.JobSink() {
            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void push(JsonNode job) {
              pushed.add(job);
            }
          });

      // hold the processor thread so that the completion and the poll arrive in one batch, in that order
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      processor.query(state -> {
        holding.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<JsonNode> completed = processor.submit("complete-job", Json.object().put("key", firstJob));
      CompletableFuture<JsonNode> poll = processor.submit("activate", Json.object().put("type", "second")
          .put("worker", "poller").put("maxJobsToActivate", 1).put("requestTimeout", 300));
      release.countDown();

      completed.get(10, TimeUnit.SECONDS);
      JsonNode polled = poll.get(15, TimeUnit.SECONDS); // answered empty when its request timeout passes
      assertThat(polled.path("jobs")).as("the poll in the completion's batch").isEmpty();
      assertThat(pushed).hasSize(1);
      assertThat(pushed.get(0).path("worker").asText()).isEqualTo("streamer");
      assertThat(pushed.get(0).path("elementId").asText()).isEqualTo("second");
    } finally {
      processor.close();
    }
  }
}
