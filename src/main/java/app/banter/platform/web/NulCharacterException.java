package app.banter.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string holding U+0000; Jackson adds the property path as the exception travels up. */
public final class NulCharacterException extends MismatchedInputException {

    NulCharacterException(JsonParser parser) {
        super(parser, FreeText.NUL_MESSAGE, String.class);
    }
}
