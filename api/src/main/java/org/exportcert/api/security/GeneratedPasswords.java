package org.exportcert.api.security;

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
import java.util.Properties;

/**
 * Passwords generated for local users without a configured one, kept in the data directory
 * (readable by its owner only) so that they stay the same from one start to the next and a newcomer
 * finds them in one file rather than in an old log line.
 */
final class GeneratedPasswords {

  static final String FILE_NAME = "local-users.properties";
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Path file;
  private final Properties stored = new Properties();
  private boolean changed;

  private GeneratedPasswords(Path file) {
    this.file = file;
  }

  /** The passwords kept under {@code dataDir/secrets}; none yet if the file does not exist. */
  static GeneratedPasswords in(Path dataDir) {
    GeneratedPasswords passwords = new GeneratedPasswords(dataDir.resolve("secrets").resolve(FILE_NAME));
    if (Files.isRegularFile(passwords.file)) {
      try (Reader in = Files.newBufferedReader(passwords.file, StandardCharsets.UTF_8)) {
        passwords.stored.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the local users' passwords in " + passwords.file, e);
      }
    }
    return passwords;
  }

  Path file() {
    return file;
  }

  /** The kept password of this user, or a new one (kept on {@link #save()}). */
  String passwordOf(String username) {
    String password = stored.getProperty(username);
    if (password == null || password.isBlank()) {
      password = generate();
      stored.setProperty(username, password);
      changed = true;
    }
    return password;
  }

  /** Writes new passwords atomically, owner-only; false when the data directory is not writable. */
  boolean save() {
    if (!changed) {
      return true;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), FILE_NAME, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        stored.store(out, "ExportCert local users' generated passwords;"
            + " set EXPORTCERT_SECURITY_USERS_<NAME>_PASSWORD to choose one instead");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      changed = false;
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
