package org.exportcert.api.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a dependency that a test can break: {@link Mode#REFUSE} cuts every
 * connection and refuses new ones (a crashed server), {@link Mode#HANG} accepts and stalls without
 * answering (a hung server), {@link Mode#PASS} forwards again.
 */
public final class TcpFaultProxy implements AutoCloseable {

  public enum Mode { PASS, REFUSE, HANG }

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile Mode mode = Mode.PASS;

  public TcpFaultProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "fault-proxy-" + targetPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public void mode(Mode next) {
    synchronized (gate) {
      mode = next;
      gate.notifyAll();
    }
    if (next == Mode.REFUSE) {
      for (Socket s : sockets) {
        closeQuietly(s);
      }
      sockets.clear();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (mode == Mode.REFUSE) {
          closeQuietly(client);
          continue;
        }
        sockets.add(client);
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          awaitNotHanging();
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side closed or was cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "fault-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private void awaitNotHanging() throws InterruptedException {
    synchronized (gate) {
      while (mode == Mode.HANG) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    mode(Mode.REFUSE);
    server.close();
  }
}
