package org.exportcert.engine;

import java.nio.file.Path;
import java.util.Objects;
import org.exportcert.engine.auth.EngineSecurity;

/**
 * How an engine instance is started: where it listens, where it keeps its state and who may call
 * it. A null {@code dataDirectory} keeps all state in memory (tests that need no durability);
 * {@code fsync} false skips the per-batch fsync (faster, survives a process kill but not a power
 * loss). {@code grpcPort} is the gRPC gateway's port: 0 picks a free one, -1 serves no gRPC.
 * {@code security} defaults to basic authentication with a generated secret (see {@link
 * EngineSecurity}). {@code managementPort} serves only {@code /actuator/*} without credentials, on
 * the loopback interface, for Camunda Process Test's remote mode on a test machine: -1 (the
 * default) serves none.
 */
public record EngineConfig(
    String host, int port, Path dataDirectory, boolean fsync, int grpcPort, EngineSecurity security,
    int managementPort) {

  /** Zeebe's gateway port. */
  public static final int DEFAULT_GRPC_PORT = 26500;

  public EngineConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (grpcPort < -1 || grpcPort > 65535) {
      throw new IllegalArgumentException("grpcPort must be -1..65535, was " + grpcPort);
    }
    if (managementPort < -1 || managementPort > 65535) {
      throw new IllegalArgumentException("managementPort must be -1..65535, was " + managementPort);
    }
  }

  /** Authenticated with a generated secret, no management port. */
  public EngineConfig(String host, int port, Path dataDirectory, boolean fsync, int grpcPort) {
    this(host, port, dataDirectory, fsync, grpcPort, EngineSecurity.generatedSecret(), -1);
  }

  /** gRPC on 26500, or on a free port when the REST port is 0 (tests: both ports free). */
  public EngineConfig(String host, int port, Path dataDirectory, boolean fsync) {
    this(host, port, dataDirectory, fsync, port == 0 ? 0 : DEFAULT_GRPC_PORT);
  }

  public EngineConfig(String host, int port, Path dataDirectory) {
    this(host, port, dataDirectory, true);
  }

  /** Listens on 127.0.0.1 at the given port (0 picks a free one); state in {@code dataDirectory}. */
  public static EngineConfig of(int port, Path dataDirectory) {
    return new EngineConfig("127.0.0.1", port, dataDirectory);
  }

  /** Listens on 127.0.0.1 at the given port with state in memory only. */
  public static EngineConfig inMemory(int port) {
    return new EngineConfig("127.0.0.1", port, null);
  }

  /** Camunda SaaS's limit per document; the environment may set another. */
  public static final long DEFAULT_MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;

  /**
   * The largest document the documents API accepts: {@code EXPORTCERT_ENGINE_MAX_DOCUMENT_BYTES}
   * from the environment (1 byte to 1 GiB), else 10 MiB.
   */
  public long maxDocumentBytes() {
    return EnvironmentNumbers.read("EXPORTCERT_ENGINE_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES, 1, 1L << 30, "");
  }

  public EngineConfig withGrpcPort(int grpcPort) {
    return new EngineConfig(host, port, dataDirectory, fsync, grpcPort, security, managementPort);
  }

  public EngineConfig withSecurity(EngineSecurity security) {
    return new EngineConfig(host, port, dataDirectory, fsync, grpcPort, security, managementPort);
  }

  /** Unauthenticated: for unit tests of the engine's semantics only. */
  public EngineConfig withoutAuthentication() {
    return withSecurity(EngineSecurity.none());
  }

  public EngineConfig withManagementPort(int managementPort) {
    return new EngineConfig(host, port, dataDirectory, fsync, grpcPort, security, managementPort);
  }
}
