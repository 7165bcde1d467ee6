package org.exportcert.engine;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone entry point: {@code java -jar exportcert-engine-<version>-standalone.jar --port 8088
 * --data-dir ./data/engine [--host 127.0.0.1] [--in-memory] [--no-fsync]}.
 */
public final class EngineMain {

  private EngineMain() {}

  public static void main(String[] args) throws InterruptedException {
    String host = "127.0.0.1";
    int port = 8088;
    Path dataDir = Path.of("data", "engine");
    boolean fsync = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--host" -> host = args[++i];
        case "--data-dir" -> dataDir = Path.of(args[++i]);
        case "--in-memory" -> dataDir = null;
        case "--no-fsync" -> fsync = false;
        case "--help", "-h" -> {
          System.out.println("usage: java -jar exportcert-engine-standalone.jar [--host H] [--port P] [--data-dir DIR | --in-memory] [--no-fsync]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    ExportCertEngine engine = ExportCertEngine.start(new EngineConfig(host, port, dataDir, fsync));
    System.out.println("ExportCert engine " + ExportCertEngine.VERSION + " serving " + engine.restAddress()
        + (dataDir == null ? " (in memory)" : " (data in " + dataDir.toAbsolutePath() + ")"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "exportcert-engine-shutdown"));
    stopped.await();
  }
}
