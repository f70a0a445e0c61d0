package com.returnsorter.batch.api;

import com.returnsorter.batch.run.RunRepository;
import com.returnsorter.batch.run.RunState;
import com.returnsorter.batch.run.ShardProgress;
import com.returnsorter.batch.run.Versioned;
import com.returnsorter.batch.run.Tally;
import com.returnsorter.events.RunSummary;
import com.returnsorter.storage.ObjectNotFoundException;
import com.returnsorter.storage.ObjectStore;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Builds {@link RunView}s from run states, with the finished run's {@code summary.json}. */
@Singleton
public class RunViews {

    private final ObjectStore store;
    private final RunRepository runs;
    private final JsonMapper json;

    public RunViews(ObjectStore store, RunRepository runs, JsonMapper json) {
        this.store = store;
        this.runs = runs;
        this.json = json;
    }

    RunView of(RunState state) {
        Tally tally = new Tally();
        tally.addAll(state.getTally());
        Integer shards = null;
        Integer shardsDone = null;
        if (state.isSharded()) {
            // While the shards work, their counts are in the run's shard progress; once finished, in the run itself.
            ShardProgress shardProgress = runs.loadProgress(state.getRunId()).map(Versioned::value).orElse(null);
            shards = state.getShardsPlanned();
            shardsDone = shardProgress == null ? 0 : shardProgress.getDoneCount();
            if (shardProgress != null) {
                tally.addAll(shardProgress.getTally());
            }
        }
        int moved = state.isDryRun() ? 0 : tally.getSorted() + tally.getReview() + tally.getRejected();
        RunView.Progress progress = new RunView.Progress(state.getListed(),
                tally.getSorted() + tally.getReview(), moved, tally.getRejected() + tally.getErrors(),
                Math.max(0, state.getListed() - tally.getHandled()), tally.getSorted(), tally.getReview(),
                tally.getRejected(), tally.getErrors(), shards, shardsDone);
        boolean finished = state.getPhase() == RunState.Phase.FINISHED;
        RunSummary summary = finished ? summary(state.getRunId()) : null;
        return new RunView(state.getRunId(), state.getPhase().name().toLowerCase(Locale.ROOT),
                state.getResult() == null ? null : state.getResult().wireName(), state.getTrigger().wireName(),
                state.isDryRun(), state.getMaxItems(), state.getCreatedAt(), state.getStartedAt(), state.getFinishedAt(),
                progress, state.getDeliveries(), state.getErrorMessage(),
                state.getTimeline().stream().map(e -> e.at() + " " + e.event()).toList(),
                finished ? RunSummary.ReportPaths.forRun(state.getRunId()) : null, summary);
    }

    private RunSummary summary(String runId) {
        try {
            byte[] bytes = store.read(RunSummary.ReportPaths.forRun(runId).summaryJson(), 16L * 1024 * 1024).bytes();
            return json.readValue(bytes, RunSummary.class);
        } catch (ObjectNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
