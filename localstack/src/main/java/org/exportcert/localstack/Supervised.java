package org.exportcert.localstack;

/** An embedded server that can crash and be started again in place. */
public interface Supervised {

  String name();

  boolean alive();

  /** Starts the server again where it was (same data, same port); throws if it cannot. */
  void restart();
}
