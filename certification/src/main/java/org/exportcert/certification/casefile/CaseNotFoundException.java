package org.exportcert.certification.casefile;

/** No case with that id (the API answers 404). */
public class CaseNotFoundException extends RuntimeException {
  public CaseNotFoundException(String caseId) {
    super("No certification case " + caseId);
  }
}
