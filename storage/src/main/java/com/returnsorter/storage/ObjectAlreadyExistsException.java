package com.returnsorter.storage;

/** The target key already exists; nothing was overwritten. */
public class ObjectAlreadyExistsException extends ObjectStoreException {

    public ObjectAlreadyExistsException(String message) {
        super(message, false);
    }

    public ObjectAlreadyExistsException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
