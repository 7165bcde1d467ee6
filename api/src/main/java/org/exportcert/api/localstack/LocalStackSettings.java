package org.exportcert.api.localstack;

import java.nio.file.Path;
import java.time.Duration;
import org.exportcert.localstack.LocalMailServer;
import org.springframework.core.env.Environment;

/**
 * What of the local stack to start, read from the environment before the context exists. Each
 * part starts only when its external counterpart is not configured.
 */
record LocalStackSettings(
    boolean enabled,
    Path dataDirectory,
    boolean postgres,
    int postgresPort,
    boolean objectStore,
    int objectStorePort,
    boolean engine,
    int enginePort,
    int engineGrpcPort,
    boolean mail,
    int smtpPort,
    int mailboxKeep,
    Duration supervisionPeriod) {

  static LocalStackSettings from(Environment env) {
    int enginePort = env.getProperty("exportcert.local-stack.engine-port", Integer.class, 8088);
    boolean camundaConfigured =
        env.containsProperty("camunda.client.rest-address")
            || env.containsProperty("camunda.client.cloud.cluster-id")
            || "saas".equalsIgnoreCase(env.getProperty("camunda.client.mode", ""));
    return new LocalStackSettings(
        env.getProperty("exportcert.local-stack.enabled", Boolean.class, true),
        Path.of(env.getProperty("exportcert.data-dir", "./data")),
        enabled(env, "postgres") && !env.containsProperty("spring.datasource.url"),
        env.getProperty("exportcert.local-stack.postgres-port", Integer.class, 54320),
        enabled(env, "s3") && !env.containsProperty("exportcert.s3.endpoint"),
        env.getProperty("exportcert.local-stack.s3-port", Integer.class, 9000),
        enabled(env, "engine") && !camundaConfigured,
        enginePort,
        // a free gRPC port whenever the REST port is free too, so parallel test stacks never clash
        env.getProperty(
            "exportcert.local-stack.engine-grpc-port", Integer.class, enginePort == 0 ? 0 : 26500),
        enabled(env, "smtp") && !env.containsProperty("spring.mail.host"),
        // a free port whenever the engine's is free too, as for gRPC
        env.getProperty("exportcert.local-stack.smtp-port", Integer.class, enginePort == 0 ? 0 : 2525),
        mailboxKeep(env),
        env.getProperty("exportcert.local-stack.supervision-period", Duration.class, Duration.ofSeconds(2)));
  }

  /** How many of each recipient's newest mails the local mailbox keeps (1 to 100000). */
  private static int mailboxKeep(Environment env) {
    int keep = env.getProperty("exportcert.local-stack.mailbox-keep", Integer.class,
        LocalMailServer.DEFAULT_KEEP_PER_RECIPIENT);
    if (keep < 1 || keep > 100_000) {
      throw new IllegalStateException(
          "EXPORTCERT_LOCAL_STACK_MAILBOX_KEEP must be between 1 and 100000 mails per recipient, not " + keep);
    }
    return keep;
  }

  /** {@code exportcert.local-stack.<part>-enabled=false} turns one part off explicitly. */
  private static boolean enabled(Environment env, String part) {
    return env.getProperty("exportcert.local-stack." + part + "-enabled", Boolean.class, true);
  }

  boolean anything() {
    return enabled && (postgres || objectStore || engine || mail);
  }
}
