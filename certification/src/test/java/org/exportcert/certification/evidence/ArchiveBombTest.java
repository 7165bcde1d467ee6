package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Type detection reads a zip's directory only, and refuses archives no document looks like. */
class ArchiveBombTest {

  @TempDir Path dir;

  String sniff(Path file) throws IOException {
    byte[] head = new byte[MediaTypes.HEAD];
    int n;
    try (var in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return MediaTypes.sniff(head, n, file).orElseThrow();
  }

  /** A zip with one entry of {@code mebibytes} MiB of zeros, written without holding it in memory. */
  Path zeros(String entry, int mebibytes) throws IOException {
    Path file = dir.resolve("bomb-" + mebibytes + ".zip");
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file); var zip = new ZipOutputStream(out)) {
      zip.setLevel(9);
      zip.putNextEntry(new ZipEntry(entry));
      for (int i = 0; i < mebibytes; i++) {
        zip.write(block);
      }
      zip.closeEntry();
    }
    return file;
  }

  @Test
  void aZipOfOneGibibyteOfZerosIsRefusedByItsCompressionRatioWithoutUnpackingIt() throws IOException {
    Path bomb = zeros("word/document.xml", 1024);
    assertThat(Files.size(bomb)).isLessThan(2L << 20);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> sniff(bomb))
        .isInstanceOfSatisfying(EvidenceRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(EvidenceRejectedException.Reason.UNSAFE_ARCHIVE))
        .hasMessageContaining("compressed more than 100 to 1");
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("1 GiB-of-zeros zip (%d bytes) refused in %d ms%n", Files.size(bomb), millis);
  }

  @Test
  void tooManyEntriesAreRefused() throws IOException {
    Path file = dir.resolve("many.zip");
    try (OutputStream out = Files.newOutputStream(file); var zip = new ZipOutputStream(out)) {
      for (int i = 0; i <= ArchiveLimits.MAX_ENTRIES; i++) {
        zip.putNextEntry(new ZipEntry("e" + i));
        zip.closeEntry();
      }
    }
    assertThatThrownBy(() -> sniff(file))
        .isInstanceOf(EvidenceRejectedException.class)
        .hasMessageContaining("more than 10000 entries");
  }

  @Test
  void ordinaryDocumentsAndSmallHighlyCompressedEntriesPass() throws IOException {
    // 512 KiB of zeros compresses ~1000:1 but is below the floor where the ratio counts
    Path file = dir.resolve("report.xlsx");
    try (OutputStream out = Files.newOutputStream(file); var zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<Types/>".getBytes());
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("xl/sheet.xml"));
      zip.write(new byte[512 * 1024]);
      zip.closeEntry();
    }
    assertThat(sniff(file)).isEqualTo(MediaTypes.XLSX);
  }
}
