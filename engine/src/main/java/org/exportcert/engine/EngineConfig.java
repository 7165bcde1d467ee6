package org.exportcert.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How an engine instance is started: where it listens and where it keeps its state. A null
 * {@code dataDirectory} keeps all state in memory (tests that need no durability); {@code fsync}
 * false skips the per-batch fsync (faster, survives a process kill but not a power loss).
 */
public record EngineConfig(String host, int port, Path dataDirectory, boolean fsync) {

  public EngineConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
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
}
