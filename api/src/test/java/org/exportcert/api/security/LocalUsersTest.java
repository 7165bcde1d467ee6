package org.exportcert.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** A newcomer signs in with the same generated password after a restart, found in one owner-only file. */
class LocalUsersTest {

  private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private final SecurityProperties properties = new SecurityProperties(
      Map.of(
          "applicant", new SecurityProperties.LocalUser(List.of(Role.APPLICANT), "Org", null),
          "operator", new SecurityProperties.LocalUser(List.of(Role.OPERATOR), null, "chosen-password")),
      null);

  @Test
  void generatedPasswordSurvivesARestartAndIsKeptOwnerOnly(@TempDir Path dataDir) throws Exception {
    LocalUsers.from(properties, encoder, dataDir);
    Path file = dataDir.resolve("secrets").resolve(GeneratedPasswords.FILE_NAME);
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String kept = GeneratedPasswords.in(dataDir).passwordOf("applicant");
    assertThat(kept).hasSize(16);

    UserDetailsService afterRestart = LocalUsers.from(properties, encoder, dataDir);

    assertThat(encoder.matches(kept, afterRestart.loadUserByUsername("applicant").getPassword())).isTrue();
    assertThat(Files.readString(file)).doesNotContain("chosen-password").doesNotContain("operator=");
    assertThat(encoder.matches("chosen-password", afterRestart.loadUserByUsername("operator").getPassword()))
        .isTrue();
  }

  @Test
  void anotherDataDirectoryGetsOtherPasswords(@TempDir Path first, @TempDir Path second) {
    LocalUsers.from(properties, encoder, first);
    LocalUsers.from(properties, encoder, second);
    assertThat(GeneratedPasswords.in(first).passwordOf("applicant"))
        .isNotEqualTo(GeneratedPasswords.in(second).passwordOf("applicant"));
  }

  @Test
  void anUnwritableDataDirectoryStillStartsWithPasswordsForThisRun(@TempDir Path dataDir) throws Exception {
    Path blocked = dataDir.resolve("file-not-dir");
    Files.writeString(blocked, "x");
    UserDetailsService users = LocalUsers.from(properties, encoder, blocked);
    assertThat(users.loadUserByUsername("applicant").getPassword()).isNotBlank();
  }

  @Test
  void theStartLogSaysWhereTheConsoleIsAndWhereTheUsersAre() {
    Path users = Path.of("/srv/exportcert/data/secrets/local-users.properties");
    assertThat(ConsoleAddressLog.line(null, "8080", "", users))
        .isEqualTo("ExportCert console: http://localhost:8080/ — local users in " + users);
    assertThat(ConsoleAddressLog.line("0.0.0.0", "9000", "/certs/", users)).startsWith("ExportCert console: http://localhost:9000/certs/ ");
    assertThat(ConsoleAddressLog.line("10.0.0.5", "80", null, users)).contains("http://10.0.0.5:80/");
  }
}
