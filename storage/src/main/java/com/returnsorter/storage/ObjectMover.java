package com.returnsorter.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Move without overwrite, built from {@link ObjectStore#copy} and {@link ObjectStore#delete}:
 *
 * <ol>
 *   <li>copy the source, at the generation the caller saw, to the target; when the target
 *       exists, try {@code name~1.jpg}, {@code name~2.jpg}, … up to {@code maxSuffix};</li>
 *   <li>delete the source, again only at that generation;</li>
 *   <li>if that delete finds the source gone because another mover got there first, delete the
 *       copy just made, so the object ends up in exactly one place, and report
 *       {@link MoveResult#sourceAlreadyGone()}.</li>
 * </ol>
 *
 * <p>Losing a photo is worse than keeping it twice, so step 3 deletes its copy only after it has
 * seen the other mover's copy (same bytes, same folder, same name up to the suffix), and writes
 * its bytes back if that other copy has vanished too. Otherwise, and when the source was replaced
 * by a new version meanwhile, the copy is kept ({@code sourceAlreadyGone} false): the old version
 * exists nowhere else. If deleting the source fails with an I/O error, the copy is removed again
 * when the source is seen intact, so a retry starts clean.
 *
 * <p>Thread-safe; any number of movers may work on the same objects at once.
 */
public final class ObjectMover {

    /** How many suffixed names ({@code ~1} … {@code ~100}) are tried after the plain one. */
    public static final int DEFAULT_MAX_SUFFIX = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ObjectMover.class);
    private static final int LIST_PAGE = 1000;

    private final ObjectStore store;
    private final int maxSuffix;

    public ObjectMover(ObjectStore store) {
        this(store, DEFAULT_MAX_SUFFIX);
    }

    public ObjectMover(ObjectStore store, int maxSuffix) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxSuffix < 0) {
            throw new IllegalArgumentException("maxSuffix must be >= 0");
        }
        this.maxSuffix = maxSuffix;
    }

    /**
     * Moves {@code source} into {@code folder} (e.g. {@code processed/Shirt/}) under its own file name.
     *
     * @see #move(String, long, String)
     */
    public MoveResult moveInto(ObjectInfo source, String folder) {
        String prefix = ObjectKeys.requirePrefix(folder);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return move(source.key(), source.generation(), prefix + ObjectKeys.fileName(source.key()));
    }

    /**
     * Moves {@code sourceKey} at {@code sourceGeneration} to {@code targetKey}, or to the first free
     * suffixed variant of it. Never overwrites.
     *
     * @throws ObjectNotFoundException       the source no longer exists (nothing was done)
     * @throws PreconditionFailedException   the source has another generation now (nothing was done)
     * @throws ObjectAlreadyExistsException  the target and all its suffixed variants exist (nothing was done)
     * @throws ObjectStoreException          an I/O failure; the copy is undone when the source is known to be intact
     */
    public MoveResult move(String sourceKey, long sourceGeneration, String targetKey) {
        ObjectKeys.requireObjectKey(sourceKey);
        ObjectKeys.requireObjectKey(targetKey);
        if (sourceKey.equals(targetKey)) {
            throw new IllegalArgumentException("cannot move " + ObjectKeys.escape(sourceKey) + " onto itself");
        }
        ObjectInfo copy = copyToFreeName(sourceKey, sourceGeneration, targetKey);

        boolean deleted;
        try {
            deleted = store.delete(sourceKey, sourceGeneration);
        } catch (ObjectStoreException e) {
            undoCopyIfSourceIntact(sourceKey, sourceGeneration, copy);
            throw e;
        }
        if (deleted) {
            return new MoveResult(copy, false);
        }

        Optional<ObjectInfo> now = store.stat(sourceKey);
        if (now.isPresent()) {
            LOG.warn("{} was replaced by a new version while being moved; kept the copy of the old version at {}",
                    ObjectKeys.escape(sourceKey), ObjectKeys.escape(copy.key()));
            return new MoveResult(copy, false);
        }
        byte[] ours = store.read(copy.key(), copy.size()).bytes();
        if (!otherCopyExists(targetKey, copy, ours)) {
            LOG.warn("{} disappeared while being moved and no other copy was found beside {}; keeping the copy",
                    ObjectKeys.escape(sourceKey), ObjectKeys.escape(copy.key()));
            return new MoveResult(copy, false);
        }
        if (!store.delete(copy.key(), copy.generation())) {
            LOG.warn("could not delete the duplicate copy {} (it changed meanwhile)", ObjectKeys.escape(copy.key()));
            return new MoveResult(copy, true);
        }
        // If the source was deleted by a third party while two movers raced, each could have taken
        // the other's copy for the survivor. Whoever then finds no other copy left writes its bytes
        // back; with linearizable store operations at least one of the two always does.
        if (!otherCopyExists(targetKey, copy, ours)) {
            ObjectInfo restored = store.write(copy.key(), ours, contentTypeOf(copy), WriteMode.CREATE_NEW);
            LOG.warn("restored {} after the other copy of {} vanished", ObjectKeys.escape(restored.key()),
                    ObjectKeys.escape(sourceKey));
            return new MoveResult(restored, false);
        }
        return new MoveResult(copy, true);
    }

    private static String contentTypeOf(ObjectInfo info) {
        return info.contentType() != null ? info.contentType() : "application/octet-stream";
    }

    private ObjectInfo copyToFreeName(String sourceKey, long sourceGeneration, String targetKey) {
        for (int n = 0; n <= maxSuffix; n++) {
            String candidate = n == 0 ? targetKey : ObjectKeys.withSuffix(targetKey, n);
            try {
                return store.copy(sourceKey, sourceGeneration, candidate);
            } catch (ObjectAlreadyExistsException taken) {
                // try the next suffix
            }
        }
        throw new ObjectAlreadyExistsException("cannot move " + ObjectKeys.escape(sourceKey) + ": "
                + ObjectKeys.escape(targetKey) + " and its " + maxSuffix + " suffixed variants all exist");
    }

    /**
     * True when another object in the target's folder, named like the target up to a {@code ~n}
     * suffix, has exactly the bytes of our copy: the other mover's copy of the same source.
     */
    private boolean otherCopyExists(String targetKey, ObjectInfo copy, byte[] ours) {
        String folder = ObjectKeys.parent(targetKey);
        String name = ObjectKeys.fileName(targetKey);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String token = null;
        do {
            ObjectPage page = store.list(folder + stem, token, LIST_PAGE);
            for (ObjectInfo candidate : page.objects()) {
                if (candidate.key().equals(copy.key()) || candidate.size() != copy.size()
                        || !isSuffixedVariant(candidate.key(), folder, stem, extension)) {
                    continue;
                }
                try {
                    if (Arrays.equals(ours, store.read(candidate.key(), copy.size()).bytes())) {
                        return true;
                    }
                } catch (ObjectNotFoundException | ObjectTooLargeException changedMeanwhile) {
                    // not the twin we are looking for
                }
            }
            token = page.nextPageToken();
        } while (token != null);
        return false;
    }

    private static boolean isSuffixedVariant(String key, String folder, String stem, String extension) {
        if (key.equals(folder + stem + extension)) {
            return true;
        }
        String head = folder + stem + "~";
        if (!key.startsWith(head) || !key.endsWith(extension) || key.length() <= head.length() + extension.length()) {
            return false;
        }
        String digits = key.substring(head.length(), key.length() - extension.length());
        return digits.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private void undoCopyIfSourceIntact(String sourceKey, long sourceGeneration, ObjectInfo copy) {
        try {
            Optional<ObjectInfo> source = store.stat(sourceKey);
            if (source.isPresent() && source.get().generation() == sourceGeneration) {
                store.delete(copy.key(), copy.generation());
            } else {
                LOG.error("deleting {} after copying it to {} failed and its state is unknown; the copy is kept",
                        ObjectKeys.escape(sourceKey), ObjectKeys.escape(copy.key()));
            }
        } catch (ObjectStoreException e) {
            LOG.error("{} may now exist twice: as the source and as the copy {}",
                    ObjectKeys.escape(sourceKey), ObjectKeys.escape(copy.key()), e);
        }
    }
}
