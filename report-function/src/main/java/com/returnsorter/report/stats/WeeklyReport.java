package com.returnsorter.report.stats;

import com.returnsorter.report.quality.Accuracy;
import com.returnsorter.report.quality.QualityReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /reports/weekly}: the seven days ending {@code to} (inclusive) against the seven before.
 *
 * @param daily      one entry per day, oldest first, days without a run included
 * @param categories successful photos per category over the week, most first
 * @param change     this week against the previous one
 * @param liveAccuracy          the reviewers' decisions of the seven days (docs/quality.md), as {@code GET /quality}
 * @param previousLiveAccuracy  the same of the seven days before, overall only
 */
@Serdeable
public record WeeklyReport(
        LocalDate from,
        LocalDate to,
        String timeZone,
        Totals totals,
        List<Day> daily,
        Map<String, Integer> categories,
        Totals previousWeek,
        Change change,
        QualityReport liveAccuracy,
        Accuracy previousLiveAccuracy) {

    /**
     * Real runs (not dry runs) started in a period.
     *
     * @param successRate successful / images × 100; null when there were no images
     */
    @Serdeable
    public record Totals(int runs, int failedRuns, int images, int successful, int failed, int lowConfidence,
                         int rejected, @Nullable Double successRate, @Nullable Double averageDurationSeconds) {
    }

    @Serdeable
    public record Day(LocalDate date, int runs, int images, int successful, int failed, int lowConfidence,
                      @Nullable Double successRate) {
    }

    /**
     * @param imagesPercent        change of the volume in percent; null when the previous week had none
     * @param successRatePoints    change of the success rate in percentage points; null when a week had no images
     * @param lowConfidencePercent change of the photos to review in percent; null when the previous week had none
     */
    @Serdeable
    public record Change(int runs, @Nullable Double imagesPercent, @Nullable Double successRatePoints,
                         @Nullable Double lowConfidencePercent) {
    }
}
