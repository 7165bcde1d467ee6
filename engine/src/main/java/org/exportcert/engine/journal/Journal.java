package org.exportcert.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only command journal in segments ({@link Segments}). Each record is {@code [int
 * length][int crc32c][payload]}; a torn tail of the last segment (the record being written when
 * the process was killed: no intact record after it) is detected by its length or checksum and cut
 * off on open, so everything before it, which was acknowledged, is kept. A bad record that intact
 * records follow is damage and stops the start ({@link Damage}).
 *
 * <p>Records are numbered from 0 across segments (the journal position). A snapshot of the state
 * after record {@code n - 1} lets a start skip the first {@code n} records; {@link #roll()} starts
 * a new segment so the ones a snapshot covers can be deleted whole.
 *
 * <p>Not thread-safe: only the command processor thread appends. {@link #sync()} is the group
 * commit: every record appended since the last call becomes durable with one fsync.
 */
public final class Journal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int HEADER = 8;
  private static final int MAX_RECORD = 64 * 1024 * 1024;

  private final Segments segments;
  private final boolean fsync;
  private volatile FileChannel channel;
  private volatile Path file;
  private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
  private long records;
  /** The record the journal was cut at because of damage ({@link #ACCEPT_LOSS}), -1 when it was not. */
  private long cutAt = -1;

  private Journal(Segments segments, boolean fsync) {
    this.segments = segments;
    this.fsync = fsync;
  }

  /** Opens the journal in {@code directory} and replays all of it (see {@link #open(Path, boolean, long, Consumer)}). */
  public static Journal open(Path directory, boolean fsync, Consumer<byte[]> replay) {
    return open(directory, fsync, 0, replay);
  }

  /**
   * Opens (creating if needed) the journal in {@code directory}, hands every intact record from
   * position {@code from} on to {@code replay} in order, cuts off a torn tail, and positions for
   * appending. Fails when the records before {@code from}'s segment are needed but gone, or the
   * journal ends before {@code from}.
   */
  public static Journal open(Path directory, boolean fsync, long from, Consumer<byte[]> replay) {
    return open(directory, fsync, from, false, replay);
  }

  /** The name of the environment variable that lets a start go on without a damaged journal's end. */
  public static final String ACCEPT_LOSS = Damage.ACCEPT_LOSS;

  /**
   * As {@link #open(Path, boolean, long, Consumer)}; damage (a bad record that intact records
   * follow) refuses the start unless {@code acceptLoss}, which cuts the journal at the bad record
   * (see {@link #cutAt()}).
   */
  public static Journal open(Path directory, boolean fsync, long from, boolean acceptLoss, Consumer<byte[]> replay) {
    Segments segments = new Segments(directory);
    Journal journal = new Journal(segments, fsync);
    try {
      List<Segments.Segment> all = segments.list();
      if (all.isEmpty()) {
        journal.openSegment(segments.create(from == 0 ? 0 : from));
        journal.records = from;
        return journal;
      }
      int first = 0;
      while (first + 1 < all.size() && all.get(first + 1).start() <= from) {
        first++;
      }
      if (all.get(first).start() > from) {
        throw new IllegalStateException("journal in " + directory + " starts at record " + all.get(first).start()
            + " but record " + from + " is needed" + (from == 0 ? " (no snapshot could be read: see the warnings before)" : "")
            + ": restore the data directory from a backup");
      }
      long position = all.get(first).start();
      for (int i = first; i < all.size(); i++) {
        Segments.Segment segment = all.get(i);
        if (segment.start() != position) {
          throw new IllegalStateException("journal segment " + segment.file() + " starts at record " + segment.start()
              + " but the one before it ends at " + position + ": restore the data directory from a backup");
        }
        boolean last = i == all.size() - 1;
        FileChannel channel = FileChannel.open(segment.file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
          long[] counted = {position};
          long valid = readRecords(channel, bytes -> {
            if (counted[0] >= from) {
              replay.accept(bytes);
            }
            counted[0]++;
          });
          position = counted[0];
          if (valid < channel.size()) {
            long intactAfter = Damage.intactRecordsAfter(channel, valid, HEADER, MAX_RECORD);
            if (last && intactAfter == 0) {
              Damage.cutTornTail(channel, segment.file(), valid);
            } else {
              Damage.damaged(channel, segment, valid, position, intactAfter, all.subList(i + 1, all.size()), acceptLoss,
                  segments);
              journal.cutAt = position;
              last = true; // the later segments were moved aside: append here
            }
          }
          if (last) {
            channel.position(valid);
            journal.channel = channel;
            journal.file = segment.file();
            break;
          } else {
            channel.close();
          }
        } catch (RuntimeException | IOException e) {
          channel.close(); // a record replay refused (e.g. a newer format) must not leak the file
          throw e;
        }
      }
      if (position < from) {
        journal.channel.close();
        throw new IllegalStateException("journal in " + directory + " ends at record " + position
            + " but a snapshot covers up to record " + from);
      }
      journal.records = position;
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal in " + directory, e);
    }
  }

  /** The first record the journal in {@code directory} holds (0 when it is empty or new). */
  public static long firstRecord(Path directory) {
    List<Segments.Segment> all = new Segments(directory).list();
    return all.isEmpty() ? 0 : all.get(0).start();
  }

  private void openSegment(Path segmentFile) throws IOException {
    FileChannel opened = FileChannel.open(segmentFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    opened.position(opened.size());
    this.channel = opened;
    this.file = segmentFile;
  }

  /** Reads intact records from the start of {@code channel}; returns where the intact part ends. */
  private static long readRecords(FileChannel channel, Consumer<byte[]> replay) throws IOException {
    long size = channel.size();
    long position = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (position + HEADER <= size) {
      header.clear();
      readFully(channel, header, position);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      if (length <= 0 || length > MAX_RECORD || position + HEADER + length > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(channel, payload, position + HEADER);
      byte[] bytes = payload.array();
      if (checksum(bytes) != crc) {
        break;
      }
      replay.accept(bytes);
      position += HEADER + length;
    }
    return position;
  }

  private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
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
    append(record.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #append(String)} of a record already in UTF-8. */
  public void append(byte[] bytes) {
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

  /**
   * Fault injection for the kill -9 tests only: milliseconds each group commit waits before it
   * writes (a slow disk), so a test can kill the engine while executed commands' records are not
   * yet in the file, as a busy disk's fsync of the group before makes them wait.
   */
  static final String SLOW_WRITE_PROPERTY = "exportcert.engine.journal.test-write-delay-ms";
  private static final long SLOW_WRITE_MS = Long.getLong(SLOW_WRITE_PROPERTY, 0);

  /** Appends a chunk of records to the file (sync thread). */
  public void write(ByteBuffer chunk) {
    if (SLOW_WRITE_MS > 0) {
      try {
        Thread.sleep(SLOW_WRITE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      while (chunk.hasRemaining()) {
        channel.write(chunk);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write journal " + file + ": " + e.getMessage(), e);
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
      throw new UncheckedIOException("cannot sync journal " + file + ": " + e.getMessage(), e);
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

  /**
   * The journal record the start cut a damaged journal at, as {@link #ACCEPT_LOSS} allowed: the
   * commands from there on were dropped. -1 when nothing but a torn tail was cut.
   */
  public long cutAt() {
    return cutAt;
  }

  /** Number of records replayed plus appended: the position the next record gets. */
  public long records() {
    return records;
  }

  /**
   * Makes everything durable and continues in a new segment starting at {@link #records()}.
   * Called by the processor thread while no write is in flight on the sync thread.
   */
  public void roll() {
    try {
      sync();
      channel.force(true); // whatever fsync says: a snapshot may soon depend on this segment being whole
      if (channel.size() == 0) {
        return; // nothing in this segment yet: keep writing to it
      }
      FileChannel old = channel;
      openSegment(segments.create(records));
      old.close();
      segments.syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a new journal segment after " + file, e);
    }
  }

  /** Deletes the segments holding only records before {@code position} (a durable snapshot covers them). */
  public void deleteBefore(long position) {
    segments.deleteBefore(position, file);
  }

  /** Lets the file go without writing what is still buffered (a simulated crash). */
  public void abandon() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
