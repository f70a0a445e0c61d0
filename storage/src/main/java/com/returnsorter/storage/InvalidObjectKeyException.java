package com.returnsorter.storage;

/**
 * A key or prefix broke the rules of {@link ObjectKeys}. Thrown before the store is touched.
 * It extends {@link ObjectStoreException} (not {@code IllegalArgumentException}) so one catch
 * handles every store failure; it is never transient.
 */
public class InvalidObjectKeyException extends ObjectStoreException {

    public InvalidObjectKeyException(String message) {
        super(message, false);
    }
}
