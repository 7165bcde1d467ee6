package org.exportcert.api.deployment;

import io.camunda.client.CamundaClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Deploys the shipped models once the application is up and before it reports ready: the runner
 * blocks the start until the engine has taken them, however long a busy machine needs (the
 * starter's own deployment-on-start gave up after its 10 s request timeout and ended the
 * application). {@code EXPORTCERT_MODELS_DEPLOY_ON_START=false} leaves deployment to the program
 * managers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ModelDeploymentProperties.class)
class ShippedModelsDeployment {

  @Bean
  ShippedModelsDeployer shippedModelsDeployer(CamundaClient client, ModelDeploymentProperties settings) {
    return new ShippedModelsDeployer(client, settings);
  }

  @Bean
  @ConditionalOnProperty(name = "exportcert.models.deploy-on-start", havingValue = "true", matchIfMissing = true)
  ApplicationRunner deployShippedModelsAtStart(ShippedModelsDeployer deployer) {
    return args -> deployer.deploy(ShippedModelsDeployer.shippedResources());
  }

  /** A shutdown during the wait between attempts ends the wait at once. */
  @Bean
  ApplicationListener<ContextClosedEvent> stopDeployingOnClose(ShippedModelsDeployer deployer) {
    return event -> deployer.stop();
  }
}
