package com.returnsorter.batch.run;

import com.returnsorter.storage.ObjectKeys;
import io.micronaut.core.annotation.Nullable;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the photos of one chunk share while they are handled in parallel: which run and chunk they
 * belong to, the delivery's hold on the run, its deadline, and the circuit breaker that stops the run
 * when the predict function is gone.
 */
final class ChunkContext {

    final String runId;
    final int chunk;
    final boolean dryRun;
    final RunLease lease;
    private final Clock clock;
    private final Instant deadline;
    private final AtomicBoolean startedAny;
    private final int maxConsecutiveFailures;
    private final AtomicInteger consecutiveFailures;
    private final AtomicReference<String> abortReason;
    private final List<String> deferred = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param startedAny whether this delivery has started a photo yet; the first one starts even after the deadline,
     *                   so a delivery always makes progress
     */
    ChunkContext(String runId, int chunk, boolean dryRun, RunLease lease, Clock clock, Instant deadline,
                 AtomicBoolean startedAny, int maxConsecutiveFailures, AtomicInteger consecutiveFailures,
                 AtomicReference<String> abortReason) {
        this.runId = runId;
        this.chunk = chunk;
        this.dryRun = dryRun;
        this.lease = lease;
        this.clock = clock;
        this.deadline = deadline;
        this.startedAny = startedAny;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.consecutiveFailures = consecutiveFailures;
        this.abortReason = abortReason;
    }

    /**
     * Whether a photo may start now: not after the delivery's deadline (the photo is deferred to the
     * next chunk instead), except the delivery's very first.
     */
    boolean mayStart(String key) {
        if (clock.instant().isBefore(deadline) || startedAny.compareAndSet(false, true)) {
            startedAny.set(true);
            return true;
        }
        deferred.add(key);
        return false;
    }

    /** Photos not started because the time was up, in listing order. */
    List<String> deferred() {
        synchronized (deferred) {
            List<String> keys = new ArrayList<>(deferred);
            keys.sort(ObjectKeys.ORDER);
            return keys;
        }
    }

    boolean aborted() {
        return abortReason.get() != null;
    }

    @Nullable
    String abortReason() {
        return abortReason.get();
    }

    void abort(String reason) {
        abortReason.compareAndSet(null, reason);
    }

    void answered() {
        consecutiveFailures.set(0);
    }

    /** Counts a transient failure; enough of them in a row mean the predict function is down. */
    void failed(String message) {
        if (consecutiveFailures.incrementAndGet() >= maxConsecutiveFailures) {
            abort("the predict function failed " + maxConsecutiveFailures + " photos in a row; last: " + message);
        }
    }
}
