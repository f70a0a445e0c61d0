package com.returnsorter.batch.support;

import com.returnsorter.storage.ForwardingObjectStore;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.StoredObject;
import com.returnsorter.storage.WriteMode;
import io.micronaut.core.annotation.Nullable;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real local store with faults a real store cannot be made to produce on cue: copies or
 * deletes of photos failing transiently, and a "crash" after N moves from which every store call
 * fails, as if the process had died there. It also records how the store was listed.
 */
public final class FaultyObjectStore extends ForwardingObjectStore {

    /** Thrown by every call once the simulated crash point has passed. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash");
        }
    }

    private final AtomicInteger copyFailures = new AtomicInteger();
    private final AtomicInteger deleteFailures = new AtomicInteger();
    private final AtomicInteger movesUntilCrash = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger incomingListCalls = new AtomicInteger();
    private final AtomicInteger largestIncomingPage = new AtomicInteger();
    private final AtomicInteger deletesToPause = new AtomicInteger();
    private final java.util.concurrent.Semaphore paused = new java.util.concurrent.Semaphore(0);
    private volatile java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(0);
    private volatile boolean crashed;
    private volatile ObjectInfo phantom;

    public FaultyObjectStore(ObjectStore delegate) {
        super(delegate);
    }

    /** The next {@code count} copies out of {@code incoming/} fail transiently. */
    public void failCopies(int count) {
        copyFailures.set(count);
    }

    /** The next {@code count} deletes in {@code incoming/} fail transiently (after their copy succeeded). */
    public void failDeletes(int count) {
        deleteFailures.set(count);
    }

    /** After {@code moves} more photos have left {@code incoming/}, every call fails as if the process had died. */
    public void crashAfterMoves(int moves) {
        movesUntilCrash.set(moves);
    }

    /**
     * Lists an extra object under {@code incoming/} that no real store here can hold, such as a key
     * with a {@code ..} segment, which Cloud Storage accepts.
     */
    public void listPhantom(String key) {
        phantom = new ObjectInfo(key, 10, 42L, "image/jpeg", java.time.Instant.now());
    }

    /**
     * The next {@code count} deletes in {@code incoming/} stop before they reach the store until
     * {@link #resumeDeletes()}: a delivery stalled between copying a photo and deleting its source.
     */
    public void pauseDeletes(int count) {
        resume = new java.util.concurrent.CountDownLatch(1);
        deletesToPause.set(count);
    }

    /** Waits until {@code count} paused deletes are waiting. */
    public void awaitPausedDeletes(int count) throws InterruptedException {
        if (!paused.tryAcquire(count, 60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("no delete reached the pause");
        }
    }

    public void resumeDeletes() {
        resume.countDown();
    }

    public void recover() {
        crashed = false;
        movesUntilCrash.set(Integer.MAX_VALUE);
    }

    /** Whether the simulated crash has happened: from then on the "process" touches nothing. */
    public boolean crashed() {
        return crashed;
    }

    public int incomingListCalls() {
        return incomingListCalls.get();
    }

    public int largestIncomingPage() {
        return largestIncomingPage.get();
    }

    private void checkAlive() {
        if (crashed) {
            throw new SimulatedCrash();
        }
    }

    @Override
    public ObjectPage list(String prefix, @Nullable String pageToken, int pageSize) {
        checkAlive();
        ObjectPage page = super.list(prefix, pageToken, pageSize);
        if (prefix.equals("incoming/") && phantom != null && pageToken == null) {
            java.util.List<ObjectInfo> objects = new java.util.ArrayList<>(page.objects());
            objects.add(0, phantom);
            page = new ObjectPage(objects, page.nextPageToken());
        }
        if (prefix.equals("incoming/")) {
            incomingListCalls.incrementAndGet();
            largestIncomingPage.accumulateAndGet(page.objects().size(), Math::max);
        }
        return page;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        checkAlive();
        return super.stat(key);
    }

    @Override
    public StoredObject read(String key, long maxBytes) {
        checkAlive();
        return super.read(key, maxBytes);
    }

    @Override
    public ObjectInfo write(String key, byte[] bytes, String contentType, WriteMode mode) {
        checkAlive();
        return super.write(key, bytes, contentType, mode);
    }

    @Override
    public ObjectInfo replace(String key, byte[] bytes, String contentType, long expectedGeneration) {
        checkAlive();
        return super.replace(key, bytes, contentType, expectedGeneration);
    }

    @Override
    public ObjectInfo copy(String sourceKey, long sourceGeneration, String targetKey) {
        checkAlive();
        if (sourceKey.startsWith("incoming/") && copyFailures.getAndDecrement() > 0) {
            throw new ObjectStoreException("injected copy failure for " + sourceKey, true);
        }
        return super.copy(sourceKey, sourceGeneration, targetKey);
    }

    @Override
    public boolean delete(String key, long generation) {
        checkAlive();
        if (key.startsWith("incoming/") && deletesToPause.getAndDecrement() > 0) {
            paused.release();
            try {
                resume.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ObjectStoreException("interrupted while paused", true);
            }
        }
        if (key.startsWith("incoming/") && deleteFailures.getAndDecrement() > 0) {
            throw new ObjectStoreException("injected delete failure for " + key, true);
        }
        boolean deleted = super.delete(key, generation);
        if (deleted && key.startsWith("incoming/") && movesUntilCrash.decrementAndGet() <= 0) {
            crashed = true;
        }
        return deleted;
    }
}
