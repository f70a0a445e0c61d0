package com.returnsorter.report.history;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.RunCounts;
import com.returnsorter.events.RunStatus;
import com.returnsorter.events.RunSummary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A finished run as history keeps it: the {@code batchRuns/{runId}} document in Firestore (field
 * names as the console shows them, DESIGN.md), a row of the local SQLite history, and an item of
 * {@code GET /runs}.
 *
 * @param trigger         {@code scheduled} or {@code manual} (the reason of the run's first trigger)
 * @param durationSeconds wall time of the run, from its first delivery to the end
 * @param totalImages     photos the run handled: successful + failed
 * @param successful      classified and moved ({@code sorted} + {@code lowConfidence})
 * @param failed          rejected + left in {@code incoming/}
 * @param successRate     successful / totalImages × 100; 100 for an empty run
 * @param categories      successful photos per category
 * @param confidence      classified photos per band (high &gt; 0.85, low below the review threshold)
 * @param itemCount       items recorded under {@code batchRuns/{runId}/items}
 * @param itemsNote       why the items are missing or incomplete (e.g. {@code results.csv} not found); null when complete
 * @param recordedAt      when history recorded the run
 */
@Serdeable
public record RunRecord(
        String runId,
        String trigger,
        boolean dryRun,
        Instant startedAt,
        Instant finishedAt,
        double durationSeconds,
        int totalImages,
        int successful,
        int failed,
        int sorted,
        int lowConfidence,
        int rejected,
        int leftInIncoming,
        double successRate,
        RunStatus status,
        @Nullable String errorMessage,
        Map<String, Integer> categories,
        Confidence confidence,
        Reports reports,
        Model model,
        String bucket,
        int itemCount,
        @Nullable String itemsNote,
        Instant recordedAt) {

    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        // Serde leaves out empty maps, so a run without photos reads back with no categories at all.
        categories = categories == null ? Map.of() : Map.copyOf(categories);
        confidence = confidence == null ? new Confidence(0, 0, 0) : confidence;
    }

    /**
     * Classified photos per confidence band, and the review threshold the run counted them with (null for
     * runs recorded before it travelled with the counts: the default then).
     */
    @Serdeable
    public record Confidence(int high, int medium, int low, @Nullable Double reviewThreshold) {

        public Confidence(int high, int medium, int low) {
            this(high, medium, low, null);
        }

        /** The review threshold of the run, or the default for runs recorded before it was kept. */
        public double threshold() {
            return reviewThreshold != null ? reviewThreshold : ConfidenceBands.DEFAULT_REVIEW_THRESHOLD;
        }
    }

    /** Object keys of the run's reports in {@link #bucket()}. */
    @Serdeable
    public record Reports(String resultsCsv, String summaryJson, String reportHtml) {
    }

    /** The model that classified the run. */
    @Serdeable
    public record Model(String name, String version) {
    }

    /**
     * The run's counts as the batch sent them ({@link RunCounts}, the record batch and report share); the
     * fields of this record are the same, by the same names, flattened into {@code batchRuns/{runId}}.
     */
    public RunCounts counts() {
        return new RunCounts(totalImages, successful, failed, sorted, lowConfidence, rejected, leftInIncoming,
                successRate, categories,
                new RunSummary.ConfidenceDistribution(confidence.high(), confidence.medium(), confidence.low(),
                        confidence.reviewThreshold()),
                model == null ? RunSummary.ModelInfo.UNKNOWN : new RunSummary.ModelInfo(model.name(), model.version()));
    }

    /** The record of a {@code batch-completed} summary, with {@code itemCount} items recorded now. */
    public static RunRecord of(RunSummary summary, int itemCount, @Nullable String itemsNote, Instant recordedAt) {
        RunCounts counts = summary.counts();
        RunSummary.ConfidenceDistribution bands = counts.confidence();
        // Derived from the run id, never taken from a message: they become links people follow.
        RunSummary.ReportPaths paths = RunSummary.ReportPaths.forRun(summary.runId());
        return new RunRecord(
                summary.runId(),
                summary.trigger() == null ? "unknown" : summary.trigger().wireName(),
                summary.dryRun(),
                summary.startedAt(),
                summary.finishedAt(),
                summary.processingTimeSeconds(),
                counts.totalImages(),
                counts.successful(),
                counts.failed(),
                counts.sorted(),
                counts.lowConfidence(),
                counts.rejected(),
                counts.leftInIncoming(),
                counts.successRate(),
                summary.status(),
                summary.errorMessage(),
                new TreeMap<>(counts.categories()),
                new Confidence(bands.high(), bands.medium(), bands.low(), bands.reviewThreshold()),
                new Reports(paths.resultsCsv(), paths.summaryJson(), paths.reportHtml()),
                new Model(counts.model().name(), counts.model().version()),
                summary.bucket() == null ? "" : summary.bucket(),
                itemCount,
                itemsNote,
                recordedAt);
    }
}
