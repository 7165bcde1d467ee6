package org.exportcert.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** A command's answer, sent once what it did is durable (or failed with the journal write). */
record Answer(CompletableFuture<JsonNode> future, JsonNode value, Throwable error) implements Syncer.Reply {

  @Override
  public void send() {
    if (error != null) {
      future.completeExceptionally(error);
    } else {
      future.complete(value);
    }
  }

  @Override
  public void fail(Throwable failure) {
    future.completeExceptionally(failure);
  }
}
