package com.returnsorter.storage;

/** There is no such object. */
public class ObjectNotFoundException extends ObjectStoreException {

    public ObjectNotFoundException(String message) {
        super(message, false);
    }

    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
