package com.returnsorter.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;
import java.util.TreeMap;

/**
 * A finished run's counts, the one record batch and report share (docs/run-counts.md): the batch builds
 * {@code summary.json} and the {@value Topics#BATCH_COMPLETED} event from it ({@link RunSummary#of}), the
 * report reads it back ({@link RunSummary#counts()}) and stores it as the {@code batchRuns/{runId}}
 * counts. Its field names are those of DESIGN.md's {@code batchRuns/{runId}} document.
 *
 * @param totalImages    photos the run handled: successful + failed
 * @param successful     classified and moved ({@code sorted} + {@code lowConfidence})
 * @param failed         {@code rejected} + {@code leftInIncoming}
 * @param sorted         moved to {@code processed/<Category>/}
 * @param lowConfidence  moved to {@code review/<Category>/} (to review)
 * @param rejected       moved to {@code rejected/} (not a decodable image)
 * @param leftInIncoming errors: left in {@code incoming/} after transient failures; the next run retries them
 * @param successRate    successful / totalImages × 100, one decimal; 100 for an empty run
 * @param categories     successful photos per predicted category
 * @param confidence     classified photos per band, with the review threshold the run used
 * @param model          the model that classified the run ({@link RunSummary.ModelInfo#UNKNOWN} when unknown)
 */
@Serdeable
public record RunCounts(
        int totalImages,
        int successful,
        int failed,
        int sorted,
        int lowConfidence,
        int rejected,
        int leftInIncoming,
        double successRate,
        Map<String, Integer> categories,
        RunSummary.ConfidenceDistribution confidence,
        RunSummary.ModelInfo model) {

    public RunCounts {
        // Serde leaves out empty maps; a run without photos has no categories at all.
        categories = categories == null ? Map.of() : Map.copyOf(categories);
        confidence = confidence == null ? new RunSummary.ConfidenceDistribution(0, 0, 0) : confidence;
        model = model == null ? RunSummary.ModelInfo.UNKNOWN : model;
    }

    /**
     * The counts of a run from what it did with each photo; successful, failed and the success rate are
     * derived here and nowhere else.
     */
    public static RunCounts of(int sorted, int lowConfidence, int rejected, int leftInIncoming,
                               @Nullable Map<String, Integer> categories,
                               RunSummary.ConfidenceDistribution confidence, @Nullable RunSummary.ModelInfo model) {
        int successful = sorted + lowConfidence;
        int failed = rejected + leftInIncoming;
        int total = successful + failed;
        double successRate = total == 0 ? 100.0 : Math.round(successful * 1000.0 / total) / 10.0;
        return new RunCounts(total, successful, failed, sorted, lowConfidence, rejected, leftInIncoming, successRate,
                categories == null ? Map.of() : new TreeMap<>(categories), confidence, model);
    }

    /** The review threshold the run counted its bands with (the default for runs from before it travelled). */
    public double reviewThreshold() {
        return confidence.threshold();
    }
}
