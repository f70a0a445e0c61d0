package com.returnsorter.report.ingest;

import com.returnsorter.events.RunIds;
import com.returnsorter.events.RunSummary;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What makes a {@code batch-completed} summary impossible; such an event is logged at ERROR,
 * acknowledged and never stored. The batch derives every figure from its journal, so a summary that
 * breaks one of these rules was not written by it: a bug or a forgery, and a redelivery cannot help.
 */
final class SummaryCheck {

    /** How far a finish time may lie ahead of this service's clock (two machines' clocks differ a little). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private SummaryCheck() {
    }

    /** Why the summary cannot be recorded, or null when it can. */
    @Nullable
    static String problem(@Nullable RunSummary summary, Instant now) {
        if (summary == null) {
            return "empty message";
        }
        if (summary.schemaVersion() != RunSummary.SCHEMA_VERSION) {
            return "schema version " + summary.schemaVersion() + " is not " + RunSummary.SCHEMA_VERSION;
        }
        if (!RunIds.isValid(summary.runId())) {
            return "run id '" + summary.runId() + "' is not a run id (yyyyMMdd_HHmmss_xxxxxx)";
        }
        if (summary.status() == null || summary.startedAt() == null || summary.finishedAt() == null) {
            return "status, started_at and finished_at are required";
        }
        String times = timesProblem(summary, now);
        return times != null ? times : countsProblem(summary);
    }

    @Nullable
    private static String timesProblem(RunSummary summary, Instant now) {
        Instant latest = now.plus(CLOCK_SKEW);
        if (summary.finishedAt().isAfter(latest)) {
            return "finished_at " + summary.finishedAt() + " is in the future";
        }
        if (summary.timestamp() != null && summary.timestamp().isAfter(latest)) {
            return "timestamp " + summary.timestamp() + " is in the future";
        }
        if (summary.finishedAt().isBefore(summary.startedAt())) {
            return "finished_at " + summary.finishedAt() + " is before started_at " + summary.startedAt();
        }
        if (!Double.isFinite(summary.processingTimeSeconds()) || summary.processingTimeSeconds() < 0) {
            return "processing_time_seconds " + summary.processingTimeSeconds() + " is not a duration";
        }
        return null;
    }

    @Nullable
    private static String countsProblem(RunSummary s) {
        if (s.totalProcessed() < 0 || s.successful() < 0 || s.failed() < 0 || s.sorted() < 0
                || s.lowConfidence() < 0 || s.rejected() < 0 || s.leftInIncoming() < 0) {
            return "counts must not be negative";
        }
        if ((long) s.successful() + s.failed() != s.totalProcessed()) {
            return "successful " + s.successful() + " + failed " + s.failed() + " is not total_processed "
                    + s.totalProcessed();
        }
        if ((long) s.sorted() + s.lowConfidence() != s.successful()) {
            return "sorted " + s.sorted() + " + low_confidence " + s.lowConfidence() + " is not successful "
                    + s.successful();
        }
        if ((long) s.rejected() + s.leftInIncoming() != s.failed()) {
            return "rejected " + s.rejected() + " + left_in_incoming " + s.leftInIncoming() + " is not failed "
                    + s.failed();
        }
        if (!Double.isFinite(s.successRate()) || s.successRate() < 0 || s.successRate() > 100) {
            return "success_rate " + s.successRate() + " is not a percentage";
        }
        double expectedRate = s.totalProcessed() == 0 ? 100.0 : 100.0 * s.successful() / s.totalProcessed();
        if (Math.abs(s.successRate() - expectedRate) > 0.1) {
            return "success_rate " + s.successRate() + " does not match " + s.successful() + " of "
                    + s.totalProcessed();
        }
        if (s.categories() != null) {
            long inCategories = 0;
            for (Map.Entry<String, Integer> category : s.categories().entrySet()) {
                if (category.getValue() == null || category.getValue() < 0) {
                    return "category " + category.getKey() + " has a negative count";
                }
                inCategories += category.getValue();
            }
            if (inCategories > s.successful()) {
                return "categories count " + inCategories + " photos, more than the " + s.successful() + " sorted";
            }
        }
        RunSummary.ConfidenceDistribution bands = s.confidenceDistribution();
        if (bands != null) {
            if (bands.high() < 0 || bands.medium() < 0 || bands.low() < 0) {
                return "confidence bands must not be negative";
            }
            if ((long) bands.high() + bands.medium() + bands.low() > s.totalProcessed()) {
                return "confidence bands count more photos than total_processed " + s.totalProcessed();
            }
        }
        RunSummary.ReportPaths own = RunSummary.ReportPaths.forRun(s.runId());
        if (s.reports() != null && !(s.reports().equals(own) || s.reports().itemsJsonl() == null
                && s.reports().equals(new RunSummary.ReportPaths(own.resultsCsv(), own.summaryJson(), own.reportHtml(), null)))) {
            return "report paths " + s.reports() + " are not the run's own (reports/" + s.runId() + "/…)";
        }
        return null;
    }
}
