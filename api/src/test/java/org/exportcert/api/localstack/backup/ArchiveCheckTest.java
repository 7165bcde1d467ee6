package org.exportcert.api.localstack.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore checks the whole archive before it touches anything, and refuses with a reason in
 * English and Chinese: a damaged part, a missing manifest (a backup cut short), an unknown format,
 * an entry a backup never holds, a target directory that is not empty.
 */
class ArchiveCheckTest {

  @TempDir Path dir;

  private static final byte[] JOURNAL = "journal bytes".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ROWS = "1\tEC-1\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OBJECT = "%PDF-1.7 evidence".getBytes(StandardCharsets.UTF_8);
  private static final String KEY = "cases/EC-1/evidence/abc";

  /** A small archive as the backup writes it; {@code edit} may change the manifest. */
  private Path archive(String name, UnaryOperator<BackupManifest> edit) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file); ArchiveWriter archive = new ArchiveWriter(out)) {
      try (OutputStream p = archive.part("engine/journal.log")) {
        p.write(JOURNAL);
      }
      try (OutputStream p = archive.part(BackupManifest.tablePath("evidence"))) {
        p.write(ROWS);
      }
      try (OutputStream p = archive.part(BackupManifest.objectPath(KEY))) {
        p.write(OBJECT);
      }
      archive.finish(edit.apply(new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION,
          Instant.parse("2026-12-07T05:00:00Z"), "test", "8.8.0", 1, 3, "14.22", Map.of("flyway_schema_history", "4.1"),
          "exportcert-evidence", List.of(new BackupManifest.Table("evidence", List.of("id", "case_id"), 1)),
          List.of(new BackupManifest.Sequence("case_number_seq", 7, true)),
          List.of(new BackupManifest.StoredObject(KEY, "application/pdf")), archive.parts())));
    }
    return file;
  }

  private Path archive(String name) throws IOException {
    return archive(name, m -> m);
  }

  @Test
  void anIntactArchiveIsReadWithItsManifest() throws IOException {
    BackupManifest manifest = Restore.verify(archive("ok.zip"));
    assertThat(manifest.parts()).extracting(BackupManifest.Part::path)
        .containsExactly("engine/journal.log", "database/evidence.copy", "objects/" + KEY);
    assertThat(manifest.parts().get(2).size()).isEqualTo(OBJECT.length);
    assertThat(manifest.parts().get(2).sha256())
        .isEqualTo("%064x".formatted(new java.math.BigInteger(1, ArchiveWriter.sha256().digest(OBJECT))));
    assertThat(manifest.sequences()).containsExactly(new BackupManifest.Sequence("case_number_seq", 7, true));
  }

  @Test
  void aPartWhoseBytesDifferFromTheManifestIsRefusedNamingThePart() throws IOException {
    Path ok = archive("ok.zip");
    // the manifest claims other content for the object than the archive holds
    Path bad = archive("bad.zip", m -> {
      List<BackupManifest.Part> parts = new ArrayList<>(m.parts());
      BackupManifest.Part object = parts.remove(2);
      parts.add(new BackupManifest.Part(object.path(), object.size(), "0".repeat(64)));
      return new BackupManifest(m.format(), m.formatVersion(), m.createdAt(), m.application(), m.engine(),
          m.journalFormat(), m.journalRecords(), m.postgres(), m.schema(), m.bucket(), m.tables(), m.sequences(),
          m.objects(), parts);
    });
    assertThat(Restore.verify(ok)).isNotNull();
    assertThatThrownBy(() -> Restore.verify(bad))
        .isInstanceOf(RestoreRefused.class)
        .hasMessageContaining("is damaged: objects/" + KEY)
        .satisfies(e -> assertThat(((RestoreRefused) e).message(Locale.CHINESE)).contains("已损坏"));
  }

  @Test
  void anArchiveCutShortIsRefused() throws IOException {
    Path ok = archive("ok.zip");
    byte[] bytes = Files.readAllBytes(ok);
    Path cut = dir.resolve("cut.zip");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> Restore.verify(cut))
        .isInstanceOf(RestoreRefused.class).extracting(e -> ((RestoreRefused) e).key())
        .isEqualTo("restore.not-an-archive");
  }

  @Test
  void anArchiveWithoutManifestAsAnInterruptedBackupLeavesItIsRefused() throws IOException {
    Path noManifest = dir.resolve("interrupted.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noManifest))) {
      zip.putNextEntry(new ZipEntry("engine/journal.log"));
      zip.write(JOURNAL);
      zip.closeEntry();
    }
    assertThatThrownBy(() -> Restore.verify(noManifest))
        .isInstanceOf(RestoreRefused.class)
        .hasMessageContaining("holds no readable manifest.json");
  }

  @Test
  void anUnknownFormatAndAnEntryABackupNeverHoldsAreRefused() throws IOException {
    Path newer = archive("newer.zip", m -> new BackupManifest(m.format(), 2, m.createdAt(), m.application(),
        m.engine(), m.journalFormat(), m.journalRecords(), m.postgres(), m.schema(), m.bucket(), m.tables(),
        m.sequences(), m.objects(), m.parts()));
    assertThatThrownBy(() -> Restore.verify(newer)).isInstanceOf(RestoreRefused.class)
        .hasMessageContaining("format exportcert-backup version 2");

    Path escaping = archive("escaping.zip", m -> new BackupManifest(m.format(), m.formatVersion(), m.createdAt(),
        m.application(), m.engine(), m.journalFormat(), m.journalRecords(), m.postgres(), m.schema(), m.bucket(),
        m.tables(), m.sequences(), List.of(new BackupManifest.StoredObject("../../etc/passwd", null)), m.parts()));
    assertThatThrownBy(() -> Restore.verify(escaping)).isInstanceOf(RestoreRefused.class)
        .hasMessageContaining("../../etc/passwd");
  }

  @Test
  void aTargetDirectoryThatIsNotEmptyIsRefusedAndLeftAlone() throws IOException {
    Path archive = archive("ok.zip");
    Path target = Files.createDirectories(dir.resolve("data"));
    Path kept = Files.writeString(target.resolve("postgres-credentials.properties"), "keep me");
    assertThatThrownBy(() -> Restore.restore(archive, target, line -> {}))
        .isInstanceOf(RestoreRefused.class)
        .hasMessageContaining("is not empty");
    assertThat(Files.readString(kept)).isEqualTo("keep me");
  }

  @Test
  void theCommandPrintsItsRefusalInEnglishAndChineseAndExitsWithOne() throws IOException {
    Path noSuch = dir.resolve("missing.zip");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RestoreCommand.run(new String[] {noSuch.toString(), "--data-dir=" + dir.resolve("x")},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Restore refused: The archive " + noSuch + " does not exist")
        .contains("拒绝恢复：备份文件 " + noSuch + " 不存在");
    assertThat(RestoreCommand.run(new String[] {}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
    assertThat(RestoreCommand.run(new String[] {"--verify-only", archive("ok.zip").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("is intact: 3 parts");
  }
}
