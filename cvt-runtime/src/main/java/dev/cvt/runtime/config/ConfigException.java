package dev.cvt.runtime.config;

import dev.cvt.runtime.CvtException;

/** An experiment configuration that cannot be used: unknown key, wrong type, bad value, unreadable file. */
public class ConfigException extends CvtException {
    public ConfigException(String message) {
        super(message);
    }
}
