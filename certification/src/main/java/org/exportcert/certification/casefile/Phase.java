package org.exportcert.certification.casefile;

/** Where a case stands in the scheme (certification-scheme.md, "Phases"). */
public enum Phase {
  ELIGIBILITY,
  DOCUMENT_REVIEW,
  TESTING,
  DECISION,
  RECOGNITION,
  REGISTRY,
  MAINTENANCE,
  CLOSED
}
