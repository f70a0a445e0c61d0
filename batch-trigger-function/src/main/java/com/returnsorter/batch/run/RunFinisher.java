package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.batch.messaging.BatchPublisher;
import com.returnsorter.events.BatchShard;
import com.returnsorter.events.BatchTrigger;
import com.returnsorter.events.RunSummary;
import com.returnsorter.storage.ObjectAlreadyExistsException;
import com.returnsorter.storage.PreconditionFailedException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a delivery's work on a run: hands the rest to a continuation message, or finishes the run
 * (completes what this delivery left claimed, writes the reports, publishes {@code batch-completed},
 * marks it finished); and finishes other runs whose delivery died.
 */
@Singleton
class RunFinisher {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinisher.class);

    private final RunRepository runs;
    private final RunLeases leases;
    private final RunJournal journal;
    private final RunReports reports;
    private final BatchPublisher publisher;
    private final BatchMetrics metrics;
    private final BatchConfiguration configuration;
    private final Clock clock;

    RunFinisher(RunRepository runs, RunLeases leases, RunJournal journal, RunReports reports, BatchPublisher publisher,
                BatchMetrics metrics, BatchConfiguration configuration, Clock clock) {
        this.runs = runs;
        this.leases = leases;
        this.journal = journal;
        this.reports = reports;
        this.publisher = publisher;
        this.metrics = metrics;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** Out of time: leave the rest to a continuation message. */
    RunEngine.Outcome handOff(RunLease lease) {
        // Until the continuation arrives the run is not abandoned, but any delivery of it may take it.
        lease.release(state -> state.note(clock.instant(), "time budget spent after " + state.getTally().getHandled()
                + " photos"), new RunState.Lease(RunLeases.HANDOFF, clock.instant().plus(configuration.leaseMargin())));
        RunState state = lease.state();
        if (state.isShardOfRun()) {
            publisher.publishShard(new BatchShard(state.getParentRunId(), state.getShard()));
        } else {
            publisher.publishTrigger(BatchTrigger.continuation(state.getRunId(), clock.instant()));
        }
        LOG.info("run {}: {} photos so far; continuing in a new request", state.getRunId(), state.getTally().getHandled());
        return RunEngine.Outcome.CONTINUED;
    }

    /**
     * Completes the moves this delivery left claimed, writes the reports, publishes
     * {@code batch-completed}, then marks the run finished.
     */
    RunEngine.Outcome finish(RunLease lease, @Nullable String failure) {
        journal.journalRecovered(lease);
        if (lease.state().isShardOfRun()) {
            return finishShard(lease, failure);
        }
        String cause = failure;
        if (lease.state().isSharded()) {
            ShardProgress progress = runs.loadProgress(lease.runId()).map(Versioned::value)
                    .orElseGet(() -> ShardProgress.of(lease.runId()));
            cause = failure != null ? failure : progress.getFailure();
            lease.update(state -> {
                state.setShardTally(progress.getTally());
                if (state.getModelName() == null) {
                    state.setModelName(progress.getModelName());
                    state.setModelVersion(progress.getModelVersion());
                }
            });
        }
        String reason = cause;
        lease.update(state -> {
            Instant now = clock.instant();
            state.setResult(RunReports.statusOf(state.totalTally(), reason));
            state.setErrorMessage(reason);
            state.setFinishedAt(now);
            state.note(now, reason == null ? "finished: " + state.totalTally().getHandled() + " photos"
                    : "failed: " + reason);
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
        return RunEngine.Outcome.FINISHED;
    }

    /**
     * A shard's end: marked finished (its journal is its record), then counted in its run's
     * {@link ShardProgress}; the shard whose count completes the run finishes the run.
     */
    private RunEngine.Outcome finishShard(RunLease lease, @Nullable String failure) {
        lease.update(state -> {
            Instant now = clock.instant();
            state.setResult(RunReports.statusOf(state.getTally(), failure));
            state.setErrorMessage(failure);
            state.setFinishedAt(now);
        });
        lease.fence();
        lease.release(s -> s.setPhase(RunState.Phase.FINISHED), null);
        RunState state = lease.state();
        LOG.info("run {}: shard {} journaled, {} photos", state.getParentRunId(), state.getShard(),
                state.getTally().getHandled());
        return countShard(state);
    }

    /**
     * Counts a finished shard in its run's progress (once, however often it is delivered) and finishes the
     * run if that made it complete. Also the path of a redelivered shard that had finished: if the run's
     * finishing was interrupted, it is resumed here.
     *
     * @throws RunBusyException when the run is complete but another delivery holds it (the push is retried)
     */
    RunEngine.Outcome countShard(RunState shard) {
        String runId = shard.getParentRunId();
        while (true) {
            Versioned<ShardProgress> seen = loadOrCreateProgress(runId);
            ShardProgress progress = seen.value();
            boolean counted = progress.count(shard.getShard(), shard);
            if (counted) {
                try {
                    runs.updateProgress(seen, progress);
                } catch (PreconditionFailedException e) {
                    continue; // another shard counted itself meanwhile: look again
                }
            }
            if (progress.isComplete()) {
                return finishSharded(runId);
            }
            return counted ? RunEngine.Outcome.SHARD_DONE : RunEngine.Outcome.ALREADY_FINISHED;
        }
    }

    /** The run has published all its shards: records how many, and finishes the run if they are all journaled. */
    RunEngine.Outcome shardsPlanned(String runId, int shards) {
        while (true) {
            Versioned<ShardProgress> seen = loadOrCreateProgress(runId);
            ShardProgress progress = seen.value();
            if (progress.getPlanned() == null || progress.getPlanned() != shards) {
                progress.setPlanned(shards);
                try {
                    runs.updateProgress(seen, progress);
                } catch (PreconditionFailedException e) {
                    continue;
                }
            }
            return progress.isComplete() ? finishSharded(runId) : RunEngine.Outcome.SHARDED;
        }
    }

    /** Finishes a sharded run whose shards are all journaled, unless it has finished already. */
    private RunEngine.Outcome finishSharded(String runId) {
        Versioned<RunState> run = runs.load(runId).orElse(null);
        if (run == null) {
            LOG.warn("shards of run {} are done but the run is gone", runId);
            return RunEngine.Outcome.UNKNOWN_RUN;
        }
        RunLease lease = leases.acquire(run, java.util.UUID.randomUUID().toString(), runId);
        if (lease == null) {
            return RunEngine.Outcome.ALREADY_FINISHED;
        }
        lease.update(state -> state.note(clock.instant(), "its last shard is journaled"));
        return finish(lease, null);
    }

    private Versioned<ShardProgress> loadOrCreateProgress(String runId) {
        Optional<Versioned<ShardProgress>> found = runs.loadProgress(runId);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            return runs.createProgress(ShardProgress.of(runId));
        } catch (ObjectAlreadyExistsException e) {
            return runs.loadProgress(runId).orElseThrow(() -> e);
        }
    }

    /** Finishes runs whose last delivery died (lease expired): their claims are completed, their reports written. */
    void finishAbandonedRuns(String currentRunId, String owner) {
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

    void finishIfAbandoned(String runId, String currentRunId, String owner) {
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
        if (run.value().isSharded()) {
            // Its shards and its trigger are redelivered by Pub/Sub; finished here only once they are all journaled.
            if (runs.loadProgress(runId).map(p -> p.value().isComplete()).orElse(false)) {
                try {
                    finishSharded(runId);
                } catch (RunBusyException | PreconditionFailedException | LeaseLostException e) {
                    LOG.info("run {} was taken over by another delivery meanwhile", runId);
                }
            }
            return;
        }
        try {
            run.value().note(clock.instant(), "its delivery stopped; finished by run " + currentRunId);
            RunLease lease = leases.hold(run, owner);
            journal.catchUp(lease);
            journal.journalRecovered(lease);
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
}
