package com.returnsorter.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * <em>The</em> move of the system: brings one version of an object to a target key, never
 * overwriting, and decides each time from what the store holds, never from memory, so whoever
 * holds the right to move that version (the batch's claim) can repeat it after a crash or a stall
 * and finish what an earlier attempt began.
 *
 * <p>One {@link #step} does what the store's state calls for:
 * <ol>
 *   <li>the source version is gone: {@link Step#ALREADY_MOVED} when the target exists (this move was
 *       finished, by this holder or an earlier one), else {@link Step#SOURCE_GONE};</li>
 *   <li>the target holds other bytes (size or checksum differ): {@link Step#TARGET_TAKEN}; the caller
 *       picks another name ({@link #freeName}) and records it before the next step;</li>
 *   <li>the target is free: copy the source at its generation, create-if-absent;</li>
 *   <li>ask the caller's {@link Fence}: may it still do the irreversible step?</li>
 *   <li>delete the source at its generation: {@link Step#MOVED}.</li>
 * </ol>
 *
 * <p>A copy is never deleted. A target with the source's size and checksum (CRC32C/MD5, see
 * {@link ObjectStore#checksum}) <em>is</em> the copy, whoever made it, and the move is completed from
 * it: undoing a copy while another holder deletes the source is the one interleaving that loses a
 * photo. Two sources with identical bytes never share a target because each caller chooses its target
 * for its own source key (the batch: the source's name under the category folder, suffixed while taken).
 *
 * <p>Thread-safe.
 */
public final class ObjectMover {

    /** How many suffixed names ({@code ~1} … {@code ~1000}) {@link #freeName} tries after the plain one. */
    public static final int DEFAULT_MAX_SUFFIX = 1000;

    /** The caller's check before the irreversible step; throws to stop the move before the source is deleted. */
    @FunctionalInterface
    public interface Fence {
        void check();
    }

    /** What one {@link #step} found or did. */
    public enum Step {
        /** The source was deleted after its copy was made or found at the target: moved. */
        MOVED,
        /** The source version is gone and the target exists: the move was finished before. */
        ALREADY_MOVED,
        /** The source version is gone and the target does not exist: someone else moved or deleted it. */
        SOURCE_GONE,
        /** The target holds other bytes: choose another name and step again. */
        TARGET_TAKEN,
        /** Something changed between two looks (a racing copy or delete): step again. */
        CHANGED
    }

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
     * One step of moving {@code sourceKey} at {@code generation} ({@code size} bytes) to {@code targetKey}.
     *
     * @throws ObjectStoreException for a store failure; the step may be repeated
     * @throws RuntimeException     whatever {@code fence} throws; the source is then left in place
     */
    public Step step(String sourceKey, long generation, long size, String targetKey, Fence fence) {
        ObjectKeys.requireObjectKey(sourceKey);
        ObjectKeys.requireObjectKey(targetKey);
        if (sourceKey.equals(targetKey)) {
            throw new IllegalArgumentException("cannot move " + ObjectKeys.escape(sourceKey) + " onto itself");
        }
        boolean sourceThere = store.stat(sourceKey).filter(s -> s.generation() == generation).isPresent();
        Optional<ObjectInfo> target = store.stat(targetKey);
        if (!sourceThere) {
            return target.isPresent() ? Step.ALREADY_MOVED : Step.SOURCE_GONE;
        }
        if (target.isPresent() && !isCopy(target.get(), sourceKey, generation, size)) {
            return Step.TARGET_TAKEN;
        }
        if (target.isEmpty()) {
            try {
                store.copy(sourceKey, generation, targetKey);
            } catch (ObjectAlreadyExistsException | PreconditionFailedException | ObjectNotFoundException e) {
                return Step.CHANGED;
            }
        }
        fence.check();
        return store.delete(sourceKey, generation) ? Step.MOVED : Step.CHANGED;
    }

    /**
     * Whether {@code target} holds the bytes of {@code sourceKey} at {@code generation}: same size, same
     * checksum. False when the source version is gone (nothing left to compare with).
     */
    public boolean isCopy(ObjectInfo target, String sourceKey, long generation, long size) {
        if (target.size() != size) {
            return false;
        }
        Optional<Checksum> copied = store.checksum(target.key(), target.generation());
        Optional<Checksum> original = store.checksum(sourceKey, generation);
        return copied.isPresent() && original.isPresent() && copied.get().sameContentAs(original.get());
    }

    /**
     * {@code key}, or the first of {@code name~1.ext}, {@code name~2.ext} … (suffix before the last
     * extension) that does not exist now.
     *
     * @throws ObjectAlreadyExistsException when {@code key} and all {@code maxSuffix} variants exist
     */
    public String freeName(String key) {
        for (int n = 0; n <= maxSuffix; n++) {
            String candidate = n == 0 ? key : ObjectKeys.withSuffix(key, n);
            if (store.stat(candidate).isEmpty()) {
                return candidate;
            }
        }
        throw new ObjectAlreadyExistsException(ObjectKeys.escape(key) + " and its " + maxSuffix
                + " suffixed variants all exist");
    }

    /**
     * Moves {@code source} to {@code targetKey} or the first of its suffixed variants that is free or
     * already holds this source's copy, stepping until done, without a fence: for a caller that holds no
     * claim (tools, tests). Movers racing on one source converge on one copy, since each takes an
     * identical copy at a name for its own. The batch steps itself, recording each target in its claim.
     *
     * @return the key the object is at now (when a racing mover finished first, where this one last looked)
     * @throws ObjectNotFoundException      when the source version was gone before this move made or found its copy
     * @throws ObjectAlreadyExistsException when the target and all its suffixed variants hold other objects
     */
    public String move(ObjectInfo source, String targetKey) {
        if (store.stat(source.key()).filter(s -> s.generation() == source.generation()).isEmpty()) {
            throw new ObjectNotFoundException("no object " + ObjectKeys.escape(source.key()) + " at generation "
                    + source.generation());
        }
        int n = 0;
        while (true) {
            String target = n == 0 ? targetKey : ObjectKeys.withSuffix(targetKey, n);
            switch (step(source.key(), source.generation(), source.size(), target, () -> { })) {
                case MOVED, ALREADY_MOVED -> {
                    return target;
                }
                case SOURCE_GONE -> throw new ObjectNotFoundException(ObjectKeys.escape(source.key()) + " at generation "
                        + source.generation() + " was moved or deleted by someone else meanwhile");
                case TARGET_TAKEN -> {
                    if (++n > maxSuffix) {
                        throw new ObjectAlreadyExistsException(ObjectKeys.escape(targetKey) + " and its " + maxSuffix
                                + " suffixed variants all hold other objects");
                    }
                }
                case CHANGED -> { }
            }
        }
    }
}
