package org.exportcert.api.models;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.exportcert.certification.audit.Reason;
import org.exportcert.api.cases.CaseQueries;
import org.exportcert.api.error.ApiProblem;
import org.exportcert.api.error.ProblemTypes;
import org.exportcert.certification.audit.AuditTrail;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named drafts of the whole model bundle. Every save is a new revision; a second program manager
 * (who saved no revision of it) approves one revision once the build's path tests passed on that
 * very revision; only the approved, still newest revision deploys, once. Every step goes to the audit trail.
 */
@Service
public class ModelDrafts {

  public static final URI FOUR_EYES = ProblemTypes.type("four-eyes");
  public static final URI DRAFT_STATE = ProblemTypes.type("draft-state");
  public static final URI STALE_REVISION = ProblemTypes.type("stale-revision");
  /** Approval needs the newest path run of exactly the approved revision to have passed every path. */
  public static final URI PATHS_NOT_PASSED = ProblemTypes.type("paths-not-passed");
  static final int MAX_NAME = 120;

  public enum Status { OPEN, APPROVED, DEPLOYED, DISCARDED }

  public record Summary(long id, String name, String author, Status status, int revision, Instant createdAt,
      Instant savedAt, String savedBy, long baseReleaseId, String approvedBy, Integer approvedRevision,
      Long releaseId) {}

  public record Draft(Summary draft, SortedMap<String, String> files) {}

  private final JdbcTemplate jdbc;
  private final ModelReleases releases;
  private final ModelLinter linter;
  private final ModelDeployer deployer;
  private final AuditTrail audit;
  private final Clock clock;
  private final MessageSource messages;
  private final PathRuns pathRuns;

  public ModelDrafts(JdbcTemplate jdbc, ModelReleases releases, ModelLinter linter, ModelDeployer deployer,
      AuditTrail audit, Optional<Clock> clock, MessageSource messages, PathRuns pathRuns) {
    this.messages = messages;
    this.pathRuns = pathRuns;
    this.jdbc = jdbc;
    this.releases = releases;
    this.linter = linter;
    this.deployer = deployer;
    this.audit = audit;
    this.clock = clock.orElse(Clock.systemUTC());
  }

  private static final String SUMMARY = "SELECT d.id, d.name, d.author, d.status, r.revision, d.created_at,"
      + " r.saved_at, r.saved_by, d.base_release_id, d.approved_by, d.approved_revision, d.release_id, r.files"
      + " FROM model_draft d JOIN model_draft_revision r ON r.draft_id = d.id";

  /** One page of the drafts, newest first, with how many there are in all. */
  public CaseQueries.Page<Summary> list(int page, int size) {
    Long total = jdbc.queryForObject("SELECT count(*) FROM model_draft", Long.class);
    List<Summary> items = jdbc.query(SUMMARY + " WHERE r.revision = (SELECT max(revision) FROM model_draft_revision"
        + " WHERE draft_id = d.id) ORDER BY d.id DESC LIMIT ? OFFSET ?", (rs, i) -> summary(rs), size, (long) page * size);
    return new CaseQueries.Page<>(items, total == null ? 0 : total, page, size);
  }

  /** The newest revision, or the one asked for. */
  public Draft get(long id, Integer revision) {
    String sql = SUMMARY + " WHERE d.id = ? AND r.revision = " + (revision == null
        ? "(SELECT max(revision) FROM model_draft_revision WHERE draft_id = d.id)" : "?");
    Object[] args = revision == null ? new Object[] {id} : new Object[] {id, revision};
    List<Draft> found = jdbc.query(sql, (rs, i) -> new Draft(summary(rs), releases.files(rs.getString(13))), args);
    if (found.isEmpty()) {
      throw ApiProblem.notFound(revision == null ? text("models.draft.not-found", "No draft {0}.", id)
          : text("models.draft.revision-not-found", "No revision {0} of draft {1}.", revision, id));
    }
    return found.get(0);
  }

  @Transactional
  public Summary create(String name, Long fromRelease, String by) {
    String n = validName(name);
    ModelReleases.Bundle base = fromRelease == null ? releases.deployed()
        : releases.get(fromRelease).orElseThrow(() -> ApiProblem.notFound(text("models.release.not-found", "No release {0}.", fromRelease)));
    Timestamp now = Timestamp.from(clock.instant());
    long id = jdbc.queryForObject("INSERT INTO model_draft (name, author, status, created_at, base_release_id)"
        + " VALUES (?, ?, 'OPEN', ?, ?) RETURNING id", Long.class, n, by, now,
        base.release().id() == ModelReleases.SHIPPED ? null : base.release().id());
    jdbc.update("INSERT INTO model_draft_revision (draft_id, revision, saved_by, saved_at, files)"
        + " VALUES (?, 1, ?, ?, ?)", id, by, now, releases.write(base.files()));
    audit.record(by, "models.draft.created", "model-draft", Long.toString(id),
        Reason.of("audit.reason.model-draft-created", n, base.release().versionTag()));
    return get(id, null).draft();
  }

