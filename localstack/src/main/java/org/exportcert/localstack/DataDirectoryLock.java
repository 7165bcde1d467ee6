package org.exportcert.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds an exclusive OS lock on a data directory, so a second instance started on the same
 * directory fails with a clear message instead of corrupting the database or the object store.
 * The OS releases the lock when the process dies, so a crash never leaves the directory stuck.
 */
public final class DataDirectoryLock implements AutoCloseable {

  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(Path lockFile, FileChannel channel, FileLock lock) {
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  public static DataDirectoryLock acquire(Path dataDirectory) {
    Path lockFile = dataDirectory.toAbsolutePath().normalize().resolve(".lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDirectory);
      channel =
          FileChannel.open(
              lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very JVM
      }
      if (lock == null) {
        String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
        channel.close();
        throw new DataDirectoryInUseException(
            "Data directory "
                + dataDirectory.toAbsolutePath().normalize()
                + " is in use by another ExportCert instance"
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + ". Stop that instance, or point EXPORTCERT_DATA_DIR at another directory.");
      }
      channel.truncate(0);
      channel.write(
          StandardCharsets.UTF_8.encode("pid " + ProcessHandle.current().pid()), 0);
      channel.force(true);
      return new DataDirectoryLock(lockFile, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Cannot lock data directory " + dataDirectory, e);
    }
  }

  public Path lockFile() {
    return lockFile;
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // the OS drops the lock with the channel anyway
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /** Thrown when another process (or this one) already holds the directory. */
  public static final class DataDirectoryInUseException extends IllegalStateException {
    public DataDirectoryInUseException(String message) {
      super(message);
    }
  }
}
