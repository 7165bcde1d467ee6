package org.exportcert.api.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string holding a NUL or another control character no field of ours accepts, or (hidden)
 * a character that hides what the text says (see {@link HiddenCharacters}).
 */
public class ControlCharacterException extends MismatchedInputException {

  private final boolean hidden;

  ControlCharacterException(JsonParser parser, boolean hidden) {
    super(parser, hidden ? "text contains a hidden formatting character or a broken surrogate"
        : "text contains a control character", String.class);
    this.hidden = hidden;
  }

  /** Whether it is a hidden formatting character or broken surrogate rather than a control character. */
  public boolean hidden() {
    return hidden;
  }
}
