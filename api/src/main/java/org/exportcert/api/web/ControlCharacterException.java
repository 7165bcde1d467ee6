package org.exportcert.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string holding a NUL or another control character no field of ours accepts. */
public class ControlCharacterException extends MismatchedInputException {

  ControlCharacterException(JsonParser parser) {
    super(parser, "text contains a control character", String.class);
  }
}
