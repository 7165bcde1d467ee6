package org.exportcert.api.models;

import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.ProblemException;
import io.grpc.Status;
import java.util.Optional;

/** The engine's reason when it refused a request as invalid (REST 400, gRPC INVALID_ARGUMENT). */
public final class EngineRefusals {

  private static final int MAX_REASON = 4000;

  private EngineRefusals() {}

  public static Optional<String> reasonOfRefusal(ClientException e) {
    String reason = null;
    if (e instanceof ProblemException problem && problem.code() == 400) {
      reason = problem.details() != null && problem.details().getDetail() != null
          ? problem.details().getDetail() : problem.getMessage();
    } else if (e instanceof ClientHttpException http && http.code() == 400) {
      reason = http.getMessage();
    } else if (e instanceof ClientStatusException grpc
        && grpc.getStatusCode() == Status.Code.INVALID_ARGUMENT) {
      reason = grpc.getStatus().getDescription() != null
          ? grpc.getStatus().getDescription() : grpc.getMessage();
    }
    return Optional.ofNullable(reason)
        .map(r -> r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "…" : r);
  }
}
