package org.exportcert.api.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.jdbc.core.JdbcTemplate;
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

  public record Run(long id, long draftId, int revision, String runBy, Instant startedAt, Instant finishedAt,
      boolean passed, List<PathRunner.Result> results, Map<String, Set<String>> coverage, String engineRefusal) {}

  record Stored(List<PathRunner.Result> results, Map<String, Set<String>> coverage, String engineRefusal) {}

  private final ModelDrafts drafts;
  private final ModelReleases releases;
  private final ScratchEngines engines;
  private final JdbcTemplate jdbc;
  private final AuditTrail audit;
  private final MessageSource messages;
  private final ObjectMapper json;
  private final Duration pathTimeout;
  private final Duration budget;
  private final Semaphore oneAtATime = new Semaphore(1);

  public ModelPathChecks(ModelDrafts drafts, ModelReleases releases, ScratchEngines engines, JdbcTemplate jdbc, AuditTrail audit,
      MessageSource messages, ObjectMapper json,
      @Value("${exportcert.models.path-checks.path-timeout:PT30S}") Duration pathTimeout,
      @Value("${exportcert.models.path-checks.budget:PT5M}") Duration budget) {
    this.drafts = drafts;
    this.releases = releases;
    this.engines = engines;
    this.jdbc = jdbc;
    this.audit = audit;
    this.messages = messages;
    this.json = json;
    this.pathTimeout = pathTimeout;
    this.budget = budget;
  }

  /** Runs the path files on the draft's newest revision and keeps the verdict with it. */
  public Run run(long draftId, String by) {
    if (!oneAtATime.tryAcquire()) {
      throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, BUSY,
          text("models.paths.busy.title", "Path tests already running"),
          text("models.paths.busy", "Path tests are running for another draft; try again when they are done."));
    }
    try {
      ModelDrafts.Draft draft = drafts.get(draftId, null);
      Instant started = Instant.now();
      Stored stored;
      try (ScratchEngines.Scratch scratch = engines.start()) {
        String refusal = deploy(scratch, draft.files());
        if (refusal != null) {
          stored = new Stored(List.of(), Map.of(), refusal);
        } else {
          PathRunner.Report report = new PathRunner(scratch.client(), scratch::advance, pathTimeout)
              .run(pathFiles(draft.files()), budget);
          stored = new Stored(report.results(), report.coverage(), null);
        }
      }
      boolean passed = stored.engineRefusal() == null && !stored.results().isEmpty()
          && stored.results().stream().allMatch(PathRunner.Result::passed);
      Instant finished = Instant.now();
      long id = jdbc.queryForObject("INSERT INTO model_path_run (draft_id, revision, run_by, started_at, finished_at,"
          + " passed, report) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", Long.class, draftId, draft.draft().revision(),
          by, Timestamp.from(started), Timestamp.from(finished), passed, write(stored));
      long failed = stored.results().stream().filter(r -> !r.passed()).count();
      audit.record(by, "models.draft.path-tested", "model-draft", Long.toString(draftId), stored.engineRefusal() == null
          ? Reason.of("audit.reason.model-paths-tested", draft.draft().revision(),
              stored.results().size() - failed, stored.results().size())
          : Reason.of("audit.reason.model-paths-refused", draft.draft().revision(),
              stored.results().size() - failed, stored.results().size()));
      return new Run(id, draftId, draft.draft().revision(), by, started, finished, passed, stored.results(),
          stored.coverage(), stored.engineRefusal());
    } finally {
      oneAtATime.release();
    }
  }

  /** The newest run on the given revision, if any. */
  public Optional<Run> latest(long draftId, int revision) {
    return jdbc.query("SELECT id, draft_id, revision, run_by, started_at, finished_at, passed, report FROM model_path_run"
        + " WHERE draft_id = ? AND revision = ? ORDER BY id DESC LIMIT 1", rs -> {
          if (!rs.next()) {
            return Optional.<Run>empty();
          }
          Stored s = read(rs.getString(8));
          return Optional.of(new Run(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
              rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getBoolean(7), s.results(),
              s.coverage(), s.engineRefusal()));
        }, draftId, revision);
  }

  /** A path as people read it: its name in English and Chinese (zh null when the file gives none). */
  public record NamedPath(String name, String nameZh) {}

  /** A path file as the models page lists it: which process, what it covers, its named paths. */
  public record PathFile(String file, String process, String description, String descriptionZh, List<NamedPath> paths) {}

  /** The named paths the path tests run on the deployed bundle (the build's, or the deployed bundle's own of the same name). */
  public List<PathFile> deployedPaths() {
    List<PathFile> out = new java.util.ArrayList<>();
    pathFiles(releases.deployed().files()).forEach((file, content) -> {
      List<NamedPath> named = new java.util.ArrayList<>();
      content.path("paths").forEach(p -> named.add(new NamedPath(p.path("name").asText(null),
          org.exportcert.bpmn.lint.PathNames.chineseName(p).orElse(null))));
      out.add(new PathFile(file, content.path("process").asText(null), content.path("description").asText(null),
          content.path(org.exportcert.bpmn.lint.PathNames.DESCRIPTION_ZH).asText(null), List.copyOf(named)));
    });
    return out;
  }

  /** The build's path files, each replaced by the draft's file of the same name, and the draft's own added. */
  Map<String, com.fasterxml.jackson.databind.JsonNode> pathFiles(Map<String, String> draftFiles) {
    Map<String, com.fasterxml.jackson.databind.JsonNode> files = new java.util.TreeMap<>(PathRunner.shippedPathFiles());
    draftFiles.forEach((name, content) -> {
      if (ModelLinter.isPathFile(name)) {
        try {
          files.put(name, json.readTree(content));
        } catch (JsonProcessingException e) {
          // the lint reports it; the runner runs no path of a file it cannot read
          files.put(name, json.createObjectNode().put("process", name));
        }
      }
    });
    return files;
  }

  /** The whole bundle (its models: path files are not deployed) in one deployment; the engine's reason when it refuses it. */
  private static String deploy(ScratchEngines.Scratch scratch, Map<String, String> bundle) {
    Map<String, String> files = new java.util.TreeMap<>(bundle);
    files.keySet().removeIf(ModelLinter::isPathFile);
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

  private String write(Stored s) {
    try {
      return json.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Stored read(String stored) {
    try {
      return json.readValue(stored, Stored.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored path run is not JSON", e);
    }
  }

  private String text(String key, String english) {
    return messages.getMessage(key, null, english, LocaleContextHolder.getLocale());
  }
}
