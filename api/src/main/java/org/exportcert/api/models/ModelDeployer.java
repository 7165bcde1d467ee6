package org.exportcert.api.models;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.exportcert.certification.audit.Reason;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.process.CaseProcesses;
import org.exportcert.certification.audit.AuditTrail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way models reach the engine: lint with the build's rule set, deploy the whole bundle in
 * one deployment only on a clean report, keep what is now deployed as a release, audit it.
 */
@Component
public class ModelDeployer {

  /** Lint found errors: nothing was deployed; the report says why. */
  public static class LintFailed extends RuntimeException {
    private final transient ModelLinter.Report report;

    LintFailed(ModelLinter.Report report) {
      super("lint failed");
      this.report = report;
    }

    public ModelLinter.Report report() {
      return report;
    }
  }

  /** The lint passed but the engine refused the bundle (its own parse): nothing was deployed. */
  public static class EngineRefused extends RuntimeException {
    private final String reason;

    EngineRefused(String reason, Throwable cause) {
      super(reason, cause);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public record Result(CaseProcesses.Deployed deployment, ModelLinter.Report report, long releaseId) {}

  private final ModelLinter linter;
  private final CaseProcesses processes;
  private final ModelReleases releases;
  private final AuditTrail audit;

  public ModelDeployer(ModelLinter linter, CaseProcesses processes, ModelReleases releases, AuditTrail audit) {
    this.linter = linter;
    this.processes = processes;
    this.releases = releases;
    this.audit = audit;
  }

  @Transactional
  public Result deploy(List<ModelLinter.Upload> uploads, String by, String versionTag, Long draftId) {
    ModelLinter.Report report = linter.lint(uploads);
    if (!report.clean()) {
      throw new LintFailed(report);
    }
    // path files travel with the bundle (the path checks read them) but the engine gets the models
    List<CaseProcesses.Resource> resources = uploads.stream().filter(u -> !ModelLinter.isPathFile(u.name()))
        .map(u -> new CaseProcesses.Resource(u.name(), u.content())).toList();
    if (resources.isEmpty()) {
      throw ApiProblem.invalid("Path files are kept with a bundle of models; alone they deploy nothing.");
    }
    CaseProcesses.Deployed deployed;
    try {
      deployed = processes.deploy(resources);
    } catch (io.camunda.client.api.command.ClientException e) {
      // the engine is out (answered 503 by the error handler), or it refuses the models: say why
      throw new EngineRefused(EngineRefusals.reasonOfRefusal(e).orElseThrow(() -> e), e);
    }
    // an upload may carry part of the bundle: the rest stays deployed as it was
    Map<String, String> now = new TreeMap<>(releases.deployed().files());
    uploads.forEach(u -> now.put(u.name(), new String(u.content(), StandardCharsets.UTF_8)));
    long release = releases.record(versionTag, deployed.deploymentKey(), by, draftId, now);
    audit.record(by, "models.deployed", "deployment", Long.toString(deployed.deploymentKey()),
        Reason.of("audit.reason.models-deployed", versionTag, String.join(", ", deployed.resources())));
    return new Result(deployed, report, release);
  }
}
