package com.returnsorter.batch.run;

import com.returnsorter.events.ItemStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * A run's claim on one photo version, written with create-if-absent <em>before</em> the photo is
 * copied: {@code state/claims/<sha of key>-<generation>.json}. Whoever holds it is the only one
 * who moves that version, and the claim says where to, so a delivery that dies or stalls between
 * copy and delete is completed by another one without a second copy.
 *
 * <p><b>Ownership.</b> The claim names the delivery that holds it ({@code owner}) and the lease it
 * had when it claimed ({@code leaseUntil}). The holder's lease on the run, renewed while it works,
 * keeps the claim alive after that: a claim is live while {@code leaseUntil} is ahead, or while the
 * run's lease is still held by {@code owner}. Only a dead claim may be taken over, by a
 * compare-and-set that writes the taker as owner, so two deliveries never act on one claim at once.
 *
 * <p><b>Journaled marker.</b> {@code chunk} names the journal chunk of {@code runId} the photo's
 * result goes into. The claim is released once that chunk exists and lists the photo; a chunk that
 * exists without it (written by another delivery) means the result is not journaled yet, and the
 * claim is completed again and journaled in a later chunk, once.
 *
 * @param chunk      the journal chunk of {@code runId} the result belongs in
 * @param owner      the delivery holding the claim (null in claims written before ownership was recorded: dead)
 * @param leaseUntil the holder's lease on the run when it claimed or took the claim over
 */
@Serdeable
public record Claim(
        String runId,
        int chunk,
        @Nullable String owner,
        @Nullable Instant leaseUntil,
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
        return new Claim(runId, chunk, owner, leaseUntil, source, generation, size, newDestination, status, category,
                confidence, topK, reason, message, claimedAt);
    }

    /** The same move, now held by {@code newOwner} for {@code newRunId}, its result going into {@code newChunk}. */
    Claim takenOverBy(String newRunId, int newChunk, String newOwner, Instant newLeaseUntil) {
        return new Claim(newRunId, newChunk, newOwner, newLeaseUntil, source, generation, size, destination, status,
                category, confidence, topK, reason, message, claimedAt);
    }
}
