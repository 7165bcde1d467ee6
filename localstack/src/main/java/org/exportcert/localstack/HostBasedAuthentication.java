package org.exportcert.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The cluster's pg_hba.conf, rewritten before every start so no edit can leave it trusting. */
final class HostBasedAuthentication {

  private HostBasedAuthentication() {}

  static void write(Path cluster, boolean bootstrap) {
    String rules = bootstrap
        ? """
          # Written by ExportCert while it sets the passwords of a new or earlier cluster: only the
          # superuser, only over loopback, for the seconds that takes. Replaced straight after.
          host all postgres 127.0.0.1/32 trust
          """
        : """
          # Written by ExportCert at every start: every connection authenticates with a password.
          local all all scram-sha-256
          host  all all 127.0.0.1/32 scram-sha-256
          host  all all ::1/128 scram-sha-256
          """;
    try {
      Path tmp = cluster.resolve("pg_hba.conf.tmp");
      Files.writeString(tmp, rules, StandardCharsets.UTF_8);
      Files.move(tmp, cluster.resolve("pg_hba.conf"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write pg_hba.conf in " + cluster, e);
    }
  }
}
