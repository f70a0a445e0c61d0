package com.returnsorter.storage;

import java.util.Objects;

/**
 * An object's metadata and its whole content. The array is not copied: callers must not modify it.
 */
public record StoredObject(ObjectInfo info, byte[] bytes) {

    public StoredObject {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(bytes, "bytes");
    }
}
