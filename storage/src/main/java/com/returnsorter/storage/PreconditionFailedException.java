package com.returnsorter.storage;

/** The object is no longer at the generation the caller expected; nothing was changed. */
public class PreconditionFailedException extends ObjectStoreException {

    public PreconditionFailedException(String message) {
        super(message, false);
    }

    public PreconditionFailedException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
