package org.exportcert.api.deployment;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.DeployResourceCommandStep1.DeployResourceCommandStep2;
import io.camunda.client.api.response.DeploymentEvent;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Deploys the models, decision tables and forms shipped in the bpmn module as one deployment
 * (they bind their called processes, decisions and forms "by deployment"). An unchanged redeploy
 * creates no new version, so every instance may do it, and so may a retry after an attempt whose
 * answer came too late. A slow or not yet reachable engine is waited for with doubling request
 * timeouts and pauses, each attempt logged; only an answer that no retry can change (the engine
 * refuses the models or the credentials) stops the start.
 */
public class ShippedModelsDeployer {

  private static final Logger log = LoggerFactory.getLogger(ShippedModelsDeployer.class);
  static final List<String> PATTERNS =
      List.of("classpath*:/models/*.bpmn", "classpath*:/models/*.dmn", "classpath*:/forms/*.form");

  /** A named resource to deploy. */
  public record ShippedResource(String name, byte[] content) {}

  /** How many attempts it took, and the engine's deployment key. */
  public record Deployed(int attempts, long deploymentKey) {}

  private final CamundaClient client;
  private final ModelDeploymentProperties settings;
  private final CountDownLatch stopping = new CountDownLatch(1);

  public ShippedModelsDeployer(CamundaClient client, ModelDeploymentProperties settings) {
    this.client = client;
    this.settings = settings;
  }

  /** Every shipped resource on the class path, in a stable order. */
  public static List<ShippedResource> shippedResources() {
    var resolver = new PathMatchingResourcePatternResolver();
    List<ShippedResource> resources = new ArrayList<>();
    try {
      for (String pattern : PATTERNS) {
        for (Resource resource : resolver.getResources(pattern)) {
          try (var in = resource.getInputStream()) {
            resources.add(new ShippedResource(resource.getFilename(), in.readAllBytes()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the shipped models", e);
    }
    resources.sort(Comparator.comparing(ShippedResource::name));
    return resources;
  }

  /** Ends a wait between attempts at once (the application is shutting down). */
  public void stop() {
    stopping.countDown();
  }

  /**
   * Deploys, retrying until the engine has answered.
   *
   * @throws IllegalStateException when the engine refuses for a reason no retry changes, or the
   *     application stops first
   */
  public Deployed deploy(List<ShippedResource> resources) {
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("nothing to deploy");
    }
    Duration timeout = settings.deployFirstTimeout();
    Duration pause = Duration.ofSeconds(1).compareTo(settings.deployMaxBackoff()) < 0
        ? Duration.ofSeconds(1) : settings.deployMaxBackoff();
    for (int attempt = 1; ; attempt++) {
      log.info("Deploying {} shipped models, decision tables and forms (attempt {}, waiting up to {} s for"
          + " the engine at {})", resources.size(), attempt, timeout.toSeconds(), client.getConfiguration().getRestAddress());
      try {
        DeploymentEvent event = send(resources, timeout);
        log.info("Shipped models deployed on attempt {} (deployment {}: {} processes, {} decisions, {} forms)",
            attempt, event.getKey(), event.getProcesses().size(), event.getDecisions().size(), event.getForm().size());
        return new Deployed(attempt, event.getKey());
      } catch (ClientException e) {
        if (stopping.getCount() == 0) {
          throw new IllegalStateException("The application stopped before the shipped models were deployed", e);
        }
        String refusal = finalRefusal(e);
        if (refusal != null) {
          throw new IllegalStateException("The engine refused the shipped models: " + refusal
              + " (" + summary(e) + ")", e);
        }
        log.warn("Deploying the shipped models failed on attempt {}: {}; next attempt in {} s",
            attempt, summary(e), pause.toSeconds());
      }
      try {
        if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("The application stopped before the shipped models were deployed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting to deploy the shipped models", e);
      }
      pause = min(pause.multipliedBy(2), settings.deployMaxBackoff());
      timeout = min(timeout.multipliedBy(2), settings.deployMaxTimeout());
    }
  }

  private DeploymentEvent send(List<ShippedResource> resources, Duration timeout) {
    DeployResourceCommandStep2 step =
        client.newDeployResourceCommand().addResourceBytes(resources.get(0).content(), resources.get(0).name());
    for (ShippedResource resource : resources.subList(1, resources.size())) {
      step = step.addResourceBytes(resource.content(), resource.name());
    }
    return step.requestTimeout(timeout).send().join(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Why retrying cannot help, or null when it can (timeouts, unreachable or overloaded engine). */
  static String finalRefusal(ClientException e) {
    if (e instanceof ClientHttpException http) {
      int code = http.code();
      if (code == 401 || code == 403) {
        return "the engine does not accept the client's credentials (camunda.client.auth.*)";
      }
      if (code >= 400 && code < 500 && code != 408 && code != 429) {
        return "the models are invalid for this engine";
      }
      return null;
    }
    if (e instanceof ClientStatusException grpc) {
      Status.Code code = grpc.getStatusCode();
      return switch (code) {
        case UNAUTHENTICATED, PERMISSION_DENIED -> "the engine does not accept the client's credentials (camunda.client.auth.*)";
        case INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, ALREADY_EXISTS -> "the models are invalid for this engine";
        default -> null;
      };
    }
    return null;
  }

  private static String summary(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return root == e ? message : message + " [" + root.getClass().getSimpleName() + ": " + root.getMessage() + "]";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
