package com.returnsorter.storage;

import io.micronaut.core.annotation.Nullable;

import java.util.Optional;

/**
 * The object-store port: a flat namespace of keys ({@code incoming/photo.jpg}) holding immutable
 * byte arrays, each version identified by a generation.
 *
 * <p>Every key and prefix argument is checked by {@link ObjectKeys}; a hostile or malformed key
 * fails with {@link InvalidObjectKeyException} before anything is read or written. All failures
 * are unchecked {@link ObjectStoreException}s; {@link ObjectStoreException#isTransient()} says
 * whether a retry may help.
 *
 * <p>The guarantee the rest of the system builds on: nothing here overwrites an object unless
 * the caller asked for {@link WriteMode#OVERWRITE}, and copy and delete act only on the exact
 * generation the caller saw. {@link ObjectMover} combines them into a move that never loses,
 * duplicates or overwrites a photo.
 */
public interface ObjectStore {

    /**
     * Lists objects whose key starts with {@code prefix}, in key order (Unicode code point order,
     * which is UTF-8 byte order), one page at a time.
     *
     * @param prefix    a key prefix, may be empty; only keys under it are ever returned
     * @param pageToken null for the first page, else {@link ObjectPage#nextPageToken()} of the previous page
     * @param pageSize  the most objects to return, at least 1 (Cloud Storage caps a page at 1000)
     */
    ObjectPage list(String prefix, @Nullable String pageToken, int pageSize);

    /** The current version of {@code key}, or empty when there is none. Accepts folder placeholders ({@code a/}). */
    Optional<ObjectInfo> stat(String key);

    /**
     * Reads the whole object.
     *
     * @throws ObjectTooLargeException  before reading the bytes, when the object is over {@code maxBytes}
     * @throws ObjectNotFoundException  when there is no such object
     */
    StoredObject read(String key, long maxBytes);

    /**
     * Opens the current version of {@code key} as a stream, for objects read once from start to end
     * that need not fit in memory (a run's {@code results.csv}). The caller closes the stream.
     *
     * @throws ObjectTooLargeException  before opening, when the object is over {@code maxBytes}; and from
     *                                  a read of the stream once more than {@code maxBytes} came through
     * @throws ObjectNotFoundException  when there is no such object
     */
    java.io.InputStream openStream(String key, long maxBytes);

    /**
     * Writes a new version of {@code key}.
     *
     * @param mode {@link WriteMode#CREATE_NEW} fails atomically with {@link ObjectAlreadyExistsException}
     *             when the key exists and never overwrites; {@link WriteMode#OVERWRITE} replaces
     *             (meant for reports)
     * @return the new version, with a generation different from any earlier version of the key
     */
    ObjectInfo write(String key, byte[] bytes, String contentType, WriteMode mode);

    /**
     * Replaces {@code key} only if its current generation is {@code expectedGeneration}: a
     * compare-and-set, for small state objects that several writers update (a run's progress, a
     * claim on a photo).
     *
     * @throws PreconditionFailedException when the object has another generation now
     * @throws ObjectNotFoundException     when there is no such object
     * @return the new version
     */
    ObjectInfo replace(String key, byte[] bytes, String contentType, long expectedGeneration);

    /**
     * Copies {@code sourceKey} to {@code targetKey}. Never overwrites.
     *
     * @throws PreconditionFailedException   when the source's generation is no longer {@code sourceGeneration}
     * @throws ObjectAlreadyExistsException  when the target exists
     * @throws ObjectNotFoundException       when the source does not exist
     * @return the new target object
     */
    ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey);

    /**
     * Deletes {@code key} only if its current generation is {@code generation}.
     *
     * @return true if this call deleted it; false if it was absent or had another generation
     */
    boolean delete(String key, long generation);

    /**
     * The checksum of {@code key} at exactly {@code generation}, to tell whether two objects hold
     * the same bytes without reading both: Cloud Storage answers from the CRC32C and MD5 it keeps
     * for every object; the local store computes its own. Empty when that version does not exist
     * (any more).
     *
     * <p>This default reads the object once and computes it; adapters that keep checksums override it.
     */
    default Optional<Checksum> checksum(String key, long generation) {
        Optional<ObjectInfo> info = stat(key);
        if (info.isEmpty() || info.get().generation() != generation) {
            return Optional.empty();
        }
        Checksum checksum;
        try (java.io.InputStream in = openStream(key, Long.MAX_VALUE)) {
            checksum = Checksum.of(in);
        } catch (ObjectNotFoundException gone) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new ObjectStoreException("could not read " + ObjectKeys.escape(key) + " for its checksum: " + e, e, true);
        }
        // The stream may have read a newer version; only an unchanged generation proves it was this one.
        return stat(key).filter(after -> after.generation() == generation).map(after -> checksum);
    }

    /** A human-readable location, e.g. {@code gs://bucket} or {@code /abs/dir}. */
    String describe();
}
