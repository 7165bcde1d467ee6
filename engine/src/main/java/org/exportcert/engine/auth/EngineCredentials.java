package org.exportcert.engine.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The basic-authentication credentials clients use. A generated secret lives in
 * {@value #FILE_NAME} in the engine's data directory, readable by its owner only, so that the
 * application (and an operator) can read it and a restart keeps it.
 */
public record EngineCredentials(String username, String password, Path file) {

  public static final String FILE_NAME = "client-credentials.properties";

  private static final Logger LOG = LoggerFactory.getLogger(EngineCredentials.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** The value of an {@code Authorization} header carrying these credentials. */
  public String authorizationHeader() {
    return "Basic "
        + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The credentials for the security settings: given, read from the data directory, or generated. */
  static EngineCredentials resolve(EngineSecurity security, Path dataDirectory) {
    if (security.password() != null) {
      return new EngineCredentials(security.username(), security.password(), null);
    }
    if (dataDirectory == null) {
      return new EngineCredentials(security.username(), newSecret(), null);
    }
    return loadOrCreate(dataDirectory.resolve(FILE_NAME), security.username());
  }

  private static EngineCredentials loadOrCreate(Path file, String username) {
    try {
      if (Files.exists(file)) {
        return load(file, username);
      }
      Files.createDirectories(file.getParent());
      Properties properties = new Properties();
      properties.setProperty("username", username);
      properties.setProperty("password", newSecret());
      // written to a temporary file that is owner-only from its creation, then moved in place
      Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
      Files.deleteIfExists(temporary);
      if (posix(file)) {
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(temporary);
      }
      try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        properties.store(out, "ExportCert engine client credentials (basic authentication); keep secret");
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      LOG.info("Generated the engine's client credentials into {}", file);
      return load(file, username);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or write the engine credentials " + file, e);
    }
  }

  private static EngineCredentials load(Path file, String username) throws IOException {
    if (posix(file)) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(permissions)) {
        LOG.warn("{} was readable by others; restricting it to its owner", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    }
    String password = properties.getProperty("password");
    String storedUser = properties.getProperty("username", username);
    if (password == null || password.length() < 12) {
      throw new IllegalStateException(file + " holds no usable password; delete it to generate a new one");
    }
    if (!storedUser.equals(username)) {
      LOG.warn("{} was written for user {}; serving it for user {}", file, storedUser, username);
    }
    return new EngineCredentials(username, password, file);
  }

  private static boolean posix(Path file) {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix")
        && FileSystems.getDefault().equals(file.getFileSystem());
  }

  /** 256 random bits, URL-safe so that it survives shells, YAML and environment variables. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "EngineCredentials[" + username + (file == null ? "" : ", in " + file) + "]";
  }
}
