package org.exportcert.api.deployment;

import io.camunda.client.annotation.Deployment;
import org.springframework.context.annotation.Configuration;

/**
 * Deploys the models, decision tables and forms shipped in the bpmn module at start, as one
 * deployment, because the models bind their called processes, decisions and forms "by deployment".
 * An unchanged redeploy creates no new version, so every instance may do it; a program manager's
 * newer upload stays the latest. {@code camunda.client.deployment.enabled=false}
 * ({@code EXPORTCERT_MODELS_DEPLOY_ON_START=false}) leaves deployment to the program managers.
 */
@Configuration(proxyBeanMethods = false)
@Deployment(
    resources = {
      "classpath*:/models/*.bpmn",
      "classpath*:/models/*.dmn",
      "classpath*:/forms/*.form"
    })
class ShippedModelsDeployment {}
