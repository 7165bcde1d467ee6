package org.exportcert.api.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh data directory under target/ per test class, so runs never see each other's data. */
public final class TestDataDirectories {

  private TestDataDirectories() {}

  public static Path fresh(String name) {
    Path dir = Path.of("target", "test-data", name).toAbsolutePath();
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> paths = Files.walk(dir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
