package com.returnsorter.storage;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageException;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ObjectStore} over one Cloud Storage bucket.
 *
 * <p>No-overwrite is enforced by Cloud Storage itself, never by a check-then-act in here:
 * CREATE_NEW writes and copy targets carry {@code ifGenerationMatch=0}
 * ({@link BlobTargetOption#doesNotExist()}); the copy source carries
 * {@code ifSourceGenerationMatch}; delete carries {@code ifGenerationMatch}. A failed
 * precondition (HTTP 412) becomes {@link ObjectAlreadyExistsException} or
 * {@link PreconditionFailedException}; 404 becomes {@link ObjectNotFoundException}; 408, 429
 * and 5xx are transient.
 */
public final class CloudStorageObjectStore implements ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(CloudStorageObjectStore.class);
    private static final int PRECONDITION_FAILED = 412;
    private static final int NOT_FOUND = 404;
    private static final int READ_ATTEMPTS = 3;

    private final Storage storage;
    private final String bucket;

    public CloudStorageObjectStore(Storage storage, String bucket) {
        this.storage = Objects.requireNonNull(storage, "storage");
        if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("a bucket name is required (without gs:// or '/'), got " + bucket);
        }
        this.bucket = bucket;
    }

    @Override
    public String describe() {
        return "gs://" + bucket;
    }

    @Override
    public ObjectPage list(String prefix, @Nullable String pageToken, int pageSize) {
        ObjectKeys.requirePrefix(prefix);
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        List<BlobListOption> options = new ArrayList<>();
        if (!prefix.isEmpty()) {
            options.add(BlobListOption.prefix(prefix));
        }
        options.add(BlobListOption.pageSize(pageSize));
        if (pageToken != null) {
            options.add(BlobListOption.pageToken(pageToken));
        }
        Page<Blob> page;
        try {
            page = storage.list(bucket, options.toArray(BlobListOption[]::new));
        } catch (StorageException e) {
            throw translate(e, "list " + ObjectKeys.escape(prefix));
        }
        List<ObjectInfo> objects = new ArrayList<>();
        for (Blob blob : page.getValues()) {
            String key = blob.getName();
            if (!key.startsWith(prefix)) {
                continue;
            }
            if (!ObjectKeys.isSafe(key)) {
                LOG.warn("skipping {} in {}: not a valid object key", ObjectKeys.escape(key), describe());
                continue;
            }
            objects.add(info(blob));
        }
        String next = page.getNextPageToken();
        return new ObjectPage(objects, next == null || next.isEmpty() ? null : next);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.requireKeyOrFolder(key);
        try {
            return Optional.ofNullable(storage.get(BlobId.of(bucket, key))).map(CloudStorageObjectStore::info);
        } catch (StorageException e) {
            if (e.getCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw translate(e, "stat " + ObjectKeys.escape(key));
        }
    }

    @Override
    public StoredObject read(String key, long maxBytes) {
        ObjectKeys.requireKeyOrFolder(key);
        for (int attempt = 1; ; attempt++) {
            ObjectInfo info = stat(key).orElseThrow(() -> notFound(key, null));
            if (info.size() > maxBytes) {
                throw new ObjectTooLargeException(key, info.size(), maxBytes);
            }
            try {
                // Read exactly the version whose size was checked.
                byte[] bytes = storage.readAllBytes(BlobId.of(bucket, key),
                        BlobSourceOption.generationMatch(info.generation()));
                if (bytes.length > maxBytes) {
                    throw new ObjectTooLargeException(key, bytes.length, maxBytes);
                }
                return new StoredObject(info, bytes);
            } catch (StorageException e) {
                if (e.getCode() == NOT_FOUND) {
                    throw notFound(key, e);
                }
                if (e.getCode() != PRECONDITION_FAILED || attempt >= READ_ATTEMPTS) {
                    throw translate(e, "read " + ObjectKeys.escape(key));
                }
                // replaced between stat and read: look again
            }
        }
    }

    @Override
    public InputStream openStream(String key, long maxBytes) {
        ObjectKeys.requireObjectKey(key);
        ObjectInfo info = stat(key).orElseThrow(() -> notFound(key, null));
        if (info.size() > maxBytes) {
            throw new ObjectTooLargeException(key, info.size(), maxBytes);
        }
        try {
            // The reader fetches chunks lazily, of exactly the version whose size was checked.
            ReadChannel channel = storage.reader(BlobId.of(bucket, key, info.generation()));
            return new CappedInputStream(Channels.newInputStream(channel), key, maxBytes);
        } catch (StorageException e) {
            if (e.getCode() == NOT_FOUND) {
                throw notFound(key, e);
            }
            throw translate(e, "read " + ObjectKeys.escape(key));
        }
    }

    @Override
    public ObjectInfo write(String key, byte[] bytes, String contentType, WriteMode mode) {
        ObjectKeys.requireObjectKey(key);
        Objects.requireNonNull(bytes, "bytes");
        BlobInfo blobInfo = BlobInfo.newBuilder(BlobId.of(bucket, key)).setContentType(contentType).build();
        try {
            Blob blob = mode == WriteMode.CREATE_NEW
                    ? storage.create(blobInfo, bytes, BlobTargetOption.doesNotExist())
                    : storage.create(blobInfo, bytes);
            ObjectInfo info = info(blob);
            return blob.getSize() != null ? info
                    : new ObjectInfo(key, bytes.length, info.generation(), info.contentType(), info.updated());
        } catch (StorageException e) {
            if (isPreconditionFailure(e)) {
                throw new ObjectAlreadyExistsException("object " + ObjectKeys.escape(key) + " already exists in "
                        + describe(), e);
            }
            throw translate(e, "write " + ObjectKeys.escape(key));
        }
    }

    @Override
    public ObjectInfo replace(String key, byte[] bytes, String contentType, long expectedGeneration) {
        ObjectKeys.requireObjectKey(key);
        Objects.requireNonNull(bytes, "bytes");
        // generationMatch() takes the generation from the BlobId: ifGenerationMatch=expectedGeneration.
        BlobInfo blobInfo = BlobInfo.newBuilder(BlobId.of(bucket, key, expectedGeneration)).setContentType(contentType).build();
        try {
            Blob blob = storage.create(blobInfo, bytes, BlobTargetOption.generationMatch());
            ObjectInfo info = info(blob);
            return blob.getSize() != null ? info
                    : new ObjectInfo(key, bytes.length, info.generation(), info.contentType(), info.updated());
        } catch (StorageException e) {
            if (isPreconditionFailure(e)) {
                if (stat(key).isEmpty()) {
                    throw new ObjectNotFoundException("no object " + ObjectKeys.escape(key) + " in " + describe(), e);
                }
                throw new PreconditionFailedException("object " + ObjectKeys.escape(key) + " is no longer at generation "
                        + expectedGeneration, e);
            }
            throw translate(e, "replace " + ObjectKeys.escape(key));
        }
    }

    @Override
    public ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey) {
        ObjectKeys.requireObjectKey(sourceKey);
        ObjectKeys.requireObjectKey(targetKey);
        Storage.CopyRequest request = Storage.CopyRequest.newBuilder()
                .setSource(BlobId.of(bucket, sourceKey))
                .setSourceOptions(BlobSourceOption.generationMatch(sourceGeneration))
                .setTarget(BlobId.of(bucket, targetKey), BlobTargetOption.doesNotExist())
                .build();
        try {
            return info(storage.copy(request).getResult());
        } catch (StorageException e) {
            if (e.getCode() == NOT_FOUND) {
                throw notFound(sourceKey, e);
            }
            if (isPreconditionFailure(e)) {
                throw copyPreconditionFailure(sourceKey, sourceGeneration, targetKey, e);
            }
            throw translate(e, "copy " + ObjectKeys.escape(sourceKey) + " to " + ObjectKeys.escape(targetKey));
        }
    }

    /**
     * A 412 on copy does not say which precondition failed. The source's current state tells:
     * if it is still at the expected generation, the target must exist. (A wrong guess in a race
     * only changes the exception type; nothing was copied either way.)
     */
    private ObjectStoreException copyPreconditionFailure(String sourceKey, long sourceGeneration, String targetKey,
                                                         StorageException e) {
        Optional<ObjectInfo> source = stat(sourceKey);
        if (source.isEmpty()) {
            return notFound(sourceKey, e);
        }
        if (source.get().generation() != sourceGeneration) {
            return new PreconditionFailedException("object " + ObjectKeys.escape(sourceKey) + " is at generation "
                    + source.get().generation() + ", not " + sourceGeneration, e);
        }
        return new ObjectAlreadyExistsException("object " + ObjectKeys.escape(targetKey) + " already exists in "
                + describe(), e);
    }

    @Override
    public boolean delete(String key, long generation) {
        ObjectKeys.requireKeyOrFolder(key);
        try {
            return storage.delete(BlobId.of(bucket, key), BlobSourceOption.generationMatch(generation));
        } catch (StorageException e) {
            if (e.getCode() == NOT_FOUND || e.getCode() == PRECONDITION_FAILED) {
                return false;
            }
            throw translate(e, "delete " + ObjectKeys.escape(key));
        }
    }

    /** From the CRC32C and MD5 Cloud Storage keeps with the object; nothing is downloaded. */
    @Override
    public Optional<Checksum> checksum(String key, long generation) {
        ObjectKeys.requireObjectKey(key);
        Blob blob;
        try {
            blob = storage.get(BlobId.of(bucket, key));
        } catch (StorageException e) {
            if (e.getCode() == NOT_FOUND) {
                return Optional.empty();
            }
            throw translate(e, "stat " + ObjectKeys.escape(key));
        }
        if (blob == null || info(blob).generation() != generation) {
            return Optional.empty();
        }
        if (blob.getCrc32c() == null) {
            // Cloud Storage always keeps a CRC32C; the LocalStorageHelper test fake does not.
            return ObjectStore.super.checksum(key, generation);
        }
        return Optional.of(new Checksum(blob.getCrc32c(), blob.getMd5()));
    }

    private static boolean isPreconditionFailure(StorageException e) {
        // google-cloud-nio's LocalStorageHelper fake reports a failed ifGenerationMatch=0 as a
        // StorageException caused by FileAlreadyExistsException instead of HTTP 412.
        return e.getCode() == PRECONDITION_FAILED || e.getCause() instanceof FileAlreadyExistsException;
    }

    private ObjectNotFoundException notFound(String key, @Nullable Throwable cause) {
        return new ObjectNotFoundException("no object " + ObjectKeys.escape(key) + " in " + describe(), cause);
    }

    private ObjectStoreException translate(StorageException e, String action) {
        int code = e.getCode();
        boolean transientFailure = code == 408 || code == 429 || code >= 500 || e.isRetryable();
        return new ObjectStoreException("could not " + action + " in " + describe() + " (HTTP " + code + "): "
                + e.getMessage(), e, transientFailure);
    }

    private static ObjectInfo info(BlobInfo blob) {
        Long size = blob.getSize();
        // Cloud Storage always returns a generation; the LocalStorageHelper test fake does not on create.
        Long generation = blob.getGeneration();
        OffsetDateTime updated = blob.getUpdateTimeOffsetDateTime();
        return new ObjectInfo(blob.getName(), size == null ? 0 : size, generation == null ? 0 : generation,
                blob.getContentType(), updated == null ? Instant.EPOCH : updated.toInstant());
    }
}
