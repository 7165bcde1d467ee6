package org.exportcert.certification.recognition;

import org.exportcert.certification.casefile.BusinessRuleException;

/** No recognition arrangement with the market's partner body: that market's outcome only. */
public class NoRecognitionArrangementException extends BusinessRuleException {

  public static final String CODE = "NO_RECOGNITION_ARRANGEMENT";

  public NoRecognitionArrangementException(String message) {
    super(CODE, message);
  }
}
