package org.exportcert.api.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.exportcert.api.cases.CaseQueries;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The bundles ExportCert deployed, kept whole (every file as deployed) so a program manager can open
 * the deployed bundle or an earlier one again. Before the first recorded deployment the deployed
 * bundle is the one shipped on the classpath, which the application deploys at start.
 */
@Component
public class ModelReleases {

  /** Release id 0: the shipped models, deployed at start. */
  public static final long SHIPPED = 0;

  /**
   * @param draftName the name the program manager gave the change it came from (a Chinese name gives
   *     the version tag no words: "draft-1-r3"), null for the shipped models
   */
  public record Release(long id, String versionTag, long deploymentKey, String deployedBy,
      Instant deployedAt, Long draftId, String draftName) {}

  public record Bundle(Release release, SortedMap<String, String> files) {}

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;
  private final Clock clock;

  public ModelReleases(JdbcTemplate jdbc, ObjectMapper json, Optional<Clock> clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock.orElse(Clock.systemUTC());
  }

  /** One page of the releases, newest first; the shipped bundle is the last one of all. */
  public CaseQueries.Page<Release> list(int page, int size) {
    Long counted = jdbc.queryForObject("SELECT count(*) FROM model_release", Long.class);
    long recordedTotal = counted == null ? 0 : counted;
    long offset = (long) page * size;
    List<Release> items = new java.util.ArrayList<>(jdbc.query("SELECT r.id, r.version_tag, r.deployment_key,"
        + " r.deployed_by, r.deployed_at, r.draft_id, d.name FROM model_release r LEFT JOIN model_draft d ON d.id = r.draft_id"
        + " ORDER BY r.id DESC LIMIT ? OFFSET ?", (rs, i) -> new Release(
            rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
            (Long) rs.getObject(6), rs.getString(7)), size, offset));
    if (items.size() < size && offset + items.size() == recordedTotal) {
      items.add(shippedRelease());
    }
    return new CaseQueries.Page<>(items, recordedTotal + 1, page, size);
  }

  /**
   * What is deployed now: the newest recorded release, unless the application deployed a newer
   * shipped bundle at start since (an upgrade); else the shipped bundle.
   */
  public Bundle deployed() {
    Release newest = jdbc.query("SELECT id, deployed_at FROM model_release ORDER BY id DESC LIMIT 1", rs -> rs.next()
        ? new Release(rs.getLong(1), null, 0, null, rs.getTimestamp(2).toInstant(), null, null) : null);
    if (newest == null) {
      return shipped();
    }
    Timestamp shippedAt = jdbc.queryForObject("SELECT max(deployed_at) FROM shipped_models_deployment", Timestamp.class);
    if (shippedAt != null && shippedAt.toInstant().isAfter(newest.deployedAt())) {
      return shipped();
    }
    return get(newest.id()).orElseThrow();
  }

  public Optional<Bundle> get(long id) {
    if (id == SHIPPED) {
      return Optional.of(shipped());
    }
    return jdbc.query("SELECT r.id, r.version_tag, r.deployment_key, r.deployed_by, r.deployed_at, r.draft_id, r.files,"
        + " d.name FROM model_release r LEFT JOIN model_draft d ON d.id = r.draft_id WHERE r.id = ?", rs -> rs.next()
            ? Optional.of(new Bundle(new Release(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), (Long) rs.getObject(6), rs.getString(8)), files(rs.getString(7))))
            : Optional.empty(), id);
  }

  /** Joins the caller's transaction: a failed deploy records nothing. */
  public long record(String versionTag, long deploymentKey, String by, Long draftId, Map<String, String> files) {
    return jdbc.queryForObject("INSERT INTO model_release (version_tag, deployment_key, deployed_by, deployed_at,"
        + " draft_id, files) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", Long.class, versionTag, deploymentKey, by,
        Timestamp.from(clock.instant()), draftId, write(files));
  }

  String write(Map<String, String> files) {
    try {
      return json.writeValueAsString(new TreeMap<>(files));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  SortedMap<String, String> files(String stored) {
    try {
      return new TreeMap<>(json.readValue(stored, new TypeReference<Map<String, String>>() {}));
    } catch (IOException e) {
      throw new IllegalStateException("stored bundle is not JSON", e);
    }
  }

  private static Release shippedRelease() {
    return new Release(SHIPPED, "shipped", 0, "ExportCert", Instant.EPOCH, null, null);
  }

  private static Bundle shipped() {
    SortedMap<String, String> files = new TreeMap<>();
    var resolver = new PathMatchingResourcePatternResolver();
    try {
      for (String pattern : List.of("classpath*:models/*.bpmn", "classpath*:models/*.dmn", "classpath*:forms/*.form")) {
        for (Resource r : resolver.getResources(pattern)) {
          try (InputStream in = r.getInputStream()) {
            files.put(r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("the shipped models cannot be read", e);
    }
    return new Bundle(shippedRelease(), files);
  }
}
