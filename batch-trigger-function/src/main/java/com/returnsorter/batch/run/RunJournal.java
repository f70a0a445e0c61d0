package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.batch.predict.PredictGateway;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectStoreException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run's journal: commits chunks (create-if-absent, behind the fence, adopting a chunk a former holder
 * slipped in under the same number), adopts chunks an earlier delivery wrote, and journals the moves
 * {@link ClaimRecovery} completes.
 */
@Singleton
class RunJournal {

    private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);

    private final RunRepository runs;
    private final ClaimRecovery recovery;
    private final PredictGateway predict;
    private final BatchMetrics metrics;
    private final BatchConfiguration configuration;
    private final Clock clock;

    RunJournal(RunRepository runs, ClaimRecovery recovery, PredictGateway predict, BatchMetrics metrics,
               BatchConfiguration configuration, Clock clock) {
        this.runs = runs;
        this.recovery = recovery;
        this.predict = predict;
        this.metrics = metrics;
        this.configuration = configuration;
        this.clock = clock;
    }

    /**
     * Where a chunk leaves the listing. Null for a chunk of recovered photos, which leaves the listing
     * where the run state has it when the chunk is written.
     */
    record ChunkEnd(@Nullable String nextCursor, boolean listingDone, List<String> deferred) {

        ChunkEnd(@Nullable String nextCursor, boolean listingDone) {
            this(nextCursor, listingDone, List.of());
        }

        ChunkEnd withDeferred(List<String> keys) {
            return new ChunkEnd(nextCursor, listingDone, keys);
        }
    }

    /** Adopts journal chunks an earlier delivery wrote but did not count before it stopped. */
    void catchUp(RunLease lease) {
        while (true) {
            RunState state = lease.state();
            Optional<JournalChunk> chunk;
            try {
                chunk = runs.readJournal(state.getRunId(), state.getChunks());
            } catch (UnreadableStateException e) {
                // Its photos were moved; only their counts are lost. The listing resumes where the state says.
                LOG.error("run {}: {}; the chunk is skipped and its photos are not counted", state.getRunId(),
                        e.getMessage());
                lease.update(s -> {
                    s.note(clock.instant(), "journal chunk " + s.getChunks() + " could not be read; not counted");
                    s.setChunks(s.getChunks() + 1);
                });
                continue;
            }
            if (chunk.isEmpty()) {
                return;
            }
            lease.update(s -> apply(s, chunk.get()));
        }
    }

    void apply(RunState state, JournalChunk chunk) {
        for (ItemResult item : chunk.items()) {
            state.getTally().add(item, configuration.reviewThreshold());
        }
        state.setCursor(chunk.nextCursor());
        state.setListingDone(state.isListingDone() || chunk.listingDone());
        state.setPending(chunk.deferred());
        state.setChunks(chunk.seq() + 1);
    }

    /** Completes the moves interrupted deliveries began (see {@link ClaimRecovery}) and journals them in one chunk. */
    void journalRecovered(RunLease lease) {
        List<PhotoSorter.Handled> recovered = recovery.recover(lease);
        if (recovered.isEmpty()) {
            return;
        }
        LOG.info("run {}: completed {} moves an interrupted delivery had begun", lease.runId(), recovered.size());
        lease.update(state -> state.note(clock.instant(), "completed " + recovered.size()
                + " moves an interrupted delivery had begun"));
        commit(lease, recovered, null);
    }

    /**
     * Journals a chunk (which commits it), releases its claims and counts it in the run state. The
     * chunk's number is taken when it is written; if that number was taken meanwhile (a delivery that
     * held the run before this one wrote it late), that chunk is adopted and this one keeps only the
     * photos it does not list, under the next number, so no photo is journaled twice.
     *
     * @param end where the chunk leaves the listing; null for recovered photos (the listing stays where it is)
     */
    void commit(RunLease lease, List<PhotoSorter.Handled> handled, @Nullable ChunkEnd end) {
        List<PhotoSorter.Handled> items = new ArrayList<>(handled);
        while (true) {
            lease.fence();
            RunState state = lease.state();
            ChunkEnd at = end != null ? end : new ChunkEnd(state.getCursor(), state.isListingDone(), state.getPending());
            JournalChunk chunk = new JournalChunk(state.getChunks(), at.nextCursor(), at.listingDone(),
                    items.stream().map(PhotoSorter.Handled::result).toList(), at.deferred());
            try {
                runs.writeJournal(state.getRunId(), chunk);
            } catch (ObjectAlreadyExistsException e) {
                JournalChunk theirs = runs.readJournal(state.getRunId(), chunk.seq()).orElseThrow(() -> e);
                LOG.warn("run {}: chunk {} was written by an earlier holder of the run; adopting it", state.getRunId(),
                        chunk.seq());
                items.removeIf(item -> theirs.lists(item.result().object()));
                lease.update(s -> apply(s, theirs));
                continue;
            }
            metrics.photos(chunk);
            for (PhotoSorter.Handled item : items) {
                if (item.claim() != null) {
                    try {
                        runs.releaseClaim(item.claim());
                    } catch (ObjectStoreException e) {
                        LOG.warn("could not release a claim; the next delivery will (it is journaled): {}", e.getMessage());
                    }
                }
            }
            lease.update(s -> {
                apply(s, chunk);
                if (s.getModelName() == null) {
                    chunk.items().stream().filter(i -> i.status() != ItemStatus.ERROR && i.category() != null).findFirst()
                            .ifPresent(i -> predict.lastModel().ifPresent(model -> {
                                s.setModelName(model.name());
                                s.setModelVersion(model.version());
                            }));
                }
            });
            return;
        }
    }
}
