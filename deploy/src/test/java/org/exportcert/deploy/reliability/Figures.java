package org.exportcert.deploy.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures a run measured, appended to {@code deploy/target/reliability/figures.md} (and the
 * test's output) so that docs/reliability.md can quote them.
 */
final class Figures {

  private Figures() {}

  static synchronized void record(String section, String line) {
    String text = "- **" + section + "** (" + Instant.now() + "): " + line + System.lineSeparator();
    System.out.print(text);
    Path file = Path.of("target", "reliability", "figures.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
