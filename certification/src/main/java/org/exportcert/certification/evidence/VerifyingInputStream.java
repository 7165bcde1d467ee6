package org.exportcert.certification.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes what passes through; at the end of the stream it compares size and SHA-256 with what was
 * recorded and throws instead of reporting a clean end, so a reader never mistakes altered bytes
 * for the evidence.
 */
final class VerifyingInputStream extends FilterInputStream {

  private final MessageDigest digest;
  private final String expectedSha256;
  private final long expectedSize;
  private final String name;
  private long count;
  private boolean checked;

  VerifyingInputStream(InputStream in, String expectedSha256, long expectedSize, String name) {
    super(in);
    this.digest = Hashing.sha256();
    this.expectedSha256 = expectedSha256;
    this.expectedSize = expectedSize;
    this.name = name;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) {
      check();
    } else {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n < 0) {
      check();
    } else {
      digest.update(buf, off, n);
      count += n;
      if (count > expectedSize) {
        throw new EvidenceIntegrityException(name + " is longer than the recorded " + expectedSize + " bytes");
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipping would leave bytes unhashed; read them instead
    byte[] buf = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    String actual = HexFormat.of().formatHex(digest.digest());
    if (count != expectedSize || !actual.equals(expectedSha256)) {
      throw new EvidenceIntegrityException(
          name + " does not match its recorded SHA-256 " + expectedSha256 + " (read " + actual + ", " + count + " bytes)");
    }
  }
}
