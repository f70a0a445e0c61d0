package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.batch.predict.PredictGateway;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Works one delivery of a run: takes the run's lease ({@link RunLeases}), finishes runs whose
 * deliveries died ({@link RunFinisher}), catches up with what an earlier delivery of this run wrote
 * and completes the moves interrupted deliveries began ({@link RunJournal}, {@link ClaimRecovery}),
 * then lists {@code incoming/} chunk by chunk (each photo classified and moved in parallel by
 * {@link PhotoSorter}, then the chunk journaled) until the listing ends, {@code maxItems} is reached
 * or the time budget is spent. Then it either finishes the run or hands the rest to a continuation
 * message. docs/nightly-sort.md describes ownership, fencing and recovery.
 *
 * <p>Everything it needs to resume is in the store, so any delivery on any instance can continue
 * or complete a run; a delivery that dies loses at most the unjournaled part of one chunk, which
 * the claims let the next delivery complete.
 */
@Singleton
public class RunEngine {

    /** What a delivery did. */
    public enum Outcome {
        /** The run finished in this delivery: reports written, {@code batch-completed} published. */
        FINISHED,
        /** The time budget ran out; a continuation message carries on. */
        CONTINUED,
        /** The run had finished before: nothing done (a redelivery). */
        ALREADY_FINISHED,
        /** A continuation for a run that does not exist: nothing to do. */
        UNKNOWN_RUN,
        /** The run's state object cannot be read (logged at ERROR); acknowledged, since a redelivery cannot help. */
        UNREADABLE_RUN,
        /**
         * This delivery was slow and another took the run over (its lease had expired): it stopped at its
         * next fence and left what it had begun to the new holder. Acknowledged.
         */
        SUPERSEDED,
        /** The run was split into shards, all published; the last one to be journaled finishes the run. */
        SHARDED,
        /** A shard was journaled and counted; other shards of its run are still at work. */
        SHARD_DONE
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    private static final int LIST_PAGE = 1000;

    private final RunRepository runs;
    private final RunLeases leases;
    private final RunJournal journal;
    private final RunFinisher finisher;
    private final ShardPlanner planner;
    private final PhotoSorter sorter;
    private final PredictGateway predict;
    private final ObjectStore store;
    private final BatchConfiguration configuration;
    private final Clock clock;
    private final ExecutorService workers;

