package org.exportcert.engine;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import org.exportcert.engine.auth.Authenticator;
import org.exportcert.engine.auth.EngineCredentials;
import org.exportcert.engine.documents.DocumentStore;
import org.exportcert.engine.grpc.AuthenticationInterceptor;
import org.exportcert.engine.grpc.GatewayService;
import org.exportcert.engine.rest.AuthenticationFilter;
import org.exportcert.engine.rest.ManagementOnlyFilter;
import org.exportcert.engine.rest.RestApi;
import org.exportcert.engine.runtime.Backpressure;
import org.exportcert.engine.runtime.CommandProcessor;
import org.exportcert.engine.snapshot.SnapshotPolicy;

/**
 * An embeddable engine answering the Camunda 8 REST API v2: BPMN execution by a single-threaded
 * command processor over in-memory state, made durable by a journal (see docs/engine.md).
 */
public final class ExportCertEngine implements AutoCloseable {

  public static final String VERSION = "8.8.0";

  private final HttpServer server;
  private final CommandProcessor processor;
  private final ExecutorService executor;
  private final Authenticator authenticator;
  private volatile Server grpcServer;
  private volatile HttpServer managementServer;

  private ExportCertEngine(
      HttpServer server, CommandProcessor processor, ExecutorService executor, Authenticator authenticator) {
    this.server = server;
    this.processor = processor;
    this.executor = executor;
    this.authenticator = authenticator;
  }

  /** Starts the engine (replaying its journal) and returns once it accepts requests. */
  public static ExportCertEngine start(EngineConfig config) {
    return start(config, SnapshotPolicy.fromEnvironment());
  }

  /**
   * Starts the engine with the given snapshot triggers (instead of those from the environment):
   * it loads its newest snapshot, replays the journal after it, and returns once it accepts requests.
   */
  public static ExportCertEngine start(EngineConfig config, SnapshotPolicy snapshots) {
    return start(config, snapshots, RestApi.DEFAULT_ANSWER_TIMEOUT_MS);
  }

