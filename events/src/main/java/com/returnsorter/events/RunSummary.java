package com.returnsorter.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A finished run: written as {@code reports/<runId>/summary.json} and published as the
 * {@value Topics#BATCH_COMPLETED} message. Field names are snake case, as in the original
 * system's {@code summary.json} ({@code total_processed}, {@code success_rate}, …).
 *
 * @param schemaVersion          {@link #SCHEMA_VERSION}; a consumer refuses versions it does not know
 * @param timestamp              when the run finished (the seed's field; equal to {@code finishedAt})
 * @param totalProcessed         photos this run handled: successful + failed
 * @param successful             classified and moved ({@code sorted} + {@code lowConfidence})
 * @param failed                 {@code rejected} + {@code leftInIncoming}
 * @param sorted                 moved to {@code processed/<Category>/}
 * @param lowConfidence          moved to {@code review/<Category>/} (confidence below the review threshold)
 * @param rejected               moved to {@code rejected/} (not a decodable image)
 * @param leftInIncoming         left in {@code incoming/} after transient errors; the next run retries them
 * @param successRate            successful / totalProcessed × 100, one decimal; 100 for an empty run
 * @param processingTimeSeconds  wall time from the trigger's first delivery to the end of the run
 * @param categories             successful photos per predicted category
 * @param confidenceDistribution classified photos per confidence band
 * @param errors                 the first {@link #MAX_ERRORS} failed photos, with reasons ({@code results.csv} has all)
 * @param errorMessage           why the run failed as a whole, when it did
 * @param bucket                 where the photos and reports live ({@code gs://bucket} or a local directory)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunSummary(
        int schemaVersion,
        String runId,
        RunStatus status,
        TriggerReason trigger,
        boolean dryRun,
        Instant timestamp,
        Instant startedAt,
        Instant finishedAt,
        int totalProcessed,
        int successful,
        int failed,
        int sorted,
        int lowConfidence,
        int rejected,
        int leftInIncoming,
        double successRate,
        double processingTimeSeconds,
        Map<String, Integer> categories,
        ConfidenceDistribution confidenceDistribution,
        List<ItemError> errors,
        @Nullable String errorMessage,
        ModelInfo model,
        ReportPaths reports,
        String bucket) {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_ERRORS = 100;

    /**
     * The summary of a run with {@code counts}: the batch's one way to build {@code summary.json} and the
     * {@value Topics#BATCH_COMPLETED} event, so the counts keep the fields {@link RunCounts} gives them.
     */
    public static RunSummary of(String runId, RunStatus status, TriggerReason trigger, boolean dryRun,
                                Instant startedAt, Instant finishedAt, RunCounts counts, List<ItemError> errors,
                                @Nullable String errorMessage, ReportPaths reports, String bucket) {
        double seconds = Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
        return new RunSummary(SCHEMA_VERSION, runId, status, trigger, dryRun, finishedAt, startedAt, finishedAt,
                counts.totalImages(), counts.successful(), counts.failed(), counts.sorted(), counts.lowConfidence(),
                counts.rejected(), counts.leftInIncoming(), counts.successRate(), seconds, counts.categories(),
                counts.confidence(), errors, errorMessage, counts.model(), reports, bucket);
    }

    /**
     * The run's counts as {@link RunCounts}: what the report stores and reads. Reads every
     * {@code schema_version} 1 summary, also those from before the threshold travelled (the default then)
     * or without a model ({@link ModelInfo#UNKNOWN}).
     */
    public RunCounts counts() {
        return new RunCounts(totalProcessed, successful, failed, sorted, lowConfidence, rejected, leftInIncoming,
                successRate, categories, confidenceDistribution, model);
    }

    /** A photo that was not sorted. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ItemError(String object, ItemStatus status, String reason, String message) {
    }

    /**
     * Classified photos per band: high &gt; 0.85, medium from the review threshold to 0.85, low below the
     * review threshold, which the run used and which travels with the counts (null in events from before
     * it did: read as {@link ConfidenceBands#DEFAULT_REVIEW_THRESHOLD}).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ConfidenceDistribution(int high, int medium, int low, @Nullable Double reviewThreshold) {

        public ConfidenceDistribution(int high, int medium, int low) {
            this(high, medium, low, null);
        }

        /** The review threshold the bands were counted with. */
        public double threshold() {
            return reviewThreshold != null ? reviewThreshold : ConfidenceBands.DEFAULT_REVIEW_THRESHOLD;
        }
    }

    /** The model that classified the run; {@code unknown} when the run failed before asking. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ModelInfo(String name, String version) {
        public static final ModelInfo UNKNOWN = new ModelInfo("unknown", "unknown");
    }

    /**
     * Object keys of the run's reports, relative to {@link RunSummary#bucket()}: {@code items.jsonl} (one
     * record per photo, what the report function ingests), {@code results.csv} (the same for people),
     * {@code summary.json}, {@code report.html}. {@code itemsJsonl} is null in events from before it existed.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ReportPaths(String resultsCsv, String summaryJson, String reportHtml, @Nullable String itemsJsonl) {

        public static ReportPaths forRun(String runId) {
            String folder = "reports/" + runId + "/";
            return new ReportPaths(folder + "results.csv", folder + "summary.json", folder + "report.html",
                    folder + "items.jsonl");
        }
    }
}
