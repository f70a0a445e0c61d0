package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.batch.predict.PredictGateway;
import com.returnsorter.batch.predict.PredictOutcome;
import com.returnsorter.batch.predict.PredictionResult;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectMover;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.PreconditionFailedException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Handles one photo: classify it through the predict function, claim it, move it to the folder
 * its outcome says, never overwriting. The claim, written before the copy, makes the move
 * completable by whoever holds it after a crash or a stall; {@link #complete} is both the normal path
 * and the recovery, decides from what is in the store, never from memory, and deletes a source only
 * behind the run lease's fence.
 */
@Singleton
public class PhotoSorter {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoSorter.class);
    private static final int STORE_ATTEMPTS = 3;

    /** A photo this run handled, with the claim to release once its result is journaled (null: nothing moved). */
    record Handled(ItemResult result, @Nullable Versioned<Claim> claim) {
    }

    private final PredictGateway predict;
    private final ObjectStore store;
    private final ObjectMover mover;
    private final RunRepository runs;
    private final double reviewThreshold;
    private final Clock clock;

    public PhotoSorter(PredictGateway predict, ObjectStore store, RunRepository runs, BatchConfiguration configuration,
                       Clock clock) {
        this.predict = predict;
        this.store = store;
        this.mover = new ObjectMover(store);
        this.runs = runs;
        this.reviewThreshold = configuration.reviewThreshold();
        this.clock = clock;
    }

    /**
     * Empty when the photo is not this delivery's to count: gone meanwhile, claimed by another live
     * delivery, deferred because the time was up, or the run stopped or changed hands.
     *
     * @throws LeaseLostException when the delivery lost the run while handling it
     */
    Optional<Handled> sort(ObjectInfo photo, ChunkContext context) {
        if (context.aborted() || context.lease.isLost() || !context.mayStart(photo.key())) {
            return Optional.empty();
        }
        context.lease.renewIfDue();
        if (!ObjectKeys.isSafe(photo.key())) {
            return Optional.of(new Handled(error(photo, "unsafe-object-key",
                    "the name cannot be moved safely (" + ObjectKeys.problem(photo.key(), false) + "); rename it"), null));
        }
        PredictOutcome outcome = predict.classify(photo.key());
        switch (outcome.kind()) {
            case FATAL -> {
                context.abort(outcome.message());
                return Optional.empty();
            }
            case GONE -> {
                return Optional.empty();
            }
            case FAILED -> {
                context.failed(outcome.message());
                return Optional.of(new Handled(error(photo, outcome.reason(), outcome.message()), null));
            }
            default -> context.answered();
        }
        // The answer may have taken long: a delivery that lost the run meanwhile touches nothing more.
        context.lease.renewIfDue();
        Claim planned = plan(photo, outcome, context);
        if (context.dryRun) {
            return Optional.of(new Handled(result(planned, planned.destination()), null));
        }
        Versioned<Claim> claim;
        try {
            claim = runs.createClaim(planned);
        } catch (ObjectAlreadyExistsException e) {
            Optional<Versioned<Claim>> taken = takeOverDeadClaimOfThisRun(photo, context);
            if (taken.isEmpty()) {
                return Optional.empty();
            }
            claim = taken.get(); // a delivery of this run that died or stalled began this move: finish it
        } catch (ObjectStoreException e) {
            return Optional.of(new Handled(storeError(photo, e), null));
        }
        return complete(claim, context.lease);
    }

    private Optional<Versioned<Claim>> takeOverDeadClaimOfThisRun(ObjectInfo photo, ChunkContext context) {
        Optional<Versioned<Claim>> existing = runs.readClaim(photo.key(), photo.generation());
        if (existing.isEmpty() || !existing.get().value().runId().equals(context.runId)
                || runs.isLive(existing.get().value(), context.lease.owner(), clock.instant())) {
            LOG.info("{} is claimed by {}; leaving it to its holder", ObjectKeys.escape(photo.key()),
                    existing.map(c -> "run " + c.value().runId() + " (" + c.value().owner() + ")").orElse("nobody now"));
            return Optional.empty();
        }
        try {
            return Optional.of(runs.replaceClaim(existing.get(), existing.get().value().takenOverBy(context.runId,
                    context.chunk, context.lease.owner(), context.lease.expiresAt())));
        } catch (PreconditionFailedException | ObjectNotFoundException e) {
            return Optional.empty(); // another delivery took it over first
        }
    }

    /**
     * Brings a claimed photo to its destination: afterwards the photo is in exactly one place, or (when
     * the store keeps failing) in its source and an identical copy, with the claim left for whoever
     * holds the run next to complete. Never deletes a copy: a copy is only ever completed into a move.
     * Empty when the claimed version no longer exists anywhere (someone deleted it), or the claim is no
     * longer this delivery's (another took it over after this one stalled).
     *
     * @throws LeaseLostException when the delivery no longer holds the run at the irreversible step
     */
    Optional<Handled> complete(Versioned<Claim> held, RunLease lease) {
        for (int attempt = 1; attempt <= STORE_ATTEMPTS; attempt++) {
            Claim claim = held.value();
            try {
                // The irreversible step (the source delete) happens only behind the run lease's fence.
                switch (mover.step(claim.source(), claim.generation(), claim.size(), claim.destination(), lease::fence)) {
                    case MOVED -> {
                        return Optional.of(new Handled(result(claim, claim.destination()), held));
                    }
                    case ALREADY_MOVED -> {
                        // By this claim's holder now or before: counted by whoever holds the claim.
                        return stillHeld(held) ? Optional.of(new Handled(result(claim, claim.destination()), held))
                                : Optional.empty();
                    }
                    case SOURCE_GONE -> {
                        LOG.warn("{} (generation {}) disappeared before run {} could move it",
                                ObjectKeys.escape(claim.source()), claim.generation(), claim.runId());
                        runs.releaseClaim(held);
                        return Optional.empty();
                    }
                    case TARGET_TAKEN -> {
                        try {
                            held = runs.replaceClaim(held, claim.withDestination(mover.freeName(claim.destination())));
                        } catch (PreconditionFailedException | ObjectNotFoundException e) {
                            return Optional.empty(); // taken over meanwhile
                        }
                    }
                    case CHANGED -> {
                        // someone changed the picture between two looks: look again
                    }
                }
            } catch (ObjectStoreException e) {
                LOG.warn("store failure moving {} (try {} of {}): {}", ObjectKeys.escape(claim.source()), attempt,
                        STORE_ATTEMPTS, e.getMessage());
            }
        }
        return giveUp(held);
    }

    /** Whether the claim is still as this delivery last wrote it, so its result is this delivery's to journal. */
    private boolean stillHeld(Versioned<Claim> held) {
        return runs.readClaim(held.value().source(), held.value().generation())
                .filter(now -> now.generation() == held.generation()).isPresent();
    }

    /**
     * Out of tries. Without a copy the photo simply stays in incoming/ (an error in the results). With a
     * copy made, the claim stays: whoever holds the run next completes the move and journals it; the
     * copy is never deleted, since a copy deleted while another delivery deletes the source loses the photo.
     */
    private Optional<Handled> giveUp(Versioned<Claim> held) {
        Claim claim = held.value();
        try {
            boolean copied = store.stat(claim.destination())
                    .filter(copy -> mover.isCopy(copy, claim.source(), claim.generation(), claim.size())).isPresent();
            boolean sourceThere = store.stat(claim.source()).filter(s -> s.generation() == claim.generation()).isPresent();
            if (copied && sourceThere) {
                LOG.warn("{} is copied to {} but its source could not be deleted; the claim stays and the move is"
                        + " completed by recovery", ObjectKeys.escape(claim.source()), ObjectKeys.escape(claim.destination()));
                return Optional.empty();
            }
            if (sourceThere) {
                runs.releaseClaim(held);
            }
        } catch (ObjectStoreException e) {
            // The claim stays; the next delivery or run completes the move from it.
            LOG.warn("could not look at {} after failing to move it; the claim stays for the next delivery: {}",
                    ObjectKeys.escape(claim.source()), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new Handled(new ItemResult(claim.source(), ObjectKeys.fileName(claim.source()), claim.category(),
                claim.confidence(), ItemStatus.ERROR, clock.instant(), claim.source(), "store-failure",
                "the photo could not be moved; it stays in incoming/ for the next run", claim.topK()), null));
    }

    private Claim plan(ObjectInfo photo, PredictOutcome outcome, ChunkContext context) {
        PredictionResult prediction = outcome.prediction();
        ItemStatus status;
        String category = null;
        Double confidence = null;
        Map<String, Double> topK = null;
        String reason = outcome.reason();
        String message = outcome.message();
        if (prediction != null) {
            category = prediction.category();
            confidence = prediction.confidence();
            topK = prediction.allPredictions();
            if (prediction.unsure() != null) {
                // The profile is not sure the photo shows one garment: a person looks, whatever the confidence.
                status = ItemStatus.REVIEW;
                reason = prediction.unsure().reason();
                message = prediction.unsure().message();
            } else {
                status = confidence < reviewThreshold ? ItemStatus.REVIEW : ItemStatus.SORTED;
            }
        } else {
            status = ItemStatus.REJECTED;
        }
        String destination = Layout.folderFor(status, category) + Layout.relativeName(photo.key());
        return new Claim(context.runId, context.chunk, context.lease.owner(), context.lease.expiresAt(), photo.key(),
                photo.generation(), photo.size(),
                context.dryRun ? destination : mover.freeName(destination), status, category, confidence, topK,
                reason, message, clock.instant());
    }

    private ItemResult result(Claim claim, String destination) {
        return new ItemResult(claim.source(), ObjectKeys.fileName(claim.source()), claim.category(), claim.confidence(),
                claim.status(), clock.instant(), destination, claim.status() == ItemStatus.REJECTED ? claim.reason() : null,
                claim.status() == ItemStatus.REJECTED ? claim.message() : null, claim.topK(), reviewReason(claim));
    }

    /** For a photo sent to review: the profile's "not sure" reason kept in the claim, else low confidence. */
    private static String reviewReason(Claim claim) {
        if (claim.status() != ItemStatus.REVIEW) {
            return null;
        }
        return claim.reason() != null ? claim.reason() : ItemResult.LOW_CONFIDENCE;
    }

    private ItemResult error(ObjectInfo photo, String reason, String message) {
        return new ItemResult(photo.key(), ObjectKeys.fileName(photo.key()), null, null, ItemStatus.ERROR, clock.instant(),
                photo.key(), reason, message, null);
    }

    private ItemResult storeError(ObjectInfo photo, ObjectStoreException e) {
        return error(photo, "store-failure", "the photo could not be claimed (" + e.getMessage() + "); it stays in incoming/");
    }
}
