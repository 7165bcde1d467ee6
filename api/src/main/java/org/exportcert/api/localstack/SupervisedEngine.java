package org.exportcert.api.localstack;

import org.exportcert.engine.EngineConfig;
import org.exportcert.engine.ExportCertEngine;
import org.exportcert.localstack.Supervised;

/**
 * The embedded engine under the local stack's supervisor: when it dies (its processor ended, a
 * listener stopped) it is started again from its journal on the same REST and gRPC ports, so the
 * application's client, which knows only those addresses, carries on.
 */
final class SupervisedEngine implements Supervised, AutoCloseable {

  private final EngineConfig config;
  private volatile ExportCertEngine engine;
  private volatile boolean closed;

  private SupervisedEngine(EngineConfig config, ExportCertEngine engine) {
    this.config = config;
    this.engine = engine;
  }

  /** Starts the engine, then pins the ports it took so that a restart binds the same ones. */
  static SupervisedEngine start(EngineConfig config) {
    ExportCertEngine first = ExportCertEngine.start(config);
    EngineConfig pinned = new EngineConfig(
        config.host(), first.port(), config.dataDirectory(), config.fsync(),
        first.grpcAddress() == null ? -1 : first.grpcAddress().getPort(), config.security(),
        first.managementAddress() == null ? -1 : first.managementAddress().getPort());
    return new SupervisedEngine(pinned, first);
  }

  ExportCertEngine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "engine";
  }

  @Override
  public boolean alive() {
    return !closed && engine.alive();
  }

  @Override
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("the embedded engine was closed");
    }
    try {
      engine.close();
    } catch (RuntimeException e) {
      // it is down already; what matters is that its ports and journal are released
    }
    engine = ExportCertEngine.start(config);
  }

  @Override
  public synchronized void close() {
    closed = true;
    engine.close();
  }
}
