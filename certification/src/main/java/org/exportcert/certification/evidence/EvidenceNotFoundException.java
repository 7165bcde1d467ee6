package org.exportcert.certification.evidence;

public class EvidenceNotFoundException extends RuntimeException {
  public EvidenceNotFoundException(String id) {
    super("No evidence " + id);
  }
}
