package org.exportcert.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The passwords of the embedded PostgreSQL's three roles, generated once and kept next to the
 * cluster in a file only its owner can read.
 */
public record PostgresCredentials(String superuserPassword, String ownerPassword, String applicationPassword) {

  public static final String SUPERUSER = "postgres";
  /** Owns the schema and the audit trail; migrations run as it. */
  public static final String OWNER = "exportcert_owner";
  /** What the application connects as: rows only, no structure, no audit changes. */
  public static final String APPLICATION = "exportcert_app";

  static Path fileFor(Path clusterDirectory) {
    Path dir = clusterDirectory.toAbsolutePath().normalize();
    return dir.resolveSibling(dir.getFileName() + "-credentials.properties");
  }

  static PostgresCredentials generate() {
    return new PostgresCredentials(secret(), secret(), secret());
  }

  private static String secret() {
    return HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
  }

  /** @return null when there is no file yet (a new cluster, or one of an earlier version) */
  static PostgresCredentials read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    String su = p.getProperty(SUPERUSER), owner = p.getProperty(OWNER), app = p.getProperty(APPLICATION);
    if (su == null || owner == null || app == null) {
      return null; // cut short by a crash: set up again
    }
    return new PostgresCredentials(su, owner, app);
  }

  /** Written whole or not at all, owner-only from the first byte. */
  void write(Path file) {
    Properties p = new Properties();
    p.setProperty(SUPERUSER, superuserPassword);
    p.setProperty(OWNER, ownerPassword);
    p.setProperty(APPLICATION, applicationPassword);
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "Embedded PostgreSQL passwords (generated; keep secret)");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresCredentials[****]";
  }
}
