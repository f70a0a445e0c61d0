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
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.PreconditionFailedException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Handles one photo: classify it through the predict function, claim it, move it to the folder
 * its outcome says, never overwriting. The claim, written before the copy, makes the move
 * completable by whoever holds it after a crash; {@link #complete} is both the normal path and the
 * recovery, and decides from what is in the store, never from memory.
 */
@Singleton
public class PhotoSorter {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoSorter.class);
    private static final int STORE_ATTEMPTS = 3;
    private static final int MAX_SUFFIX = 1000;

    /** A photo this run handled, with the claim to release once its result is journaled (null: nothing moved). */
    record Handled(ItemResult result, @Nullable Versioned<Claim> claim) {
    }

    private final PredictGateway predict;
    private final ObjectStore store;
    private final RunRepository runs;
    private final double reviewThreshold;
    private final Clock clock;

    public PhotoSorter(PredictGateway predict, ObjectStore store, RunRepository runs, BatchConfiguration configuration,
                       Clock clock) {
        this.predict = predict;
        this.store = store;
        this.runs = runs;
        this.reviewThreshold = configuration.reviewThreshold();
        this.clock = clock;
    }

    /** Empty when the photo is not this run's to count: gone meanwhile, claimed by another live run, or the run stopped. */
    Optional<Handled> sort(ObjectInfo photo, ChunkContext context) {
        if (context.aborted()) {
            return Optional.empty();
        }
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
        Claim planned = plan(photo, outcome, context);
        if (context.dryRun) {
            return Optional.of(new Handled(result(planned, planned.destination()), null));
        }
        Versioned<Claim> claim;
        try {
            claim = runs.createClaim(planned);
        } catch (ObjectAlreadyExistsException e) {
            Optional<Versioned<Claim>> existing = runs.readClaim(photo.key(), photo.generation());
            if (existing.isEmpty() || !existing.get().value().runId().equals(context.runId)) {
                LOG.info("{} is claimed by run {}; leaving it to that run", ObjectKeys.escape(photo.key()),
                        existing.map(c -> c.value().runId()).orElse("(just released)"));
                return Optional.empty();
            }
            claim = existing.get(); // ours, from a delivery of this run that died: finish what it started
        } catch (ObjectStoreException e) {
            return Optional.of(new Handled(storeError(photo, e), null));
        }
        return complete(claim, context.runId);
    }

    /**
     * Brings a claimed photo to its destination, or back to a consistent state: afterwards the photo
     * is in exactly one place. Empty when the claimed version no longer exists anywhere this run can
     * see (someone deleted it), in which case the claim is released.
     */
    Optional<Handled> complete(Versioned<Claim> held, String runId) {
        ObjectStoreException failure = null;
        for (int attempt = 1; attempt <= STORE_ATTEMPTS; attempt++) {
            Claim claim = held.value();
            try {
                boolean sourceThere = store.stat(claim.source()).filter(s -> s.generation() == claim.generation()).isPresent();
                Optional<ObjectInfo> target = store.stat(claim.destination());
                if (!sourceThere) {
                    if (target.isPresent()) {
                        return Optional.of(new Handled(result(claim, claim.destination()), held));
                    }
                    LOG.warn("{} (generation {}) disappeared before run {} could move it", ObjectKeys.escape(claim.source()),
                            claim.generation(), runId);
                    runs.releaseClaim(held);
                    return Optional.empty();
                }
                if (target.isPresent() && !isCopyOf(target.get(), claim)) {
                    held = runs.replaceClaim(held, claim.withDestination(freeName(claim.destination())));
                    continue;
                }
                if (target.isEmpty()) {
                    try {
                        store.copy(claim.source(), claim.generation(), claim.destination());
                    } catch (ObjectAlreadyExistsException | PreconditionFailedException | ObjectNotFoundException e) {
                        continue; // someone changed the picture: look again
                    }
                }
                if (!store.delete(claim.source(), claim.generation())) {
                    continue;
                }
                return Optional.of(new Handled(result(claim, claim.destination()), held));
            } catch (ObjectStoreException e) {
                failure = e;
                LOG.warn("store failure moving {} (try {} of {}): {}", ObjectKeys.escape(claim.source()), attempt,
                        STORE_ATTEMPTS, e.getMessage());
            }
        }
        return Optional.of(new Handled(giveUp(held), null));
    }

    /** Out of tries: undo a half-done copy so the photo stays (only) in incoming/, and report it as an error. */
    private ItemResult giveUp(Versioned<Claim> held) {
        Claim claim = held.value();
        try {
            Optional<ObjectInfo> copy = store.stat(claim.destination());
            boolean sourceThere = store.stat(claim.source()).filter(s -> s.generation() == claim.generation()).isPresent();
            if (sourceThere && copy.isPresent() && isCopyOf(copy.get(), claim)) {
                store.delete(copy.get().key(), copy.get().generation());
            }
            if (sourceThere) {
                runs.releaseClaim(held);
            }
        } catch (ObjectStoreException e) {
            // The claim stays; the next delivery or run completes or undoes the move from it.
            LOG.warn("could not tidy up after failing to move {}; the claim stays for the next run: {}",
                    ObjectKeys.escape(claim.source()), e.getMessage());
        }
        return new ItemResult(claim.source(), ObjectKeys.fileName(claim.source()), claim.category(), claim.confidence(),
                ItemStatus.ERROR, clock.instant(), claim.source(), "store-failure",
                "the photo could not be moved; it stays in incoming/ for the next run", claim.topK());
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
        return new Claim(context.runId, context.chunk, photo.key(), photo.generation(), photo.size(),
                context.dryRun ? destination : freeName(destination), status, category, confidence, topK,
                reason, message, clock.instant());
    }

    /** {@code key}, or the first of {@code name~1.ext}, {@code name~2.ext} … that does not exist. */
    private String freeName(String key) {
        for (int n = 0; n <= MAX_SUFFIX; n++) {
            String candidate = n == 0 ? key : ObjectKeys.withSuffix(key, n);
            if (store.stat(candidate).isEmpty()) {
                return candidate;
            }
        }
        throw new ObjectStoreException("no free name for " + ObjectKeys.escape(key) + " after " + MAX_SUFFIX + " suffixes", false);
    }

    /** Whether {@code target} holds the same bytes as the claimed version: then it is the copy made for this claim. */
    private boolean isCopyOf(ObjectInfo target, Claim claim) {
        if (target.size() != claim.size()) {
            return false;
        }
        byte[] copied = store.read(target.key(), target.size()).bytes();
        byte[] original = store.read(claim.source(), claim.size()).bytes();
        return Arrays.equals(copied, original);
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
