package org.exportcert.api.deployment;

import io.camunda.client.CamundaClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The retrying deployer {@link ShippedModelsDeployment} uses at start: the starter's own
 * deployment-on-start gave up after its 10 s request timeout and ended the application on a busy
 * machine (issue 14, defect 3).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ModelDeploymentProperties.class)
class ModelDeploymentConfiguration {

  @Bean
  ShippedModelsDeployer shippedModelsDeployer(CamundaClient client, ModelDeploymentProperties settings) {
    return new ShippedModelsDeployer(client, settings);
  }

  /** A shutdown during the wait between attempts ends the wait at once. */
  @Bean
  ApplicationListener<ContextClosedEvent> stopDeployingOnClose(ShippedModelsDeployer deployer) {
    return event -> deployer.stop();
  }
}
