package org.exportcert.api.localstack.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads and checks a backup archive before anything is restored: it is a zip, it has its
 * manifest, in a format this version reads, every part the manifest lists is there with its size
 * and SHA-256, and nothing else is. Every refusal names the archive and what is wrong.
 */
final class ArchiveCheck {

  /** Names a restore writes to the file system; anything else is refused. */
  private static final Pattern FILE_PART =
      Pattern.compile("engine(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}){1,4}|" + Pattern.quote(BackupService.STAMP_KEY));
  private static final Pattern TABLE_PART = Pattern.compile("database/[a-z_][a-z0-9_]{0,62}\\.copy");

  private ArchiveCheck() {}

  /** An opened, checked archive. */
  record Checked(ZipFile zip, BackupManifest manifest) implements AutoCloseable {
    InputStream open(String path) throws IOException {
      return zip.getInputStream(zip.getEntry(path));
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }

  static Checked open(Path archive) {
    if (!Files.isRegularFile(archive) || !Files.isReadable(archive)) {
      throw new RestoreRefused("restore.archive-missing", archive);
    }
    ZipFile zip;
    try {
      zip = new ZipFile(archive.toFile());
    } catch (IOException e) {
      throw new RestoreRefused("restore.not-an-archive", archive, e.getMessage());
    }
    try {
      BackupManifest manifest = manifest(zip, archive);
      verifyParts(zip, manifest, archive);
      return new Checked(zip, manifest);
    } catch (RuntimeException e) {
      try {
        zip.close();
      } catch (IOException ignored) {
        // refused anyway
      }
      throw e;
    }
  }

  private static BackupManifest manifest(ZipFile zip, Path archive) {
    ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
    if (entry == null) {
      throw new RestoreRefused("restore.no-manifest", archive);
    }
    BackupManifest manifest;
    try (InputStream in = zip.getInputStream(entry)) {
      manifest = BackupManifest.fromJson(in.readNBytes(16 * 1024 * 1024));
    } catch (IOException e) {
      throw new RestoreRefused("restore.no-manifest", archive);
    }
    if (!BackupManifest.FORMAT.equals(manifest.format()) || manifest.formatVersion() != BackupManifest.FORMAT_VERSION
        || manifest.parts() == null || manifest.tables() == null || manifest.objects() == null) {
      throw new RestoreRefused("restore.format", archive, manifest.format(), manifest.formatVersion(),
          BackupManifest.FORMAT + " " + BackupManifest.FORMAT_VERSION);
    }
    return manifest;
  }

  private static void verifyParts(ZipFile zip, BackupManifest manifest, Path archive) {
    Map<String, BackupManifest.Part> listed = new HashMap<>();
    Set<String> objectParts = new HashSet<>();
    for (BackupManifest.StoredObject o : manifest.objects()) {
      if (!safeKey(o.key())) {
        throw new RestoreRefused("restore.unexpected-entry", archive, o.key());
      }
      objectParts.add(BackupManifest.objectPath(o.key()));
    }
    for (BackupManifest.Part part : manifest.parts()) {
      String path = part.path();
      if (!FILE_PART.matcher(path).matches() && !TABLE_PART.matcher(path).matches() && !objectParts.contains(path)) {
        throw new RestoreRefused("restore.unexpected-entry", archive, path);
      }
      listed.put(path, part);
    }
    for (BackupManifest.Table table : manifest.tables()) {
      if (!listed.containsKey(BackupManifest.tablePath(table.name()))) {
        throw new RestoreRefused("restore.missing-part", archive, BackupManifest.tablePath(table.name()));
      }
    }
    for (String objectPart : objectParts) {
      if (!listed.containsKey(objectPart)) {
        throw new RestoreRefused("restore.missing-part", archive, objectPart);
      }
    }
    if (listed.keySet().stream().noneMatch(p -> p.startsWith("engine/"))) {
      throw new RestoreRefused("restore.missing-part", archive, "engine/");
    }
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      if (!name.equals(BackupManifest.ENTRY) && !listed.containsKey(name)) {
        throw new RestoreRefused("restore.unexpected-entry", archive, name);
      }
    }
    byte[] buffer = new byte[64 * 1024];
    for (BackupManifest.Part part : manifest.parts()) {
      ZipEntry entry = zip.getEntry(part.path());
      if (entry == null) {
        throw new RestoreRefused("restore.missing-part", archive, part.path());
      }
      MessageDigest sha = ArchiveWriter.sha256();
      long size = 0;
      try (InputStream in = zip.getInputStream(entry)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
          size += n;
        }
      } catch (IOException e) {
        throw new RestoreRefused("restore.not-an-archive", archive, part.path() + ": " + e.getMessage());
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (size != part.size() || !actual.equals(part.sha256())) {
        throw new RestoreRefused("restore.corrupt-part", archive, part.path(), size, actual, part.size(), part.sha256());
      }
    }
  }

  /** An object key a restore may hand to the S3 server: relative, no empty, dot or dot-dot segment. */
  static boolean safeKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 1024 || key.startsWith("/") || key.contains("\\")) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return key.chars().noneMatch(c -> c < 0x20);
  }
}
