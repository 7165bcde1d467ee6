package org.exportcert.api.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.exportcert.bpmn.lint.LintCode;
import org.exportcert.bpmn.paths.PathRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The kept path runs of draft revisions (table model_path_run): written by {@link ModelPathChecks},
 * read by it for the console and by {@link ModelDrafts} when a revision is approved.
 */
@Repository
public class PathRuns {

  public record Run(long id, long draftId, int revision, String runBy, Instant startedAt, Instant finishedAt,
      boolean passed, List<PathRunner.Result> results, Map<String, Set<String>> coverage, String engineRefusal) {

    /** The paths that did not pass, as "process: path". */
    public List<String> failedPaths() {
      return failedPaths(java.util.Locale.ENGLISH);
    }

    /** The same, each path by its Chinese name (name.zh of the path file) for a Chinese reader when it has one. */
    public List<String> failedPaths(java.util.Locale locale) {
      boolean zh = "zh".equals(locale.getLanguage());
      return results.stream().filter(r -> !r.passed())
          .map(r -> r.process() + ": " + (zh && r.pathZh() != null && !r.pathZh().isBlank() ? r.pathZh() : r.path()))
          .toList();
    }
  }

  record Stored(List<PathRunner.Result> results, Map<String, Set<String>> coverage, String engineRefusal) {}

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  public PathRuns(JdbcTemplate jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Passed only when the engine took the bundle and every path of a non-empty run passed. */
  static boolean passed(Stored s) {
    return s.engineRefusal() == null && !s.results().isEmpty() && s.results().stream().allMatch(PathRunner.Result::passed);
  }

  Run add(long draftId, int revision, String by, Instant started, Instant finished, Stored stored) {
    boolean passed = passed(stored);
    long id = jdbc.queryForObject("INSERT INTO model_path_run (draft_id, revision, run_by, started_at, finished_at,"
        + " passed, report) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", Long.class, draftId, revision,
        by, Timestamp.from(started), Timestamp.from(finished), passed, write(stored));
    return new Run(id, draftId, revision, by, started, finished, passed, stored.results(), stored.coverage(),
        stored.engineRefusal());
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

  private String write(Stored s) {
    try {
      return json.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  Stored read(String stored) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = json.readTree(stored);
      // runs recorded before failures had codes kept them as English sentences
      for (com.fasterxml.jackson.databind.JsonNode result : tree.path("results")) {
        if (result.path("failures") instanceof com.fasterxml.jackson.databind.node.ArrayNode failures) {
          for (int i = 0; i < failures.size(); i++) {
            if (failures.get(i).isTextual()) {
              var coded = json.createObjectNode().put("code", LintCode.PATH_AS_RECORDED.name());
              coded.putArray("args").add(failures.get(i).asText());
              failures.set(i, coded);
            }
          }
        }
      }
      return json.treeToValue(tree, Stored.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored path run is not JSON", e);
    }
  }
}
