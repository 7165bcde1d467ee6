package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTypesTest {

  @TempDir Path dir;

  Optional<String> sniff(byte[] content) throws IOException {
    Path f = Files.write(dir.resolve("f" + System.nanoTime()), content);
    byte[] head = Arrays.copyOf(content, MediaTypes.HEAD);
    return MediaTypes.sniff(head, Math.min(content.length, MediaTypes.HEAD), f);
  }

  static byte[] zip(String... entries) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (String e : entries) {
        zip.putNextEntry(new ZipEntry(e));
        zip.write("x".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void recognisesTheAllowedTypesByTheirContent() throws IOException {
    assertThat(sniff("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII))).contains(MediaTypes.PDF);
    assertThat(sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0}))
        .contains(MediaTypes.PNG);
    assertThat(sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0})).contains(MediaTypes.JPEG);
    assertThat(sniff(zip("[Content_Types].xml", "word/document.xml"))).contains(MediaTypes.DOCX);
    assertThat(sniff(zip("xl/workbook.xml"))).contains(MediaTypes.XLSX);
    assertThat(sniff(zip("a.txt"))).contains(MediaTypes.ZIP);
    assertThat(sniff(" {\"a\": [1, 2]}\n".getBytes(StandardCharsets.UTF_8))).contains(MediaTypes.JSON);
    assertThat(sniff("Grüße, architecture notes\r\n".getBytes(StandardCharsets.UTF_8))).contains(MediaTypes.TEXT);
  }

  @Test
  void brokenJsonIsOnlyTextAndBinaryIsNothingKnown() throws IOException {
    assertThat(sniff("{\"a\": ".getBytes(StandardCharsets.UTF_8))).contains(MediaTypes.TEXT);
    assertThat(sniff("{} {}".getBytes(StandardCharsets.UTF_8))).contains(MediaTypes.TEXT);
    assertThat(sniff(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0})).isEmpty();
    assertThat(sniff(new byte[] {(byte) 0xC3, 0x28, 'a'})).isEmpty();
    assertThat(sniff(new byte[0])).isEmpty();
  }

  @Test
  void aMultiByteCharacterCutByTheHeadIsStillText() throws IOException {
    byte[] content = ("a".repeat(MediaTypes.HEAD - 1) + "é and more").getBytes(StandardCharsets.UTF_8);
    assertThat(sniff(content)).contains(MediaTypes.TEXT);
  }
}
