package com.returnsorter.batch.run;

import io.micronaut.core.annotation.Nullable;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the photos of one chunk share while they are handled in parallel: which run and chunk they
 * belong to, and the circuit breaker that stops the run when the predict function is gone.
 */
final class ChunkContext {

    final String runId;
    final int chunk;
    final boolean dryRun;
    private final int maxConsecutiveFailures;
    private final AtomicInteger consecutiveFailures;
    private final AtomicReference<String> abortReason;

    ChunkContext(String runId, int chunk, boolean dryRun, int maxConsecutiveFailures, AtomicInteger consecutiveFailures,
                 AtomicReference<String> abortReason) {
        this.runId = runId;
        this.chunk = chunk;
        this.dryRun = dryRun;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.consecutiveFailures = consecutiveFailures;
        this.abortReason = abortReason;
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
