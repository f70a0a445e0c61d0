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
 */
@ConfigurationProperties(AlertConfiguration.PREFIX)
public record AlertConfiguration(
        @Bindable(defaultValue = "0.10") @DecimalMin("0.0") @DecimalMax("1.0") double errorRate,
        @Bindable(defaultValue = "50") @Min(0) int lowConfidenceItems,
        @NotNull Duration slowRun,
        @NotNull Duration missedRunAfter,
        @Bindable(defaultValue = "3") @Min(1) int reviewBacklogDays,
        @NotNull Duration channelLease) {

    public static final String PREFIX = "alerts";
}
