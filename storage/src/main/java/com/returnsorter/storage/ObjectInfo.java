package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of one object.
 *
 * @param key         the object key
 * @param size        size in bytes
 * @param generation  identifies this version; every new version of a key gets a different one
 * @param contentType the stored content type, or null when the store does not know it
 * @param updated     when this version was written
 */
public record ObjectInfo(String key, long size, long generation, @Nullable String contentType, Instant updated) {

    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(updated, "updated");
    }

    /** True for a folder placeholder such as {@code incoming/} (a key ending with "/"), which holds no photo. */
    public boolean isFolderPlaceholder() {
        return key.endsWith("/");
    }
}
