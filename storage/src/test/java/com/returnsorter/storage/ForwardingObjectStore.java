package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;

import java.util.Optional;

/**
 * Delegates every call to another store. Tests extend it to inject faults that a real store cannot
 * be made to produce on cue (a failing copy, a crash between two operations, a race).
 */
public abstract class ForwardingObjectStore implements ObjectStore {

    protected final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public ObjectPage list(String prefix, @Nullable String pageToken, int pageSize) {
        return delegate.list(prefix, pageToken, pageSize);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public StoredObject read(String key, long maxBytes) {
        return delegate.read(key, maxBytes);
    }

    @Override
    public Optional<Checksum> checksum(String key, long generation) {
        return delegate.checksum(key, generation);
    }

    @Override
    public java.io.InputStream openStream(String key, long maxBytes) {
        return delegate.openStream(key, maxBytes);
    }

    @Override
    public ObjectInfo write(String key, byte[] bytes, String contentType, WriteMode mode) {
        return delegate.write(key, bytes, contentType, mode);
    }

    @Override
    public ObjectInfo replace(String key, byte[] bytes, String contentType, long expectedGeneration) {
        return delegate.replace(key, bytes, contentType, expectedGeneration);
    }

    @Override
    public ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey) {
        return delegate.copy(sourceKey, sourceGeneration, targetKey);
    }

    @Override
    public boolean delete(String key, long generation) {
        return delegate.delete(key, generation);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
