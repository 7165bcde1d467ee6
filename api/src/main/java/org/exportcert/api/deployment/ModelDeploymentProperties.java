package org.exportcert.api.deployment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the shipped models are deployed at start: whether at all, how long the first attempt waits
 * for the engine's answer, and the ceilings the doubling wait and pause grow to. There is no limit
 * on attempts: a slow engine is waited for, never given up on.
 */
@ConfigurationProperties("exportcert.models")
public record ModelDeploymentProperties(
    @DefaultValue("true") boolean deployOnStart,
    @DefaultValue("10s") Duration deployFirstTimeout,
    @DefaultValue("5m") Duration deployMaxTimeout,
    @DefaultValue("30s") Duration deployMaxBackoff) {

  public ModelDeploymentProperties {
    if (deployFirstTimeout.isNegative() || deployFirstTimeout.isZero()
        || deployMaxTimeout.compareTo(deployFirstTimeout) < 0
        || deployMaxBackoff.isNegative() || deployMaxBackoff.isZero()) {
      throw new IllegalArgumentException(
          "exportcert.models: deploy-first-timeout and deploy-max-backoff must be positive and"
              + " deploy-max-timeout at least deploy-first-timeout");
    }
  }
}
