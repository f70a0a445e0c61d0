package com.returnsorter.batch.run;

import com.returnsorter.batch.BatchConfiguration;
import com.returnsorter.events.RunCounts;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import com.returnsorter.reports.HtmlReport;
import com.returnsorter.reports.ItemResult;
import com.returnsorter.reports.ItemsJsonl;
import com.returnsorter.reports.ResultsCsv;
import com.returnsorter.storage.ObjectStore;
import com.returnsorter.storage.WriteMode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a finished run's {@code reports/<runId>/items.jsonl} (the records the report function
 * ingests), {@code results.csv} (the same for people), {@code summary.json} and {@code report.html}
 * from its journal, one chunk at a time, and returns the summary that is also
 * published as {@code batch-completed}. Writing is idempotent: a redelivery that finishes the
 * run again writes the same reports.
 */
@Singleton
public class RunReports {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunReports.class);

    private final ObjectStore store;
    private final RunRepository runs;
    private final JsonMapper json;
    private final BatchConfiguration configuration;

    public RunReports(ObjectStore store, RunRepository runs, JsonMapper json, BatchConfiguration configuration) {
        this.store = store;
        this.runs = runs;
        this.json = json;
        this.configuration = configuration;
    }

    public RunSummary write(RunState state) {
        RunSummary.ReportPaths paths = RunSummary.ReportPaths.forRun(state.getRunId());
        HtmlReport.ContentBuilder content = HtmlReport.Content.builder(configuration.reportRows())
                .zone(configuration.reportTimeZone());
        List<RunSummary.ItemError> errors = new ArrayList<>();
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        try (ResultsCsv.RowWriter rows = ResultsCsv.writer(csv); ItemsJsonl.Writer records = ItemsJsonl.writer(jsonl, json)) {
            List<String> journals = new ArrayList<>();
            journals.add(state.getRunId());
            if (state.isSharded()) {
                for (int shard = 0; shard < state.getShardsPlanned(); shard++) {
                    journals.add(Layout.shardRunId(state.getRunId(), shard));
                }
            }
            RunSummary.ModelInfo model = model(state);
            for (String journalId : journals) {
                int chunks = journalId.equals(state.getRunId()) ? state.getChunks()
                        : runs.load(journalId).map(s -> s.value().getChunks()).orElse(0);
                for (int seq = 0; seq < chunks; seq++) {
                    JournalChunk chunk;
                    try {
                        chunk = runs.readJournal(journalId, seq)
                                .orElseThrow(() -> new IllegalStateException("journal chunk missing for run " + journalId));
                    } catch (UnreadableStateException e) {
                        // The run's counts include it (or say it was skipped); the reports cannot list its photos.
                        LOG.error("run {}: {}; its photos are left out of the reports", state.getRunId(), e.getMessage());
                        continue;
                    }
                    for (ItemResult item : chunk.items()) {
                        records.write(item.category() == null ? item : item.withModel(model));
                        rows.write(item);
                        content.add(item);
                        if (!item.status().isSuccessful() && errors.size() < RunSummary.MAX_ERRORS) {
                            errors.add(new RunSummary.ItemError(item.object(), item.status(),
                                    item.error() == null ? "unknown" : item.error(),
                                    item.errorMessage() == null ? "" : item.errorMessage()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state.getTimeline().forEach(entry -> content.event(entry.at(), entry.event()));
        RunSummary summary = summarize(state, errors, paths);

        store.write(paths.itemsJsonl(), jsonl.toByteArray(), ItemsJsonl.CONTENT_TYPE, WriteMode.OVERWRITE);
        store.write(paths.resultsCsv(), csv.toByteArray(), ResultsCsv.CONTENT_TYPE, WriteMode.OVERWRITE);
        store.write(paths.summaryJson(), bytes(summary), "application/json", WriteMode.OVERWRITE);
        store.write(paths.reportHtml(), HtmlReport.render(summary, content.build()).getBytes(StandardCharsets.UTF_8),
                HtmlReport.CONTENT_TYPE, WriteMode.OVERWRITE);
        return summary;
    }

    private RunSummary summarize(RunState state, List<RunSummary.ItemError> errors, RunSummary.ReportPaths paths) {
        Tally tally = state.totalTally();
        Instant started = state.getStartedAt() != null ? state.getStartedAt() : state.getCreatedAt();
        RunCounts counts = RunCounts.of(tally.getSorted(), tally.getReview(), tally.getRejected(), tally.getErrors(),
                tally.getCategories(), new RunSummary.ConfidenceDistribution(tally.getHigh(), tally.getMedium(),
                        tally.getLow(), configuration.reviewThreshold()), model(state));
        return RunSummary.of(state.getRunId(), state.getResult(), state.getTrigger(), state.isDryRun(), started,
                state.getFinishedAt(), counts, errors, state.getErrorMessage(), paths, store.describe());
    }

    /** The model the run's photos were classified with; {@code unknown} when it asked none. */
    private static RunSummary.ModelInfo model(RunState state) {
        return state.getModelName() == null ? RunSummary.ModelInfo.UNKNOWN
                : new RunSummary.ModelInfo(state.getModelName(), state.getModelVersion());
    }

    /** The run's status from its counts, when it was not failed as a whole. */
    static RunStatus statusOf(Tally tally, @Nullable String failure) {
        if (failure != null) {
            return RunStatus.FAILED;
        }
        return tally.getRejected() + tally.getErrors() > 0 ? RunStatus.PARTIAL : RunStatus.SUCCESS;
    }


    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
