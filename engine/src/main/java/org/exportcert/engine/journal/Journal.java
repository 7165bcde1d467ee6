package org.exportcert.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only command journal. Each record is {@code [int length][int crc32c][payload]}; a torn
 * or corrupt tail (the record being written when the process was killed) is detected by its length
 * or checksum and cut off on open, so everything before it, which was acknowledged, is kept.
 *
 * <p>Not thread-safe: only the command processor thread appends. {@link #sync()} is the group
 * commit: every record appended since the last call becomes durable with one fsync.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 64 * 1024 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final boolean fsync;
  private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
  private long records;

  private Journal(Path file, FileChannel channel, boolean fsync) {
    this.file = file;
    this.channel = channel;
    this.fsync = fsync;
  }

  /**
   * Opens (creating if needed) the journal in {@code directory}, hands every intact record to
   * {@code replay} in order, cuts off a torn tail, and positions for appending.
   */
  public static Journal open(Path directory, boolean fsync, Consumer<byte[]> replay) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("journal.log");
      FileChannel channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Journal journal = new Journal(file, channel, fsync);
      long valid;
      try {
        valid = journal.replay(replay);
      } catch (RuntimeException | IOException e) {
        channel.close(); // a record replay refused (e.g. a newer format) must not leak the file
        throw e;
      }
      if (valid < channel.size()) {
        LOG.warn(
            "journal {}: cutting off {} bytes of a torn or corrupt tail at offset {}",
            file,
            channel.size() - valid,
            valid);
        channel.truncate(valid);
        channel.force(true);
      }
      channel.position(valid);
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal in " + directory, e);
    }
  }

  private long replay(Consumer<byte[]> replay) throws IOException {
    long size = channel.size();
    long position = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (position + HEADER <= size) {
      header.clear();
      readFully(header, position);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length <= 0 || length > MAX_RECORD || position + HEADER + length > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(payload, position + HEADER);
      byte[] bytes = payload.array();
      if (checksum(bytes) != crc) {
        break;
      }
      replay.accept(bytes);
      records++;
      position += HEADER + length;
    }
    return position;
  }

  private void readFully(ByteBuffer target, long position) throws IOException {
    while (target.hasRemaining()) {
      int read = channel.read(target, position + target.position());
      if (read < 0) {
        throw new IOException("unexpected end of journal");
      }
    }
  }

  private static int checksum(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length);
    return (int) crc.getValue();
  }

  /** Buffers one record; it is durable after the next {@link #sync()}. */
  public void append(String record) {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    int needed = HEADER + bytes.length;
    if (buffer.remaining() < needed) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + needed));
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    buffer.putInt(bytes.length).putInt(checksum(bytes)).put(bytes);
    records++;
  }

  /**
   * Hands over the records appended since the last call (processor thread), to be written with
   * {@link #write(ByteBuffer)} and made durable with {@link #force()} by the sync thread.
   */
  public ByteBuffer takeBuffered() {
    if (buffer.position() == 0) {
      return null;
    }
    ByteBuffer full = buffer;
    full.flip();
    buffer = ByteBuffer.allocate(Math.max(64 * 1024, Math.min(full.capacity(), 1 << 20)));
    return full;
  }

  /** Appends a chunk of records to the file (sync thread). */
  public void write(ByteBuffer chunk) {
    try {
      while (chunk.hasRemaining()) {
        channel.write(chunk);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write journal " + file, e);
    }
  }

  /** Forces written records to disk: one fsync for everything written since the last one. */
  public void force() {
    if (!fsync) {
      return;
    }
    try {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync journal " + file, e);
    }
  }

  /** Writes and forces buffered records in the calling thread (when no sync thread runs). */
  public void sync() {
    ByteBuffer chunk = takeBuffered();
    if (chunk != null) {
      write(chunk);
      force();
    }
  }

  /** The journal's file. */
  public Path file() {
    return file;
  }

  /** Bytes written to the file so far (a record boundary once {@link #sync()} or a drain ran). */
  public long size() {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  /**
   * Copies the first {@code length} bytes of a journal file, record by record, checking each
   * record's length and checksum: what a backup takes of a journal that is still being appended
   * to. {@code length} must be a record boundary (see {@code ExportCertEngine.cutJournal}).
   *
   * @return the number of records copied
   * @throws IllegalStateException when a record before {@code length} is torn or corrupt
   */
  public static long copyPrefix(Path journalFile, long length, java.io.OutputStream out) throws IOException {
    try (FileChannel channel = FileChannel.open(journalFile, StandardOpenOption.READ)) {
      if (channel.size() < length) {
        throw new IllegalStateException("the journal " + journalFile + " is shorter (" + channel.size()
            + " bytes) than its cut at " + length + " bytes; was it purged meanwhile?");
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      long position = 0;
      long copied = 0;
      while (position < length) {
        header.clear();
        readFully(channel, header, position);
        header.flip();
        int recordLength = header.getInt();
        int crc = header.getInt();
        if (recordLength <= 0 || recordLength > MAX_RECORD || position + HEADER + recordLength > length) {
          throw new IllegalStateException("the journal " + journalFile + " has no record boundary at "
              + length + " bytes (a record at " + position + " claims " + recordLength + " bytes)");
        }
        ByteBuffer payload = ByteBuffer.allocate(recordLength);
        readFully(channel, payload, position + HEADER);
        if (checksum(payload.array()) != crc) {
          throw new IllegalStateException("the journal " + journalFile + " has a corrupt record at " + position);
        }
        header.flip();
        out.write(header.array(), 0, HEADER);
        out.write(payload.array());
        position += HEADER + recordLength;
        copied++;
      }
      return copied;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
    while (target.hasRemaining()) {
      int read = channel.read(target, position + target.position());
      if (read < 0) {
        throw new IOException("unexpected end of journal");
      }
    }
  }

  /** Number of records replayed plus appended. */
  public long records() {
    return records;
  }

  /** Drops every record (used by purge): the journal restarts empty. */
  public void reset() {
    try {
      buffer.clear();
      channel.truncate(0);
      channel.position(0);
      channel.force(true);
      records = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset journal " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      sync();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