  /** A new revision; saving after an approval voids it (the approver saw another bundle). */
  @Transactional
  public Summary save(long id, int baseRevision, Map<String, String> files, String by) {
    Summary d = locked(id);
    if (d.status() != Status.OPEN && d.status() != Status.APPROVED) {
      throw state(text("models.draft.cannot-change", "This draft is {0} and cannot change.", d.status()));
    }
    if (baseRevision != d.revision()) {
      throw new ApiProblem(HttpStatus.CONFLICT, STALE_REVISION, text("models.problem.stale-revision", "Stale revision"),
          text("models.draft.stale-save", "Revision {0} was saved by {1} after revision {2}; reload the draft.",
              d.revision(), d.savedBy(), baseRevision));
    }
    validFiles(files);
    jdbc.update("INSERT INTO model_draft_revision (draft_id, revision, saved_by, saved_at, files)"
        + " VALUES (?, ?, ?, ?, ?)", id, d.revision() + 1, by, Timestamp.from(clock.instant()), releases.write(files));
    jdbc.update("UPDATE model_draft SET status = 'OPEN', approved_by = NULL, approved_revision = NULL,"
        + " approved_at = NULL WHERE id = ?", id);
    audit.record(by, "models.draft.saved", "model-draft", Long.toString(id), d.status() == Status.APPROVED
        ? Reason.of("audit.reason.model-draft-saved-voiding", d.revision() + 1, d.approvedRevision())
        : Reason.of("audit.reason.model-draft-saved", d.revision() + 1));
    return get(id, null).draft();
  }

  @Transactional
  public Summary discard(long id, String by) {
    Summary d = locked(id);
    if (d.status() == Status.DEPLOYED || d.status() == Status.DISCARDED) {
      throw state(text("models.draft.cannot-discard", "This draft is {0} and cannot be discarded.", d.status()));
    }
    jdbc.update("UPDATE model_draft SET status = 'DISCARDED' WHERE id = ?", id);
    audit.record(by, "models.draft.discarded", "model-draft", Long.toString(id), d.name());
    return get(id, null).draft();
  }

