package org.exportcert.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal segment whose records stop being intact before its end: either a torn tail (the
 * record being written when the process was killed: nothing intact follows it, so it was never
 * acknowledged and is cut off) or damage (a disk fault, an edited file: intact records follow the
 * bad one, in this segment or in later segments, so cutting there would silently lose committed
 * commands). Damage stops the start unless the operator accepts the loss; then the journal is cut
 * at the bad record and everything after it is moved aside, not deleted.
 */
final class Damage {

  private static final Logger LOG = LoggerFactory.getLogger(Damage.class);
  /** Set to true to start although the journal is damaged, without the commands from the damage on. */
  static final String ACCEPT_LOSS = "EXPORTCERT_ENGINE_JOURNAL_ACCEPT_LOSS";

  private Damage() {}

  /**
   * Counts the intact records after the bad one at {@code bad}: any offset after it where a
   * header's length fits the file and its checksum matches the payload starts one (records hold
   * JSON, which has no bytes 0-4, so a record cannot seem to start inside a torn record's text).
   */
  static long intactRecordsAfter(FileChannel channel, long bad, int header, int maxRecord) throws IOException {
    long available = channel.size() - bad;
    ByteBuffer rest = ByteBuffer.allocate((int) Math.min(available, Integer.MAX_VALUE - 16));
    while (rest.hasRemaining() && channel.read(rest, bad + rest.position()) >= 0) {
      // read on
    }
    byte[] bytes = rest.array();
    int end = rest.position();
    long found = 0;
    int at = 1;
    while (at + header <= end) {
      int length = rest.getInt(at);
      if (length > 0 && length <= maxRecord && (long) at + header + length <= end
          && checksum(bytes, at + header, length) == rest.getInt(at + 4)) {
        found++;
        at += header + length;
      } else {
        at++;
      }
    }
    return found;
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private static int checksum(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** Cuts a torn tail off the last segment: normal after a kill during a write. */
  static void cutTornTail(FileChannel channel, Path file, long valid) throws IOException {
    LOG.warn("journal {}: cutting off {} bytes of a torn tail at offset {} (a write the engine was killed in, never"
        + " acknowledged; no intact record follows it)", file, channel.size() - valid, valid);
    channel.truncate(valid);
    channel.force(true);
  }

  /**
   * Refuses to start on damage at byte {@code valid} (journal record {@code record}) of
   * {@code segment}, or, when {@code acceptLoss}, cuts it there, moves the cut-off bytes and the
   * later segments aside ({@code <name>.dropped-<millis>}) and logs what went.
   */
  static void damaged(FileChannel channel, Segments.Segment segment, long valid, long record, long intactAfter,
      List<Segments.Segment> later, boolean acceptLoss, Segments segments) throws IOException {
    String followers = (intactAfter > 0 ? count(intactAfter, "intact record") + " in this segment" : "")
        + (intactAfter > 0 && !later.isEmpty() ? " and " : "")
        + (later.isEmpty() ? "" : count(later.size(), "later segment") + " (from record " + later.get(0).start() + ")")
        + (intactAfter + later.size() == 1 ? " follows it" : " follow it");
    String problem = "journal segment " + segment.file() + " is damaged at byte offset " + valid + " (journal record "
        + record + "): the record there fails its length or checksum check, yet " + followers
        + ", so this is not a write torn by a crash but damage (a disk fault or an edited file)";
    if (!acceptLoss) {
      throw new IllegalStateException(problem + ". Starting would silently lose the commands from record " + record
          + " on: restore the data directory from a backup (docs/operations.md, \"Backups\"), or start once with "
          + ACCEPT_LOSS + "=true to cut the journal there and go on without them");
    }
    String suffix = ".dropped-" + System.currentTimeMillis();
    Path kept = segment.file().resolveSibling(segment.file().getFileName() + suffix);
    try (FileChannel copy = FileChannel.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.transferTo(valid, channel.size() - valid, copy);
      copy.force(true);
    }
    long bytes = channel.size() - valid;
    channel.truncate(valid);
    channel.force(true);
    for (Segments.Segment dropped : later) {
      Files.move(dropped.file(), dropped.file().resolveSibling(dropped.file().getFileName() + suffix),
          StandardCopyOption.ATOMIC_MOVE);
    }
    segments.syncDirectory();
    LOG.warn("{}; {}=true: cut the journal at record {}, dropping {} bytes (the damaged record and {} intact ones after"
        + " it){} (kept in {}{}); the engine goes on from the state before record {}", problem, ACCEPT_LOSS, record, bytes,
        intactAfter, later.isEmpty() ? "" : " and " + count(later.size(), "later segment"), kept,
        later.isEmpty() ? "" : " and the segments' names with " + suffix, record);
  }
}
