package org.exportcert.certification.evidence;

/** The object store failed (a technical failure: retried, then an incident). */
public class ObjectStorageException extends RuntimeException {
  public ObjectStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
