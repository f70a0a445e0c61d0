package com.returnsorter.batch.run;

import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.PreconditionFailedException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finishes what interrupted deliveries began, from the claims in the store. For each claim:
 * <ul>
 *   <li>journaled already (the chunk it names lists its photo): released;</li>
 *   <li>held by a live delivery (its lease or its owner's run lease is ahead): left alone;</li>
 *   <li>of this run, or of a run that is over, and dead: taken over by compare-and-set and
 *       <em>completed</em>: an identical copy (same size and checksum) with the source still there
 *       is finished into a move, never undone, and the photo is journaled once, in this run.</li>
 * </ul>
 * Claims of other unfinished runs are left to those runs (the engine finishes abandoned ones).
 */
@Singleton
public class ClaimRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimRecovery.class);

    private final RunRepository runs;
    private final PhotoSorter sorter;
    private final Clock clock;

    public ClaimRecovery(RunRepository runs, PhotoSorter sorter, Clock clock) {
        this.runs = runs;
        this.sorter = sorter;
        this.clock = clock;
    }

    /** The photos completed for the run {@code lease} holds, to be journaled in its next chunk. */
    List<PhotoSorter.Handled> recover(RunLease lease) {
        String runId = lease.runId();
        int chunk = lease.state().getChunks();
        List<PhotoSorter.Handled> recovered = new ArrayList<>();
        for (Versioned<Claim> found : runs.claims()) {
            Claim claim = found.value();
            try {
                Optional<Boolean> journaled = isJournaled(claim);
                if (journaled.isEmpty()) {
                    continue;
                }
                if (journaled.get()) {
                    runs.releaseClaim(found);
                    continue;
                }
                Optional<Versioned<Claim>> held = take(found, lease, runId, chunk);
                if (held.isPresent()) {
                    sorter.complete(held.get(), lease).ifPresent(recovered::add);
                }
            } catch (ObjectStoreException e) {
                LOG.warn("claim on {} of run {} left for later: {}", ObjectKeys.escape(claim.source()), claim.runId(),
                        e.getMessage());
            }
        }
        return recovered;
    }

    /** True when the chunk the claim names exists and lists its photo; empty when that chunk cannot be read. */
    private Optional<Boolean> isJournaled(Claim claim) {
        try {
            return Optional.of(runs.readJournal(claim.runId(), claim.chunk()).filter(c -> c.lists(claim.source())).isPresent());
        } catch (UnreadableStateException e) {
            LOG.error("claim on {} of run {} left alone: {}", ObjectKeys.escape(claim.source()), claim.runId(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** The claim, now held by this delivery for the run's next chunk; empty when it is not ours to take. */
    private Optional<Versioned<Claim>> take(Versioned<Claim> found, RunLease lease, String runId, int chunk) {
        Claim claim = found.value();
        Instant now = clock.instant();
        boolean ours = lease.owner().equals(claim.owner()) && claim.runId().equals(runId);
        if (!ours) {
            if (runs.isLive(claim, lease.owner(), now)) {
                return Optional.empty();
            }
            if (!claim.runId().equals(runId) && !otherRunIsOver(claim)) {
                return Optional.empty();
            }
        } else if (claim.chunk() == chunk) {
            return Optional.of(found);
        }
        try {
            Versioned<Claim> taken = runs.replaceClaim(found, claim.takenOverBy(runId, chunk, lease.owner(), lease.expiresAt()));
            if (!ours) {
                LOG.info("run {} takes over the claim on {} of run {} ({}): its holder stopped",
                        runId, ObjectKeys.escape(claim.source()), claim.runId(), claim.owner());
            }
            return Optional.of(taken);
        } catch (PreconditionFailedException | ObjectNotFoundException e) {
            return Optional.empty(); // another delivery took it first
        }
    }

    /** Whether the run of another run's claim is finished or gone; an unreadable run counts as neither. */
    private boolean otherRunIsOver(Claim claim) {
        try {
            return runs.load(claim.runId()).map(r -> r.value().isFinished()).orElse(true);
        } catch (UnreadableStateException e) {
            LOG.error("claim on {} of run {} left alone: {}", ObjectKeys.escape(claim.source()), claim.runId(),
                    e.getMessage());
            return false;
        }
    }
}
