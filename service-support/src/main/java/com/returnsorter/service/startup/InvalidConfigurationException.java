package com.returnsorter.service.startup;

/**
 * A setting the service cannot run with. Thrown while the application context starts (from an
 * eagerly created bean), so the process stops at once with {@link #getMessage()} as its one line
 * instead of starting "healthy" and failing every request.
 */
public class InvalidConfigurationException extends RuntimeException {

    /** @param setting the environment variable (or property) at fault, e.g. {@code PREDICT_API_KEYS} */
    public InvalidConfigurationException(String setting, String problem) {
        super("Invalid configuration: " + setting + ": " + problem);
    }
}