  /**
   * As {@link #start(EngineConfig, SnapshotPolicy)} with another REST answer deadline than 60 s, so
   * that a test of the rules around that deadline need not wait a minute.
   */
  static ExportCertEngine start(EngineConfig config, SnapshotPolicy snapshots, long answerTimeoutMs) {
    // The JDK server leaves Nagle on by default, which adds ~40 ms to small answers.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // first, so that an unreadable secret stops the start before anything listens
    Authenticator authenticator = Authenticator.create(config.security(), config.dataDirectory());
    CommandProcessor processor =
        new CommandProcessor(config.dataDirectory(), config.fsync(), Backpressure.fromEnvironment(), snapshots, true);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
    } catch (IOException e) {
      processor.close();
      throw new UncheckedIOException(
          "engine could not listen on " + config.host() + ":" + config.port(), e);
    }
    // Unbounded pool: a parked job long poll holds its thread, so it must never starve others.
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(4, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread thread = new Thread(r, "exportcert-engine-http-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    ExportCertEngine engine = new ExportCertEngine(server, processor, executor, authenticator);
    DocumentStore documents = new DocumentStore(config.dataDirectory(), config.maxDocumentBytes());
    RestApi api = new RestApi(processor, VERSION,
        exchange -> server.getAddress().getHostString() + ":" + engine.port(), documents, answerTimeoutMs);
    var context = server.createContext("/", api::handle);
    if (authenticator.enabled()) {
      context.getFilters().add(new AuthenticationFilter(authenticator));
    }
    // a document link's token is its own credential: links get a context of their own, outside
    // whatever guards the API's context (a link is meant to be opened without the engine's login)
    server.createContext("/document-links/", api::handle);
    server.setExecutor(executor);
    server.start();
    if (config.grpcPort() >= 0) {
      engine.startGrpc(config);
    }
    if (config.managementPort() >= 0) {
      engine.startManagement(config, api);
    }
    return engine;
  }

  private void startManagement(EngineConfig config, RestApi api) {
    try {
      // loopback whatever the engine's host: these endpoints take no credentials
      HttpServer management =
          HttpServer.create(new InetSocketAddress("127.0.0.1", config.managementPort()), 64);
      management.createContext("/", api::handle).getFilters().add(new ManagementOnlyFilter());
      management.setExecutor(executor);
      management.start();
      managementServer = management;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(
          "engine could not serve management on loopback:" + config.managementPort(), e);
    }
  }

  private void startGrpc(EngineConfig config) {
    GatewayService service = new GatewayService(processor, VERSION, config.host(), () -> grpcServer.getPort());
    try {
      grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
          // rebind at once after a stop, even while the old connections linger in TIME_WAIT
          .withOption(ChannelOption.SO_REUSEADDR, true)
          .addService(authenticator.enabled()
              ? ServerInterceptors.intercept(service, new AuthenticationInterceptor(authenticator))
              : service.bindService())
          // the Camunda client pings every 45 s; the default minimum (5 min) would cut it off
          .permitKeepAliveTime(10, TimeUnit.SECONDS)
          .permitKeepAliveWithoutCalls(true)
          .maxInboundMessageSize(32 * 1024 * 1024)
          .build()
          .start();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("engine could not serve gRPC on " + config.host() + ":" + config.grpcPort(), e);
    }
  }

  /** The gRPC gateway's address ({@code http://host:port}, plaintext), or null without gRPC. */
  public URI grpcAddress() {
    Server grpc = grpcServer;
    return grpc == null ? null : URI.create("http://" + server.getAddress().getHostString() + ":" + grpc.getPort());
  }

  /** The management listener's address ({@code /actuator/*} only), or null when it is off. */
  public URI managementAddress() {
    HttpServer management = managementServer;
    return management == null
        ? null
        : URI.create("http://" + management.getAddress().getHostString() + ":" + management.getAddress().getPort());
  }

  /** The basic credentials clients must send, or null when authentication is switched off. */
  public EngineCredentials credentials() {
    return authenticator.credentials();
  }

  /** Whether bearer tokens of an OIDC issuer are accepted besides the basic credentials. */
  public boolean acceptsBearerTokens() {
    return authenticator.acceptsBearerTokens();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public URI restAddress() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
  }

  /**
   * Whether the engine still works: its command processor runs, its gRPC server (if any) has not
   * stopped and its REST port accepts connections. A supervisor starts a dead engine again.
   */
  public boolean alive() {
    Server grpc = grpcServer;
    if (stopped.get() || !processor.alive() || (grpc != null && (grpc.isShutdown() || grpc.isTerminated()))) {
      return false;
    }
    try (java.net.Socket socket = new java.net.Socket()) {
      java.net.InetAddress host = server.getAddress().getAddress();
      socket.connect(new InetSocketAddress(
          host.isAnyLocalAddress() ? java.net.InetAddress.getLoopbackAddress() : host, port()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The backpressure limits in force; they may be changed while the engine runs. */
  public org.exportcert.engine.runtime.Backpressure backpressure() {
    return processor.backpressure();
  }

  /** The command processor, for tests in this package that must hold it deterministically. */
  CommandProcessor processor() {
    return processor;
  }

  /**
   * Copies the engine's data directory for a backup while the engine runs: it pauses at a command
   * boundary, makes everything durable, copies its files (snapshots, journal segments, history
   * store, documents; not the client credentials) into {@code staging}, runs {@code whilePaused}
   * (e.g. open a database snapshot; commands wait meanwhile) and goes on.
   *
   * @return the journal position (records) the copy holds
   */
  public long backup(java.nio.file.Path staging, Runnable whilePaused, java.time.Duration timeout) {
    try {
      return processor.backup(staging, whilePaused).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing up the engine", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the engine could not be backed up: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the engine did not reach a command boundary within " + timeout, e);
    }
  }

  /** Command latency (arrival to durable answer) and group-commit batch sizes. */
  public org.exportcert.engine.runtime.LatencyStats stats() {
    return processor.stats();
  }

  /** Stops serving and stops as a kill -9 would (tests that simulate a crash in one JVM). */
  void abandon() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    Server grpc = grpcServer;
    if (grpc != null) {
      grpc.shutdownNow();
    }
    HttpServer management = managementServer;
    if (management != null) {
      management.stop(0);
    }
    server.stop(0);
    processor.abandon();
    executor.shutdownNow();
  }

  /** Stops serving, then syncs and closes the journal. */
  private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    Server grpc = grpcServer;
    if (grpc != null) {
      grpc.shutdownNow(); // open job streams and long polls end with the engine
      try {
        // Netty closes its listener asynchronously: wait, so the port is free when close returns
        grpc.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    HttpServer management = managementServer;
    if (management != null) {
      management.stop(0);
    }
    server.stop(0);
    processor.close();
    executor.shutdownNow();
  }
}