    RunEngine(RunRepository runs, RunLeases leases, RunJournal journal, RunFinisher finisher, ShardPlanner planner,
              PhotoSorter sorter, PredictGateway predict, ObjectStore store, BatchConfiguration configuration, Clock clock) {
        this.planner = planner;
        this.runs = runs;
        this.leases = leases;
        this.journal = journal;
        this.finisher = finisher;
        this.sorter = sorter;
        this.predict = predict;
        this.store = store;
        this.configuration = configuration;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(configuration.concurrency(), task -> {
            Thread thread = new Thread(task, "sorter-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /**
     * Names a run started through the API and records it as queued, so {@code GET /runs/{id}}
     * knows it before its trigger message arrives.
     */
    public RunState queue(String runId, @Nullable Integer maxItems, boolean dryRun) {
        RunState state = RunState.create(runId, TriggerReason.MANUAL, clock.instant(), maxItems, dryRun, clock.instant());
        state.note(clock.instant(), "requested through the API");
        return runs.create(state).value();
    }

    /** @throws ApiException 409 when the run's state cannot be read */
    public Optional<RunState> find(String runId) {
        try {
            return runs.load(runId).map(Versioned::value);
        } catch (UnreadableStateException e) {
            LOG.error(e.getMessage());
            throw new ApiException(409, "run-state-unreadable", "the state of run " + runId
                    + " cannot be read by this version; see the service log");
        }
    }

    /**
     * Handles one delivery of a trigger for {@code runId}. A run whose own state cannot be read is
     * logged at ERROR and acknowledged; unreadable objects of other runs never stop this one.
     */
    public Outcome handle(BatchTrigger trigger, String runId) {
        try {
            return handleReadable(trigger, runId);
        } catch (UnreadableStateException e) {
            if (!e.key().equals(Layout.runStateKey(runId))) {
                throw e;
            }
            LOG.error("run {} cannot go on: {}; the object stays for a person (or a newer version) to look at",
                    runId, e.getMessage());
            return Outcome.UNREADABLE_RUN;
        }
    }

    /**
     * Handles one delivery of shard {@code seq} of {@code runId}: works its photos like a small run under the
     * shard's own lease, journals them, and counts the shard in its run (which finishes the run when it is the
     * last). A shard that is journaled already changes nothing, except to resume its run's interrupted finish.
     */
    public Outcome handleShard(String runId, int seq) {
        String shardId = Layout.shardRunId(runId, seq);
        try {
            Instant deadline = clock.instant().plus(configuration.timeBudget());
            Versioned<RunState> shard = runs.load(shardId).orElse(null);
            if (shard == null || !runId.equals(shard.value().getParentRunId())) {
                LOG.warn("shard {} of run {} does not exist; message ignored", seq, runId);
                return Outcome.UNKNOWN_RUN;
            }
            RunLease lease = leases.acquire(shard, UUID.randomUUID().toString(), shardId);
            if (lease == null) {
                return finisher.countShard(shard.value());
            }
            try {
                return work(lease, deadline);
            } catch (LeaseLostException e) {
                LOG.warn("{}; this delivery stops and leaves the rest to the new holder", e.getMessage());
                return Outcome.SUPERSEDED;
            }
        } catch (UnreadableStateException e) {
            if (!e.key().equals(Layout.runStateKey(shardId))) {
                throw e;
            }
            LOG.error("shard {} of run {} cannot go on: {}; the object stays for a person to look at", seq, runId,
                    e.getMessage());
            return Outcome.UNREADABLE_RUN;
        }
    }

    private Outcome handleReadable(BatchTrigger trigger, String runId) {
        Instant deadline = clock.instant().plus(configuration.timeBudget());
        String owner = UUID.randomUUID().toString();
        Versioned<RunState> run = runs.load(runId).orElse(null);
        if (run == null) {
            if (trigger.reason() == TriggerReason.CONTINUATION) {
                LOG.warn("continuation for unknown run {} ignored", runId);
                return Outcome.UNKNOWN_RUN;
            }
            run = createOrLoad(RunState.create(runId, trigger.reason(), trigger.requestedAt(), trigger.maxItems(),
                    trigger.isDryRun(), clock.instant()));
        }
        RunLease lease = leases.acquire(run, owner, runId);
        if (lease == null) {
            LOG.info("run {} has finished already; delivery acknowledged", runId);
            return Outcome.ALREADY_FINISHED;
        }
        try {
            return work(lease, deadline);
        } catch (LeaseLostException e) {
            // Slow, not dead: another delivery holds the run now and completes what this one began.
            LOG.warn("{}; this delivery stops and leaves the rest to the new holder", e.getMessage());
            return Outcome.SUPERSEDED;
        }
    }

    private Outcome work(RunLease lease, Instant deadline) {
        String runId = lease.runId();
        finisher.finishAbandonedRuns(runId, lease.owner());
        journal.catchUp(lease);
        journal.journalRecovered(lease);

        if (lease.state().isSharded()) {
            return planner.plan(lease, deadline);
        }
        if (lease.state().getStartedAt() == null) {
            int listed = countIncoming(lease.state());
            lease.update(state -> {
                state.setStartedAt(clock.instant());
                state.setListed(listed);
                state.note(clock.instant(), "run started (" + state.getTrigger().wireName() + "), "
                        + state.getListed() + " photos in incoming/" + (state.isDryRun() ? ", dry run" : ""));
            });
            if (lease.state().getListed() > configuration.shardSize()) {
                return planner.plan(lease, deadline);
            }
        }
        if (!predict.awaitReady(configuration.predictReadyTimeout())) {
            return finisher.finish(lease, "the predict function could not be reached or has no model loaded");
        }

        AtomicInteger consecutiveFailures = new AtomicInteger();
        AtomicReference<String> abort = new AtomicReference<>();
        AtomicBoolean startedAny = new AtomicBoolean();
        int chunksThisDelivery = 0;
        while (hasWork(lease.state()) && abort.get() == null) {
            // At least one chunk per delivery, so even a tiny budget makes progress.
            if (chunksThisDelivery++ > 0 && !clock.instant().isBefore(deadline)) {
                return finisher.handOff(lease);
            }
            RunState state = lease.state();
            List<ObjectInfo> photos;
            RunJournal.ChunkEnd end;
            List<String> later = List.of();
            if (!state.getPending().isEmpty()) {
                // A shard's photos, or those a delivery whose time ran out did not start: a chunk's worth at a time.
                List<String> pending = state.getPending();
                int take = Math.min(pending.size(), configuration.chunkSize());
                photos = pendingPhotos(pending.subList(0, take), state.allowance());
                later = List.copyOf(pending.subList(take, pending.size()));
                end = new RunJournal.ChunkEnd(state.getCursor(), state.isListingDone());
            } else {
                ObjectPage page = store.list(Layout.INCOMING, state.getCursor(),
                        Math.min(configuration.chunkSize(), state.allowance()));
                photos = page.objects();
                end = new RunJournal.ChunkEnd(page.nextPageToken(), !page.hasNextPage());
            }
            ChunkContext context = new ChunkContext(runId, state.getChunks(), state.isDryRun(), lease, clock, deadline,
                    startedAny, configuration.maxConsecutiveFailures(), consecutiveFailures, abort);
            List<PhotoSorter.Handled> handled = sortAll(photos, context);
            List<String> deferred = new ArrayList<>(context.deferred());
            deferred.addAll(later);
            journal.commit(lease, handled, end.withDeferred(deferred));
        }
        return finisher.finish(lease, abort.get());
    }

    private static boolean hasWork(RunState state) {
        return (!state.isListingDone() || !state.getPending().isEmpty()) && state.allowance() > 0;
    }

    /** The photos a delivery whose time ran out listed but did not start, as they are now (gone ones left out). */
    private List<ObjectInfo> pendingPhotos(List<String> keys, int allowance) {
        List<ObjectInfo> photos = new ArrayList<>();
        for (String key : keys) {
            if (photos.size() >= allowance) {
                break;
            }
            store.stat(key).ifPresent(photos::add);
        }
        return photos;
    }

    // ---- a delivery's steps ------------------------------------------------------------------

    private Versioned<RunState> createOrLoad(RunState state) {
        try {
            Versioned<RunState> created = runs.create(state);
            LOG.info("run {} created ({})", state.getRunId(), state.getTrigger().wireName());
            return created;
        } catch (ObjectAlreadyExistsException e) {
            return runs.load(state.getRunId()).orElseThrow(() -> e);
        }
    }

    /** Handles the photos of one page in parallel, keeping listing order in the results. */
    private List<PhotoSorter.Handled> sortAll(List<ObjectInfo> photos, ChunkContext context) {
        List<Future<Optional<PhotoSorter.Handled>>> futures = new ArrayList<>(photos.size());
        for (ObjectInfo photo : photos) {
            if (!photo.isFolderPlaceholder()) {
                futures.add(workers.submit(() -> sortOne(photo, context)));
            }
        }
        List<PhotoSorter.Handled> handled = new ArrayList<>(futures.size());
        for (Future<Optional<PhotoSorter.Handled>> future : futures) {
            try {
                future.get().ifPresent(handled::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sorting", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("sorting a photo failed", e.getCause());
            }
        }
        if (context.lease.isLost()) {
            throw new LeaseLostException(context.runId, "lost while its chunk " + context.chunk + " was being sorted");
        }
        return handled;
    }

    private Optional<PhotoSorter.Handled> sortOne(ObjectInfo photo, ChunkContext context) {
        try {
            return sorter.sort(photo, context);
        } catch (LeaseLostException e) {
            return Optional.empty(); // the new holder completes it from the claim, if there is one
        } catch (ObjectStoreException e) {
            LOG.warn("store failure on {}: {}", ObjectKeys.escape(photo.key()), e.getMessage());
            return Optional.of(new PhotoSorter.Handled(new ItemResult(photo.key(), ObjectKeys.fileName(photo.key()),
                    null, null, ItemStatus.ERROR, clock.instant(), photo.key(), "store-failure",
                    "the store failed (" + e.getMessage() + "); the photo stays in incoming/", null), null));
        }
    }

    /**
     * The photos in {@code incoming/} up to the run's allowance; once past the shard size the run is sharded and
     * the count stops there (the shards count the rest as they are written).
     */
    private int countIncoming(RunState state) {
        int count = 0;
        String token = null;
        do {
            ObjectPage page = store.list(Layout.INCOMING, token, LIST_PAGE);
            count += (int) page.objects().stream().filter(o -> !o.isFolderPlaceholder()).count();
            token = page.nextPageToken();
        } while (token != null && count < state.allowance() && count <= configuration.shardSize());
        return Math.min(count, state.allowance());
    }
}
