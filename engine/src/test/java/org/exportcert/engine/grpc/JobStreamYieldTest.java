package org.exportcert.engine.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.stub.ServerCallStreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.exportcert.engine.runtime.CommandProcessor;
import org.exportcert.engine.runtime.Json;
import org.junit.jupiter.api.Test;

/** A job activated for a stream that closed before the push is given back, not left to time out. */
class JobStreamYieldTest {

  /** A stream observer that reports itself open once more (when the job is activated), then closed. */
  private static final class ClosingStream extends ServerCallStreamObserver<ActivatedJob> {
    volatile boolean armed;
    volatile boolean cancelled;
    final java.util.concurrent.atomic.AtomicInteger checksAfterArming = new java.util.concurrent.atomic.AtomicInteger();
    final List<ActivatedJob> received = new CopyOnWriteArrayList<>();

    @Override public boolean isCancelled() {
      boolean result = cancelled;
      if (armed) {
        checksAfterArming.incrementAndGet();
        cancelled = true;
      }
      return result;
    }
    @Override public void setOnCancelHandler(Runnable onCancelHandler) { }
    @Override public void setCompression(String compression) { }
    @Override public boolean isReady() { return true; }
    @Override public void setOnReadyHandler(Runnable onReadyHandler) { }
    @Override public void request(int count) { }
    @Override public void setMessageCompression(boolean enable) { }
    @Override public void disableAutoInboundFlowControl() { }
    @Override public void onNext(ActivatedJob value) { received.add(value); }
    @Override public void onError(Throwable t) { }
    @Override public void onCompleted() { }
  }

  @Test
  void jobOfAClosedStreamIsYieldedToPolls() throws Exception {
    CommandProcessor processor = new CommandProcessor(null, false);
    try {
      GatewayService service = new GatewayService(processor, "8.8.0", "127.0.0.1", () -> 0);
      String xml = Bpmn.convertToString(Bpmn.createExecutableProcess("p").startEvent()
          .serviceTask("t", t -> t.zeebeJobType("yielded")).endEvent().done());
      ObjectNode deploy = Json.object();
      deploy.putArray("resources").addObject().put("name", "p.bpmn")
          .put("content", Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
      processor.submit("deploy", deploy).get(10, TimeUnit.SECONDS);

      ClosingStream stream = new ClosingStream();
      service.streamActivatedJobs(StreamActivatedJobsRequest.newBuilder().setType("yielded").setWorker("gone")
          .setTimeout(600_000).build(), stream);
      processor.query(s -> null).get(10, TimeUnit.SECONDS); // the stream is registered

      stream.armed = true; // open when the job is activated for it, closed when it is pushed
      processor.submit("create", Json.object().put("processDefinitionId", "p")).get(10, TimeUnit.SECONDS);

      JsonNode polled = processor.submit("activate", Json.object().put("type", "yielded").put("worker", "poller")
          .put("maxJobsToActivate", 1).put("requestTimeout", 10_000)).get(15, TimeUnit.SECONDS);
      assertThat(stream.received).isEmpty();
      assertThat(stream.checksAfterArming.get()).as("activated while open, then found closed at the push").isGreaterThanOrEqualTo(2);
      assertThat(polled.path("jobs")).hasSize(1);
      assertThat(polled.path("jobs").get(0).path("worker").asText()).isEqualTo("poller");
    } finally {
      processor.close();
    }
  }
}
