package org.exportcert.api.localstack.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backup archive holds, written as its last entry ({@value #ENTRY}): the versions that
 * wrote it, and every other entry with its size and SHA-256, so a restore can refuse a damaged
 * or cut-short archive before it touches anything.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
    String format,
    int formatVersion,
    Instant createdAt,
    String application,
    String engine,
    int journalFormat,
    long journalRecords,
    String postgres,
    Map<String, String> schema,
    String bucket,
    List<Table> tables,
    List<Sequence> sequences,
    List<StoredObject> objects,
    List<Part> parts) {

  public static final String ENTRY = "manifest.json";
  public static final String FORMAT = "exportcert-backup";
  public static final int FORMAT_VERSION = 1;

  /** One table of the database snapshot, in COPY text format under {@code database/<name>.copy}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Table(String name, List<String> columns, long rows) {}

  /** A sequence's position at the snapshot, set again on restore. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Sequence(String name, long lastValue, boolean isCalled) {}

  /** An object of the evidence bucket, under {@code objects/<key>}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StoredObject(String key, String contentType) {}

  /** An entry of the archive with its size and SHA-256. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Part(String path, long size, String sha256) {}

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the backup manifest", e);
    }
  }

  static BackupManifest fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, BackupManifest.class);
  }

  /** The tables' entry in the archive. */
  static String tablePath(String table) {
    return "database/" + table + ".copy";
  }

  static String objectPath(String key) {
    return "objects/" + key;
  }
}
