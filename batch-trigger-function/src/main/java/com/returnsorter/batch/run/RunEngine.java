package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.batch.messaging.BatchPublisher;
import com.returnsorter.batch.predict.PredictGateway;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.ItemStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.events.TriggerReason;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.service.api.ApiException;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.ObjectInfo;
import com.returnsorter.storage.ObjectKeys;
import com.returnsorter.storage.ObjectPage;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.ObjectStoreException;
import com.returnsorter.storage.PreconditionFailedException;
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
 * Works one delivery of a run: takes the run's lease, finishes runs whose deliveries died, catches
 * up with what an earlier delivery of this run wrote, then lists {@code incoming/} chunk by chunk
 * (classify and move in parallel, journal, release claims, update the state) until the listing
 * ends, {@code maxItems} is reached or the time budget is spent. Then it either finishes the run
 * (reports, {@code batch-completed}) or hands the rest to a continuation message.
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
        SUPERSEDED
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);
    /** The lease owner while a continuation message is on its way; any delivery of the run may take it over. */
    private static final String HANDOFF = "handoff";
    private static final int LIST_PAGE = 1000;

    private final RunRepository runs;
    private final PhotoSorter sorter;
    private final ClaimRecovery recovery;
    private final PredictGateway predict;
    private final RunReports reports;
    private final BatchPublisher publisher;
    private final ObjectStore store;
    private final BatchConfiguration configuration;
    private final Clock clock;
    private final ExecutorService workers;
    private final BatchMetrics metrics;

    public RunEngine(RunRepository runs, PhotoSorter sorter, ClaimRecovery recovery, PredictGateway predict, RunReports reports,
                     BatchPublisher publisher, ObjectStore store, BatchConfiguration configuration, Clock clock,
                     BatchMetrics metrics) {
        this.metrics = metrics;
        this.runs = runs;
        this.sorter = sorter;
        this.recovery = recovery;
        this.predict = predict;
        this.reports = reports;
        this.publisher = publisher;
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
        RunLease lease = acquire(run, owner, runId);
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
        finishAbandonedRuns(runId, lease.owner());
        catchUp(lease);
        journalRecovered(lease);

        if (lease.state().getStartedAt() == null) {
            int listed = countIncoming(lease.state());
            lease.update(state -> {
                state.setStartedAt(clock.instant());
                state.setListed(listed);
                state.note(clock.instant(), "run started (" + state.getTrigger().wireName() + "), "
                        + state.getListed() + " photos in incoming/" + (state.isDryRun() ? ", dry run" : ""));
            });
        }
        if (!predict.awaitReady(configuration.predictReadyTimeout())) {
            return finish(lease, "the predict function could not be reached or has no model loaded");
        }

        AtomicInteger consecutiveFailures = new AtomicInteger();
        AtomicReference<String> abort = new AtomicReference<>();
        AtomicBoolean startedAny = new AtomicBoolean();
        int chunksThisDelivery = 0;
        while (hasWork(lease.state()) && abort.get() == null) {
            // At least one chunk per delivery, so even a tiny budget makes progress.
            if (chunksThisDelivery++ > 0 && !clock.instant().isBefore(deadline)) {
                return handOff(lease);
            }
            RunState state = lease.state();
            List<ObjectInfo> photos;
            ChunkEnd end;
            if (!state.getPending().isEmpty()) {
                photos = pendingPhotos(state);
                end = new ChunkEnd(state.getCursor(), state.isListingDone());
            } else {
                ObjectPage page = store.list(Layout.INCOMING, state.getCursor(),
                        Math.min(configuration.chunkSize(), state.allowance()));
                photos = page.objects();
                end = new ChunkEnd(page.nextPageToken(), !page.hasNextPage());
            }
            ChunkContext context = new ChunkContext(runId, state.getChunks(), state.isDryRun(), lease, clock, deadline,
                    startedAny, configuration.maxConsecutiveFailures(), consecutiveFailures, abort);
            List<PhotoSorter.Handled> handled = sortAll(photos, context);
            commit(lease, handled, end.withDeferred(context.deferred()));
        }
        return finish(lease, abort.get());
    }

    private static boolean hasWork(RunState state) {
        return (!state.isListingDone() || !state.getPending().isEmpty()) && state.allowance() > 0;
    }

    /** The photos a delivery whose time ran out listed but did not start, as they are now (gone ones left out). */
    private List<ObjectInfo> pendingPhotos(RunState state) {
        List<ObjectInfo> photos = new ArrayList<>();
        for (String key : state.getPending()) {
            if (photos.size() >= state.allowance()) {
                break;
            }
            store.stat(key).ifPresent(photos::add);
        }
        return photos;
    }

    /**
     * Where a chunk leaves the listing. Null for a chunk of recovered photos, which leaves the listing
     * where the run state has it when the chunk is written.
     */
    private record ChunkEnd(@Nullable String nextCursor, boolean listingDone, List<String> deferred) {

        ChunkEnd(@Nullable String nextCursor, boolean listingDone) {
            this(nextCursor, listingDone, List.of());
        }

        ChunkEnd withDeferred(List<String> keys) {
            return new ChunkEnd(nextCursor, listingDone, keys);
        }
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

    /** Takes the run's lease, or returns null when the run has finished; throws when a live delivery holds it. */
    @Nullable
    private RunLease acquire(Versioned<RunState> run, String owner, String runId) {
        while (true) {
            RunState state = run.value();
            if (state.isFinished()) {
                return null;
            }
            Instant now = clock.instant();
            if (state.leaseHeldByOtherThan(owner, now) && !HANDOFF.equals(state.getLease().owner())) {
                throw new RunBusyException(runId, state.getLease().expiresAt());
            }
            if (state.getLease() != null && !HANDOFF.equals(state.getLease().owner())) {
                state.note(now, "taken over after the previous delivery stopped");
            } else if (state.getDeliveries() > 0) {
                state.note(now, "continued in a new request");
            }
            state.setPhase(RunState.Phase.RUNNING);
            state.setDeliveries(state.getDeliveries() + 1);
            try {
                return hold(run, owner);
            } catch (PreconditionFailedException e) {
                run = runs.load(runId).orElseThrow(() -> e);
            }
        }
    }

    /** Writes the state with {@code owner}'s lease (compare-and-set) and returns the hold on it. */
    private RunLease hold(Versioned<RunState> run, String owner) {
        RunState state = run.value();
        state.setLease(new RunState.Lease(owner, clock.instant().plus(leaseLength())));
        Versioned<RunState> written = runs.update(run, state);
        return new RunLease(written, owner, runs, clock, leaseLength(), configuration.leaseMargin().dividedBy(4),
                configuration.leaseMargin().dividedBy(2));
    }

    private java.time.Duration leaseLength() {
        return configuration.timeBudget().plus(configuration.leaseMargin());
    }

    /** Adopts journal chunks an earlier delivery wrote but did not count before it stopped. */
    private void catchUp(RunLease lease) {
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

    private void apply(RunState state, JournalChunk chunk) {
        for (ItemResult item : chunk.items()) {
            state.getTally().add(item, configuration.reviewThreshold());
        }
        state.setCursor(chunk.nextCursor());
        state.setListingDone(state.isListingDone() || chunk.listingDone());
        state.setPending(chunk.deferred());
        state.setChunks(chunk.seq() + 1);
    }

    /** Completes the moves interrupted deliveries began (see {@link ClaimRecovery}) and journals them in one chunk. */
    private void journalRecovered(RunLease lease) {
        List<PhotoSorter.Handled> recovered = recovery.recover(lease);
        if (recovered.isEmpty()) {
            return;
        }
        LOG.info("run {}: completed {} moves an interrupted delivery had begun", lease.runId(), recovered.size());
        lease.update(state -> state.note(clock.instant(), "completed " + recovered.size()
                + " moves an interrupted delivery had begun"));
        commit(lease, recovered, null);
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
     * Journals a chunk (which commits it), releases its claims and counts it in the run state. The
     * chunk's number is taken when it is written; if that number was taken meanwhile (a delivery that
     * held the run before this one wrote it late), that chunk is adopted and this one keeps only the
     * photos it does not list, under the next number, so no photo is journaled twice.
     *
     * @param end where the chunk leaves the listing; null for recovered photos (the listing stays where it is)
     */
    private void commit(RunLease lease, List<PhotoSorter.Handled> handled, @Nullable ChunkEnd end) {
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

    /** Out of time: leave the rest to a continuation message. */
    private Outcome handOff(RunLease lease) {
        // Until the continuation arrives the run is not abandoned, but any delivery of it may take it.
        lease.release(state -> state.note(clock.instant(), "time budget spent after " + state.getTally().getHandled()
                + " photos"), new RunState.Lease(HANDOFF, clock.instant().plus(configuration.leaseMargin())));
        RunState state = lease.state();
        publisher.publishTrigger(BatchTrigger.continuation(state.getRunId(), clock.instant()));
        LOG.info("run {}: {} photos so far; continuing in a new request", state.getRunId(), state.getTally().getHandled());
        return Outcome.CONTINUED;
    }

    /**
     * Completes the moves this delivery left claimed, writes the reports, publishes
     * {@code batch-completed}, then marks the run finished.
     */
    private Outcome finish(RunLease lease, @Nullable String failure) {
        journalRecovered(lease);
        lease.update(state -> {
            Instant now = clock.instant();
            state.setResult(RunReports.statusOf(state.getTally(), failure));
            state.setErrorMessage(failure);
            state.setFinishedAt(now);
            state.note(now, failure == null ? "finished: " + state.getTally().getHandled() + " photos"
                    : "failed: " + failure);
        });
        lease.fence();
        RunState state = lease.state();
        RunSummary summary = reports.write(state);
        // Published before the run is marked finished: a crash in between means a redelivery publishes
        // again (the report function ignores the duplicate), never that the event is lost.
        publisher.publishCompleted(summary);
        metrics.runFinished(summary);
        lease.release(s -> s.setPhase(RunState.Phase.FINISHED), null);
        runs.clearActive(state.getRunId());
        LOG.info("run {} {}: {} photos, {} sorted, {} to review, {} rejected, {} left in incoming/ ({} s)",
                state.getRunId(), summary.status().wireName(), summary.totalProcessed(), summary.sorted(),
                summary.lowConfidence(), summary.rejected(), summary.leftInIncoming(), summary.processingTimeSeconds());
        return Outcome.FINISHED;
    }

    /** Finishes runs whose last delivery died (lease expired): their claims are completed, their reports written. */
    private void finishAbandonedRuns(String currentRunId, String owner) {
        for (String runId : runs.activeRuns()) {
            if (runId.equals(currentRunId)) {
                continue;
            }
            try {
                finishIfAbandoned(runId, currentRunId, owner);
            } catch (UnreadableStateException e) {
                LOG.error("run {} is skipped: {}", runId, e.getMessage());
            }
        }
    }

    private void finishIfAbandoned(String runId, String currentRunId, String owner) {
        Optional<Versioned<RunState>> found = runs.load(runId);
        if (found.isEmpty()) {
            runs.clearActive(runId);
            return;
        }
        Versioned<RunState> run = found.get();
        if (run.value().isFinished()) {
            runs.clearActive(runId);
            return;
        }
        if (!run.value().isAbandoned(clock.instant())) {
            return;
        }
        try {
            run.value().note(clock.instant(), "its delivery stopped; finished by run " + currentRunId);
            RunLease lease = hold(run, owner);
            catchUp(lease);
            journalRecovered(lease);
            if (!lease.state().isListingDone()) {
                lease.update(state -> state.note(clock.instant(), "interrupted before it reached every photo; run "
                        + currentRunId + " sorts the rest"));
            }
            LOG.warn("run {} was abandoned by its delivery; finishing it with what it did", runId);
            finish(lease, null);
        } catch (PreconditionFailedException | LeaseLostException e) {
            LOG.info("run {} was taken over by another delivery meanwhile", runId);
        }
    }

    private int countIncoming(RunState state) {
        int count = 0;
        String token = null;
        do {
            ObjectPage page = store.list(Layout.INCOMING, token, LIST_PAGE);
            count += (int) page.objects().stream().filter(o -> !o.isFolderPlaceholder()).count();
            token = page.nextPageToken();
        } while (token != null && count < state.allowance());
        return Math.min(count, state.allowance());
    }
}
