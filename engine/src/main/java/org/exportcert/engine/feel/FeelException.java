package org.exportcert.engine.feel;

/** A FEEL expression failed to parse or evaluate; the engine turns it into an incident. */
public final class FeelException extends RuntimeException {
  public FeelException(String message) {
    super(message);
  }
}
