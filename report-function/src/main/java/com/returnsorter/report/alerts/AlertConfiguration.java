package com.returnsorter.report.alerts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Thresholds of the alert rules ({@code alerts.*}, DESIGN.md).
 *
 * <p>The quality alarms' thresholds ({@code low-confidence-share} and after) have their one default in
 * {@code application.yml}.
 *
 * <p>Durations have their defaults in {@code application.yml} only: with a {@code @Bindable} default,
 * Micronaut would bind a value it cannot convert ({@code 15 minutes}) to the default without a word;
 * without one the service stops at start (docs/operations.md, fail fast).
 *
 * @param errorRate          {@code high-error-rate} when failed / total is above this fraction
 * @param lowConfidenceItems {@code low-confidence} when more photos than this went to review
 * @param slowRun            {@code slow-run} when a run took longer
 * @param missedRunAfter     {@code missed-run} when no real run finished within this window
 * @param reviewBacklogDays  {@code review-backlog} when a photo has waited in {@code review/} longer than this many days
 * @param channelLease       a channel claimed by a delivery that never recorded a result is sent again after this
 * @param lowConfidenceShare {@code low-confidence-share} when more than this fraction of a run's classified photos
 *                           is below the run's own review threshold
 * @param categoryDriftPsi   {@code category-drift} when the population stability index of the run's category mix
 *                           against the trailing runs is above this (docs/quality.md)
 * @param categoryDriftRuns  how many earlier real runs make the baseline of {@code category-drift}
 * @param categoryDriftMinPhotos {@code category-drift} only judges runs with at least this many classified photos
 *                           (below it the mix of one night is mostly chance)
 * @param liveAccuracyFloor  {@code live-accuracy-drop} when the ISO week's live accuracy is below this fraction
 * @param liveAccuracyMinDecisions ... and at least this many decisions of that week count
 */
@ConfigurationProperties(AlertConfiguration.PREFIX)
public record AlertConfiguration(
        @Bindable(defaultValue = "0.10") @DecimalMin("0.0") @DecimalMax("1.0") double errorRate,
        @Bindable(defaultValue = "50") @Min(0) int lowConfidenceItems,
        @NotNull Duration slowRun,
        @NotNull Duration missedRunAfter,
        @Bindable(defaultValue = "3") @Min(1) int reviewBacklogDays,
        @NotNull Duration channelLease,
        @DecimalMin("0.0") @DecimalMax("1.0") double lowConfidenceShare,
        @DecimalMin("0.0") double categoryDriftPsi,
        @Min(1) int categoryDriftRuns,
        @Min(1) int categoryDriftMinPhotos,
        @DecimalMin("0.0") @DecimalMax("1.0") double liveAccuracyFloor,
        @Min(1) int liveAccuracyMinDecisions) {

    public static final String PREFIX = "alerts";
}
