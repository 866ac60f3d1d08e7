package dev.cvt.runtime.melgen;

import dev.cvt.runtime.CvtException;

/** A recording or data folder that cannot be used; the message names the file and line or column. */
public class InputException extends CvtException {
    public InputException(String message) {
        super(message);
    }
}
