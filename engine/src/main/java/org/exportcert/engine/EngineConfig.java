package org.exportcert.engine;

import java.nio.file.Path;
import java.util.Objects;

/** How an engine instance is started: where it listens and where it keeps its state. */
public record EngineConfig(String host, int port, Path dataDirectory) {

  public EngineConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
  }

  /** Listens on 127.0.0.1 at the given port (0 picks a free one); state in {@code dataDirectory}. */
  public static EngineConfig of(int port, Path dataDirectory) {
    return new EngineConfig("127.0.0.1", port, dataDirectory);
  }
}
