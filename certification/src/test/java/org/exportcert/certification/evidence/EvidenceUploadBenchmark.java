package org.exportcert.certification.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.exportcert.certification.DomainTest;
import org.exportcert.certification.TestCases;
import org.exportcert.certification.eligibility.ApplicationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Uploads 1 GiB through the evidence store and measures heap growth and throughput against the
 * disk's own sequential write speed, measured in the same run on the same directory. Not part of
 * the regular suite (no *Test suffix); run it with
 * {@code mvn -pl certification -am test -Dtest=EvidenceUploadBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Results go to the console and {@code target/benchmark-upload.txt}.
 */
class EvidenceUploadBenchmark extends DomainTest {

  static final long SIZE = 1L << 30;
  static final int BUFFER = 1 << 20;
  static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
      .collect(java.util.stream.Collectors.toSet());

  @Autowired EvidenceStore store;
  @Autowired ApplicationService applications;
  @Autowired EvidenceProperties properties;

  @Test
  void oneGibUpload() throws Exception {
    String caseId = TestCases.open(applications).getId();
    Path dir = properties.spoolDir();

    double diskMiBs = diskWriteSpeed(dir);

    long baseline = heapUsedAfterGc();
    AtomicLong maxAfterGc = new AtomicLong(baseline);
    NotificationListener listener =
        (n, h) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(u -> HEAP_POOLS.contains(u.getKey()))
                .mapToLong(u -> u.getValue().getUsed()).sum();
            maxAfterGc.accumulateAndGet(after, Math::max);
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

    long start = System.nanoTime();
    var stored = store.storeTimed(new EvidenceStore.Upload(caseId, "BENCHMARK", "big.pdf", "bench", null), new PdfLike(SIZE));
    Evidence e = stored.evidence();
    double seconds = (System.nanoTime() - start) / 1e9;

    long peakUsed = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
    long retainedGrowth = Math.max(0, Math.max(maxAfterGc.get(), heapUsedAfterGc()) - baseline);
    double uploadMiBs = SIZE / 1048576.0 / seconds;
    long maxHeap = Runtime.getRuntime().maxMemory();

    String report = String.format(Locale.ROOT,
        "size=%d MiB%ndisk sequential write (fsync at end)=%.0f MiB/s%nupload (spool+hash+sniff+S3 put)=%.1f s, %.0f MiB/s = %.0f%% of disk%n"
            + "  of which spool+hash %.1f s, S3 put of the spooled file %.1f s (part %s x %d in flight)%n"
            + "machine load average at the end: %.1f on %d cores%n"
            + "heap retained growth (max live after GC - baseline)=%.1f MiB%nheap peak used incl. garbage=%.0f MiB (max heap %.0f MiB)%n",
        SIZE >> 20, diskMiBs, seconds, uploadMiBs, 100 * uploadMiBs / diskMiBs,
        stored.spoolNanos() / 1e9, stored.uploadNanos() / 1e9, properties.uploadPartSize(), properties.uploadParallelism(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(),
        retainedGrowth / 1048576.0, peakUsed / 1048576.0, maxHeap / 1048576.0);

    // the same bytes with size and SHA-256 declared up front: one write, straight to the final key
    String sha256 = sha256Of(new PdfLike(SIZE));
    String otherCase = TestCases.open(applications).getId();
    long baselineDeclared = heapUsedAfterGc();
    maxAfterGc.set(baselineDeclared);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    long startDeclared = System.nanoTime();
    Evidence declared = store.storeDeclared(
        new EvidenceStore.Upload(otherCase, "BENCHMARK", "big.pdf", "bench", null), new PdfLike(SIZE), SIZE, sha256);
    double declaredSeconds = (System.nanoTime() - startDeclared) / 1e9;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
    long declaredGrowth = Math.max(0, Math.max(maxAfterGc.get(), heapUsedAfterGc()) - baselineDeclared);
    double declaredMiBs = SIZE / 1048576.0 / declaredSeconds;
    report += String.format(Locale.ROOT,
        "declared upload (size+SHA-256 known, one streamed PUT to the final key)=%.1f s, %.0f MiB/s = %.0f%% of disk,"
            + " %.2fx the spooled upload%nheap retained growth, declared upload=%.1f MiB%n",
        declaredSeconds, declaredMiBs, 100 * declaredMiBs / diskMiBs, seconds / declaredSeconds,
        declaredGrowth / 1048576.0);

    System.out.println(report);
    Files.writeString(Path.of("target/benchmark-upload.txt"), report, StandardCharsets.UTF_8);

    assertThat(e.getSizeBytes()).isEqualTo(SIZE);
    assertThat(declared.getSha256()).isEqualTo(e.getSha256()).isEqualTo(sha256);
    assertThat(retainedGrowth).isLessThanOrEqualTo(64L << 20);
    assertThat(declaredGrowth).isLessThanOrEqualTo(64L << 20);
  }

  static String sha256Of(InputStream in) throws IOException {
    var digest = Hashing.sha256();
    byte[] buf = new byte[BUFFER];
    int n;
    while ((n = in.read(buf)) >= 0) {
      digest.update(buf, 0, n);
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  static double diskWriteSpeed(Path dir) throws IOException {
    Path f = Files.createTempFile(dir, "disk-speed-", ".bin");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      for (int i = 0; i < BUFFER; i++) {
        buf.put(i, (byte) (i * 31));
      }
      long start = System.nanoTime();
      for (long written = 0; written < SIZE; written += BUFFER) {
        buf.clear();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
      ch.force(true);
      return SIZE / 1048576.0 / ((System.nanoTime() - start) / 1e9);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  static long heapUsedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** 1 GiB that starts like a PDF, copied from a 1 MiB pattern as it is read (costs next to nothing). */
  static final class PdfLike extends InputStream {
    private static final byte[] PATTERN = new byte[1 << 20];

    static {
      for (int i = 0; i < PATTERN.length; i++) {
        PATTERN[i] = (byte) (i ^ (i >>> 9));
      }
      System.arraycopy("%PDF-".getBytes(StandardCharsets.US_ASCII), 0, PATTERN, 0, 5);
    }

    private final long size;
    private long pos;

    PdfLike(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int at = (int) (pos % PATTERN.length);
      int n = (int) Math.min(Math.min(len, size - pos), PATTERN.length - at);
      System.arraycopy(PATTERN, at, b, off, n);
      pos += n;
      return n;
    }
  }
}
