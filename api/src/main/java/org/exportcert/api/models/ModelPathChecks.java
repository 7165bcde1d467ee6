package org.exportcert.api.models;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.exportcert.certification.audit.Reason;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.api.localstack.ScratchEngines;
import org.exportcert.bpmn.paths.PathRunner;
import org.exportcert.certification.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The build's path checks (the path files of {@code bpmn/}, paths/*.json) on a draft revision: the
 * whole draft bundle is deployed to a scratch in-memory engine of its own, every path runs with
 * stand-ins for the workers, and the verdicts with the elements each process took are kept with
 * the revision. One run at a time, each path and the whole run bounded in time; the scratch
 * engine is gone afterwards.
 */
@Service
public class ModelPathChecks {

  public static final java.net.URI BUSY = ProblemTypes.type("path-run-busy");

  private final ModelDrafts drafts;
  private final ScratchEngines engines;
  private final PathRuns runs;
  private final AuditTrail audit;
  private final MessageSource messages;
  private final Duration pathTimeout;
  private final Duration budget;
  private final Semaphore oneAtATime = new Semaphore(1);

  public ModelPathChecks(ModelDrafts drafts, ScratchEngines engines, PathRuns runs, AuditTrail audit,
      MessageSource messages,
      @Value("${exportcert.models.path-checks.path-timeout:PT30S}") Duration pathTimeout,
      @Value("${exportcert.models.path-checks.budget:PT5M}") Duration budget) {
    this.drafts = drafts;
    this.engines = engines;
    this.runs = runs;
    this.audit = audit;
    this.messages = messages;
    this.pathTimeout = pathTimeout;
    this.budget = budget;
  }

  /** Runs the path files on the draft's newest revision and keeps the verdict with it. */
  public PathRuns.Run run(long draftId, String by) {
    if (!oneAtATime.tryAcquire()) {
      throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, BUSY,
          text("models.paths.busy.title", "Path tests already running"),
          text("models.paths.busy", "Path tests are running for another draft; try again when they are done."));
    }
    try {
      ModelDrafts.Draft draft = drafts.get(draftId, null);
      Instant started = Instant.now();
      PathRuns.Stored stored;
      try (ScratchEngines.Scratch scratch = engines.start()) {
        String refusal = deploy(scratch, draft.files());
        if (refusal != null) {
          stored = new PathRuns.Stored(List.of(), Map.of(), refusal);
        } else {
          PathRunner.Report report = new PathRunner(scratch.client(), scratch::advance, pathTimeout)
              .run(PathRunner.shippedPathFiles(), budget);
          stored = new PathRuns.Stored(report.results(), report.coverage(), null);
        }
      }
      PathRuns.Run kept = runs.add(draftId, draft.draft().revision(), by, started, Instant.now(), stored);
      long failed = stored.results().stream().filter(r -> !r.passed()).count();
      audit.record(by, "models.draft.path-tested", "model-draft", Long.toString(draftId), stored.engineRefusal() == null
          ? Reason.of("audit.reason.model-paths-tested", draft.draft().revision(),
              stored.results().size() - failed, stored.results().size())
          : Reason.of("audit.reason.model-paths-refused", draft.draft().revision(),
              stored.results().size() - failed, stored.results().size()));
      return kept;
    } finally {
      oneAtATime.release();
    }
  }

  /** The newest run on the given revision, if any. */
  public Optional<PathRuns.Run> latest(long draftId, int revision) {
    return runs.latest(draftId, revision);
  }

  /** The whole bundle in one deployment; the engine's reason when it refuses it. */
  private static String deploy(ScratchEngines.Scratch scratch, Map<String, String> files) {
    var entries = List.copyOf(files.entrySet());
    var command = scratch.client().newDeployResourceCommand().addResourceBytes(
        entries.get(0).getValue().getBytes(StandardCharsets.UTF_8), entries.get(0).getKey());
    for (var e : entries.subList(1, entries.size())) {
      command = command.addResourceBytes(e.getValue().getBytes(StandardCharsets.UTF_8), e.getKey());
    }
    try {
      command.requestTimeout(java.time.Duration.ofMinutes(2)).send().join();
      return null;
    } catch (io.camunda.client.api.command.ClientException e) {
      return EngineRefusals.reasonOfRefusal(e).orElse(e.getMessage());
    }
  }

  private String text(String key, String english) {
    return messages.getMessage(key, null, english, LocaleContextHolder.getLocale());
  }
}
