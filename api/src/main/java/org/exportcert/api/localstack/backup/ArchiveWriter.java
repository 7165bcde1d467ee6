package org.exportcert.api.localstack.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a backup as a zip, one entry per part, streaming (nothing is spooled), and keeps each
 * part's size and SHA-256 for the manifest, which is written last.
 */
final class ArchiveWriter implements AutoCloseable {

  private final ZipOutputStream zip;
  private final List<BackupManifest.Part> parts = new ArrayList<>();
  private long bytes;

  ArchiveWriter(OutputStream out) {
    this.zip = new ZipOutputStream(out);
  }

  /** Opens the next entry; closing the returned stream ends it (the archive stays open). */
  OutputStream part(String path) throws IOException {
    zip.putNextEntry(new ZipEntry(path));
    MessageDigest sha = sha256();
    return new FilterOutputStream(zip) {
      private long size;
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        zip.write(b);
        sha.update((byte) b);
        size++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zip.write(b, off, len);
        sha.update(b, off, len);
        size += len;
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          zip.closeEntry();
          parts.add(new BackupManifest.Part(path, size, HexFormat.of().formatHex(sha.digest())));
          bytes += size;
        }
      }
    };
  }

  /** The part closed last. */
  BackupManifest.Part lastPart() {
    return parts.get(parts.size() - 1);
  }

  List<BackupManifest.Part> parts() {
    return List.copyOf(parts);
  }

  /** Bytes of content written so far (before compression). */
  long bytes() {
    return bytes;
  }

  /** Writes the manifest as the last entry and finishes the zip. */
  void finish(BackupManifest manifest) throws IOException {
    zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
    zip.write(manifest.toJson());
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
