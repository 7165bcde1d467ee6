package org.exportcert.api.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.api.process.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deploys the models, decision tables and forms shipped in the bpmn module at start, as one
 * deployment (the models bind their called processes and forms "by deployment") — but only a
 * bundle this installation has not deployed yet, or when the engine has no case model at all.
 * Redeploying an unchanged bundle at every start would make the shipped decision tables the latest
 * again and undo a program manager's rule change (decisions are bound as latest). A slow engine
 * is waited for ({@link ShippedModelsDeployer}: retries with back-off, never giving up). {@code
 * EXPORTCERT_MODELS_DEPLOY_ON_START=false} leaves deployment to the program managers.
 */
@Component
@ConditionalOnProperty(name = "exportcert.models.deploy-on-start", havingValue = "true", matchIfMissing = true)
class ShippedModelsDeployment implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(ShippedModelsDeployment.class);
  static final List<String> PATTERNS =
      List.of("classpath*:/models/*.bpmn", "classpath*:/models/*.dmn", "classpath*:/forms/*.form");

  private final CaseProcesses processes;
  private final JdbcTemplate jdbc;
  private final ShippedModelsDeployer deployer;

  ShippedModelsDeployment(CaseProcesses processes, JdbcTemplate jdbc, ShippedModelsDeployer deployer) {
    this.processes = processes;
    this.jdbc = jdbc;
    this.deployer = deployer;
  }

  @Override
  public void run(ApplicationArguments args) {
    List<CaseProcesses.Resource> bundle = shippedBundle();
    if (bundle.isEmpty()) {
      return;
    }
    String sha256 = sha256(bundle);
    boolean known = jdbc.queryForObject(
        "select count(*) from shipped_models_deployment where bundle_sha256 = ?", Integer.class, sha256) > 0;
    if (known && processes.processDeployed(Messages.CASE_PROCESS_ID)) {
      log.info("Shipped models {} deployed before: later deployments stay the latest", sha256.substring(0, 12));
      return;
    }
    ShippedModelsDeployer.Deployed deployed = deployer.deploy(bundle.stream()
        .map(r -> new ShippedModelsDeployer.ShippedResource(r.name(), r.content())).toList());
    jdbc.update("insert into shipped_models_deployment (bundle_sha256, deployment_key, deployed_at)"
        + " values (?, ?, ?) on conflict (bundle_sha256) do nothing",
        sha256, deployed.deploymentKey(), Timestamp.from(Instant.now()));
    log.info("Shipped models {} deployed (deployment {})", sha256.substring(0, 12), deployed.deploymentKey());
  }

  static List<CaseProcesses.Resource> shippedBundle() {
    var resolver = new PathMatchingResourcePatternResolver();
    List<CaseProcesses.Resource> out = new ArrayList<>();
    try {
      for (String pattern : PATTERNS) {
        for (Resource r : resolver.getResources(pattern)) {
          try (InputStream in = r.getInputStream()) {
            out.add(new CaseProcesses.Resource(r.getFilename(), in.readAllBytes()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("The shipped models cannot be read", e);
    }
    out.sort(Comparator.comparing(CaseProcesses.Resource::name));
    return out;
  }

  static String sha256(List<CaseProcesses.Resource> bundle) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (CaseProcesses.Resource r : bundle) {
        digest.update(r.name().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(r.content());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
