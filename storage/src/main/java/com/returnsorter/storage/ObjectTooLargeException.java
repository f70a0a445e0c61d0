package com.returnsorter.storage;

/** The object is larger than the caller's limit; its bytes were not read. */
public class ObjectTooLargeException extends ObjectStoreException {

    private final long size;
    private final long maxBytes;

    public ObjectTooLargeException(String key, long size, long maxBytes) {
        super("object " + ObjectKeys.escape(key) + " has " + size + " bytes, over the limit of " + maxBytes, false);
        this.size = size;
        this.maxBytes = maxBytes;
    }

    public long size() {
        return size;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
