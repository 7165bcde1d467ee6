package org.exportcert.engine.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot files in the data directory: {@code snapshot-<journal position>.snap}, each
 * {@code [magic "XCSNAPSH"][int format][long position][long length][int crc32c][payload]}. A
 * snapshot is written to a {@code .tmp} file, forced, renamed atomically and the directory forced,
 * so a crash leaves either the complete file or none; a file that still fails its length or
 * checksum (a disk fault) is skipped and the one before it used.
 */
public final class SnapshotStore {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final byte[] MAGIC = {'X', 'C', 'S', 'N', 'A', 'P', 'S', 'H'};
  private static final int HEADER = MAGIC.length + 4 + 8 + 8 + 4;
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");
  /**
   * Fault injection for the kill -9 test only: milliseconds to pause half way through writing a
   * snapshot, so the test can kill the engine while a snapshot is being written.
   */
  static final String PAUSE_PROPERTY = "exportcert.engine.snapshot.test-pause-ms";

  /** A snapshot read back and checked: the journal position it covers and its payload. */
  public record Stored(long position, int format, byte[] payload, Path file) {}

  private final Path directory;
  private final boolean fsync;

  public SnapshotStore(Path directory, boolean fsync) {
    this.directory = directory;
    this.fsync = fsync;
    try {
      Files.createDirectories(directory);
      try (Stream<Path> files = Files.list(directory)) {
        for (Path leftover : files.filter(f -> f.getFileName().toString().endsWith(".snap.tmp")).toList()) {
          Files.deleteIfExists(leftover); // a snapshot a crash interrupted: never renamed, never used
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open snapshots in " + directory, e);
    }
  }

  /** Positions of the complete-looking snapshot files, newest first. */
  public List<Long> positions() {
    List<Long> positions = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(file -> {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          positions.add(Long.parseLong(matcher.group(1)));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshots in " + directory, e);
    }
    positions.sort(Comparator.reverseOrder());
    return positions;
  }

  private Path file(long position) {
    return directory.resolve(String.format("snapshot-%020d.snap", position));
  }

  /**
   * The newest snapshot that is intact and that {@code restore} accepts (it returns null or throws
   * to refuse one, e.g. an unknown format), with what restore made of it; null when none is usable.
   */
  public <T> Restored<T> loadNewest(Function<Stored, T> restore) {
    unusable.clear();
    for (long position : positions()) {
      Path file = file(position);
      try {
        Stored stored = read(file, position);
        T restored = restore.apply(stored);
        if (restored != null) {
          return new Restored<>(stored, restored);
        }
        LOG.warn("snapshot {} was refused; trying an older one", file);
        unusable.add(file + " (refused)");
      } catch (RuntimeException | IOException e) {
        LOG.warn("snapshot {} is unusable ({}); trying an older one", file, e.toString());
        unusable.add(file + " (" + e.getMessage() + ")");
      }
    }
    return null;
  }

  private final List<String> unusable = new ArrayList<>();

  /** The snapshots the last {@link #loadNewest} skipped, each with why, newest first. */
  public List<String> unusable() {
    return List.copyOf(unusable);
  }

  Path directory() {
    return directory;
  }

  public record Restored<T>(Stored snapshot, T value) {}

  private static Stored read(Path file, long position) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < HEADER) {
      throw new IOException("shorter than a snapshot header");
    }
    ByteBuffer buffer = ByteBuffer.wrap(all);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a snapshot file");
    }
    int format = buffer.getInt();
    long recorded = buffer.getLong();
    long length = buffer.getLong();
    int crc = buffer.getInt();
    if (recorded != position) {
      throw new IOException("names position " + position + " but holds " + recorded);
    }
    if (length != all.length - HEADER) {
      throw new IOException("truncated: " + (all.length - HEADER) + " of " + length + " bytes");
    }
    byte[] payload = java.util.Arrays.copyOfRange(all, HEADER, all.length);
    if (checksum(payload) != crc) {
      throw new IOException("checksum mismatch");
    }
    return new Stored(position, format, payload, file);
  }

  /** Writes a snapshot atomically; when this returns it is durable (with fsync on) and complete. */
  public void write(long position, int format, byte[] payload) {
    Path target = file(position);
    Path temporary = directory.resolve(target.getFileName() + ".tmp");
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    header.put(MAGIC).putInt(format).putLong(position).putLong(payload.length).putInt(checksum(payload)).flip();
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE); OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        while (header.hasRemaining()) {
          channel.write(header);
        }
        int half = payload.length / 2;
        out.write(payload, 0, half);
        pauseForTest();
        out.write(payload, half, payload.length - half);
        out.flush();
        if (fsync) {
          channel.force(true);
        }
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory();
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the next start deletes it
      }
      throw new UncheckedIOException("cannot write snapshot " + target, e);
    }
  }

  /** Deletes every snapshot older than {@code keepFrom} (the previous one stays as a fallback). */
  public void deleteBefore(long keepFrom) {
    for (long position : positions()) {
      if (position < keepFrom) {
        try {
          Files.deleteIfExists(file(position));
        } catch (IOException e) {
          LOG.warn("could not delete old snapshot {}: {}", file(position), e.getMessage());
        }
      }
    }
  }

  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot sync directory {}: {}", directory, e.getMessage());
    }
  }

  private static void pauseForTest() {
    String pause = System.getProperty(PAUSE_PROPERTY);
    if (pause != null) {
      try {
        Thread.sleep(Long.parseLong(pause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length);
    return (int) crc.getValue();
  }
}
