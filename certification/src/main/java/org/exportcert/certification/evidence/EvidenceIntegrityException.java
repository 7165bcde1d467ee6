package org.exportcert.certification.evidence;

import java.io.IOException;

/** Stored bytes no longer match the SHA-256 recorded at upload: altered or damaged in storage. */
public class EvidenceIntegrityException extends IOException {
  public EvidenceIntegrityException(String message) {
    super(message);
  }
}
