package com.returnsorter.batch.run;

import com.returnsorter.events.ItemStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * A run's claim on one photo version, written with create-if-absent <em>before</em> the photo is
 * copied: {@code state/claims/<sha of key>-<generation>.json}. Whoever holds it is the only one
 * who moves that version, and the claim says where to, so a delivery that dies between copy and
 * delete is completed by the next one without a second copy. Deleted once the photo's result is in
 * the run's journal.
 *
 * @param chunk the journal chunk the result belongs in; a claim of an already written chunk is only cleaned up
 */
@Serdeable
public record Claim(
        String runId,
        int chunk,
        String source,
        long generation,
        long size,
        String destination,
        ItemStatus status,
        @Nullable String category,
        @Nullable Double confidence,
        @Nullable Map<String, Double> topK,
        @Nullable String reason,
        @Nullable String message,
        Instant claimedAt) {

    Claim withDestination(String newDestination) {
        return new Claim(runId, chunk, source, generation, size, newDestination, status, category, confidence, topK,
                reason, message, claimedAt);
    }

    Claim forRun(String newRunId, int newChunk) {
        return new Claim(newRunId, newChunk, source, generation, size, destination, status, category, confidence, topK,
                reason, message, claimedAt);
    }
}
