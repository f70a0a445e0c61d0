package com.returnsorter.storage;

/**
 * Base of all object-store failures. Thrown as is for I/O, permission and service errors;
 * {@link #isTransient()} is true when retrying later may succeed (timeouts, 429, 5xx).
 */
public class ObjectStoreException extends RuntimeException {

    private final boolean transientFailure;

    public ObjectStoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public ObjectStoreException(String message, boolean transientFailure) {
        this(message, null, transientFailure);
    }

    /** True when the same call may succeed if retried later. */
    public boolean isTransient() {
        return transientFailure;
    }
}
