package org.exportcert.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's files: {@code journal.log} (the first segment, as engines before snapshots wrote
 * it: records from 0) and {@code journal-<first record>.log}. The directory listing is the truth, so
 * deleting old segments (snapshot thread) needs no state shared with the writer.
 */
final class Segments {

  private static final Logger LOG = LoggerFactory.getLogger(Segments.class);
  static final String LEGACY = "journal.log";
  private static final Pattern NAME = Pattern.compile("journal-(\\d{20})\\.log");

  record Segment(long start, Path file) {}

  private final Path directory;

  Segments(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + directory, e);
    }
  }

  /** All segments, oldest first. */
  List<Segment> list() {
    List<Segment> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> {
        String name = file.getFileName().toString();
        if (name.equals(LEGACY)) {
          segments.add(new Segment(0, file));
          return;
        }
        Matcher matcher = NAME.matcher(name);
        if (matcher.matches()) {
          segments.add(new Segment(Long.parseLong(matcher.group(1)), file));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list journal segments in " + directory, e);
    }
    segments.sort(Comparator.comparingLong(Segment::start));
    return segments;
  }

  Path create(long start) throws IOException {
    Path file = start == 0 ? directory.resolve(LEGACY) : directory.resolve(String.format("journal-%020d.log", start));
    Files.newByteChannel(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
    syncDirectory();
    return file;
  }

  /** Deletes each segment whose successor starts at or before {@code position}, never {@code current}. */
  void deleteBefore(long position, Path current) {
    List<Segment> all = list();
    for (int i = 0; i + 1 < all.size(); i++) {
      Segment segment = all.get(i);
      if (all.get(i + 1).start() <= position && !segment.file().equals(current)) {
        try {
          Files.deleteIfExists(segment.file());
        } catch (IOException e) {
          LOG.warn("could not delete journal segment {} a snapshot covers: {}", segment.file(), e.getMessage());
        }
      }
    }
  }

  /** Makes created, renamed and deleted names durable (Linux: fsync of the directory). */
  void syncDirectory() {
    syncDirectory(directory);
  }

  static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms (Windows) cannot open a directory; the rename itself is still atomic there
      LOG.debug("cannot sync directory {}: {}", directory, e.getMessage());
    }
  }
}