  /** Four eyes: whoever saved any revision of the draft cannot approve it. */
  @Transactional
  public Summary approve(long id, int revision, String by) {
    Summary d = locked(id);
    if (d.status() != Status.OPEN) {
      throw state(text("models.draft.approve-open-only", "Only an open draft can be approved; this one is {0}.", d.status()));
    }
    if (revision != d.revision()) {
      throw new ApiProblem(HttpStatus.CONFLICT, STALE_REVISION, text("models.problem.stale-revision", "Stale revision"),
          text("models.draft.stale-approve", "Revision {0} is the newest; review it before approving.", d.revision()));
    }
    Integer edits = jdbc.queryForObject("SELECT count(*) FROM model_draft_revision WHERE draft_id = ? AND saved_by = ?",
        Integer.class, id, by);
    if (by.equals(d.author()) || edits != null && edits > 0) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, FOUR_EYES, text("models.problem.four-eyes", "Four eyes"),
          text("models.draft.four-eyes", "You wrote this draft; a second program manager must approve it."));
    }
    requirePassingPaths(id, revision, pathRuns.latest(id, revision));
    ModelLinter.Report report = linter.lint(uploads(get(id, null).files()));
    if (!report.clean()) {
      throw new ModelDeployer.LintFailed(report, true);
    }
    jdbc.update("UPDATE model_draft SET status = 'APPROVED', approved_by = ?, approved_revision = ?, approved_at = ?"
        + " WHERE id = ?", by, revision, Timestamp.from(clock.instant()), id);
    audit.record(by, "models.draft.approved", "model-draft", Long.toString(id),
        Reason.of("audit.reason.model-draft-approved", revision));
    return get(id, null).draft();
  }

  /** Deploys the approved revision as one bundle, tagged with the draft's name and revision. */
  @Transactional
  public ModelDeployer.Result deploy(long id, String by) {
    Summary d = locked(id);
    if (d.status() != Status.APPROVED || d.approvedRevision() == null || d.approvedRevision() != d.revision()) {
      throw state(text("models.draft.deploy-approved-only", "Only an approved draft deploys; this one is {0}.", d.status()));
    }
    String tag = versionTag(d);
    ModelDeployer.Result r = deployer.deploy(uploads(get(id, null).files()), by, tag, id);
    jdbc.update("UPDATE model_draft SET status = 'DEPLOYED', release_id = ? WHERE id = ?", r.releaseId(), id);
    audit.record(by, "models.draft.deployed", "model-draft", Long.toString(id), 
        Reason.of("audit.reason.model-draft-deployed", tag, r.deployment().deploymentKey(), d.approvedBy()));
    return r;
  }

  /** Refused with 409 paths-not-passed unless the newest run on this very revision passed every path. */
  void requirePassingPaths(long id, int revision, Optional<PathRuns.Run> latest) {
    String how = text("models.draft.paths-how", "Run the path tests on this revision (Run path tests in the modeler,"
        + " or POST /api/models/drafts/{0}/path-runs) and approve when every path passes.", Long.toString(id));
    if (latest.isEmpty()) {
      throw new PathsNotPassed(text("models.draft.paths-none", "No path test has run on revision {0} yet. {1}", revision, how),
          text("models.problem.paths-not-passed", "Path tests not passed"), revision, null, List.of());
    }
    PathRuns.Run run = latest.get();
    if (run.passed()) {
      return;
    }
    // each failed path in the caller's language: its name.zh for a Chinese caller
    List<String> failed = run.failedPaths(LocaleContextHolder.getLocale());
    String detail = run.engineRefusal() != null
        ? text("models.draft.paths-refused", "In the newest path run on revision {0} the engine refused the bundle: {1}. {2}",
            revision, run.engineRefusal(), how)
        : run.results().isEmpty()
            ? text("models.draft.paths-empty", "The newest path run on revision {0} ran no path. {1}", revision, how)
            : text("models.draft.paths-failed", "The newest path run on revision {0} failed {1} of {2} paths: {3}. {4}",
                revision, failed.size(), run.results().size(), String.join("; ", failed), how);
    throw new PathsNotPassed(detail, text("models.problem.paths-not-passed", "Path tests not passed"), revision,
        run.id(), failed);
  }

  /** 409 with the revision, the run (null when none ran) and the paths that failed, for the console. */
  public static final class PathsNotPassed extends ApiProblem {
    private final int revision;
    private final Long pathRunId;
    private final List<String> failedPaths;

    PathsNotPassed(String detail, String title, int revision, Long pathRunId, List<String> failedPaths) {
      super(HttpStatus.CONFLICT, PATHS_NOT_PASSED, title, detail);
      this.revision = revision;
      this.pathRunId = pathRunId;
      this.failedPaths = List.copyOf(failedPaths);
    }

    public int revision() {
      return revision;
    }

    public Long pathRunId() {
      return pathRunId;
    }

    public List<String> failedPaths() {
      return failedPaths;
    }
  }

  static String versionTag(Summary d) {
    String slug = d.name().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    slug = slug.length() > 40 ? slug.substring(0, 40) : slug;
    return "draft-" + d.id() + "-r" + d.revision() + (slug.isEmpty() ? "" : "-" + slug);
  }

  static List<ModelLinter.Upload> uploads(Map<String, String> files) {
    return files.entrySet().stream()
        .map(e -> new ModelLinter.Upload(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8))).toList();
  }

  private Summary locked(long id) {
    jdbc.query("SELECT id FROM model_draft WHERE id = ? FOR UPDATE", rs -> null, id);
    return get(id, null).draft();
  }

  private ApiProblem state(String detail) {
    return new ApiProblem(HttpStatus.CONFLICT, DRAFT_STATE, text("models.problem.draft-state", "Draft state"), detail);
  }

  /** The caller's language (messages_zh for Chinese), English when no catalog has the key. */
  private String text(String key, String english, Object... args) {
    return messages.getMessage(key, args, english,
        LocaleContextHolder.getLocale());
  }

  String validName(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
      throw ApiProblem.invalid(text("models.draft.name", "A draft needs a name of 1 to {0} characters without control characters.", MAX_NAME));
    }
    return n;
  }

  void validFiles(Map<String, String> files) {
    if (files == null || files.isEmpty() || files.size() > ModelLinter.MAX_FILES) {
      throw ApiProblem.invalid(text("models.draft.files", "A draft holds 1 to {0} files.", ModelLinter.MAX_FILES));
    }
    files.forEach((name, content) -> {
      if (name == null || !ModelLinter.FILE_NAME.matcher(name).matches()) {
        throw ApiProblem.invalid(text("models.draft.file-name", "Only plain .bpmn, .dmn, .form and .paths.json file names are accepted."));
      }
      if (content == null || content.getBytes(StandardCharsets.UTF_8).length > ModelLinter.MAX_FILE_BYTES) {
        throw new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
            text("models.problem.too-large", "File too large"),
            text("models.draft.file-size", "{0}: model files are limited to {1} bytes.", name, ModelLinter.MAX_FILE_BYTES));
      }
    });
  }

  private static Summary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Summary(rs.getLong(1), rs.getString(2), rs.getString(3), Status.valueOf(rs.getString(4)),
        rs.getInt(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), rs.getString(8),
        rs.getObject(9) == null ? ModelReleases.SHIPPED : rs.getLong(9), rs.getString(10),
        (Integer) rs.getObject(11), (Long) rs.getObject(12));
  }
}
