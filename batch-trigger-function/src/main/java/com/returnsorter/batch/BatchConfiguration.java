package com.returnsorter.batch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * How the nightly sort runs ({@code batch.*} in {@code application.yml}, each overridable by the
 * environment variable named there).
 *
 * @param timeBudget                  how long one push request works before handing the rest of the run to a
 *                                    continuation message; below Pub/Sub's 600 s ack deadline
 * @param leaseMargin                 added to the budget for the lease on a run: a delivery that finds the lease
 *                                    of another live delivery nacks; one that finds it expired takes the run over
 * @param concurrency                 photos classified and moved at once
 * @param chunkSize                   photos listed, handled and journaled together; a crash repeats at most one chunk
 * @param shardSize                   a run that finds more photos than this in {@code incoming/} is split into shards
 *                                    of this many, published to {@code batch-shard} and worked on any instance
 * @param reviewThreshold             below this confidence a photo goes to {@code review/<Category>/}
 * @param maxConsecutiveFailures      this many photos in a row failing transiently (after retries) fail the run fast
 * @param predictReadyTimeout         how long the run waits for the predict function's {@code /health} before failing
 * @param reportRows                  rows of the review and of the error table in {@code report.html}
 *                                    (every photo is in {@code results.csv})
 * @param reportTimeZone              the time zone of the times in {@code report.html} (the morning shift's)
 * @param apiKeys                     {@code name:key} entries accepted on {@code POST /runs}; none means open (local mode)
 *
 * <p>Durations have their defaults in {@code application.yml} only: with a {@code @Bindable} default,
 * Micronaut would bind a value it cannot convert ({@code 15 minutes}) to the default without a word;
 * without one the service stops at start (docs/operations.md, fail fast).
 */
@ConfigurationProperties(BatchConfiguration.PREFIX)
public record BatchConfiguration(
        @NotNull Duration timeBudget,
        @NotNull Duration leaseMargin,
        @Bindable(defaultValue = "8") @Min(1) @Max(64) int concurrency,
        @Bindable(defaultValue = "50") @Min(1) @Max(1000) int chunkSize,
        @Min(1) @Max(10000) int shardSize,
        @Bindable(defaultValue = "0.70") @DecimalMin("0.0") @DecimalMax("1.0") double reviewThreshold,
        @Bindable(defaultValue = "10") @Min(1) int maxConsecutiveFailures,
        @NotNull Duration predictReadyTimeout,
        @Bindable(defaultValue = "500") @Min(0) int reportRows,
        @Bindable(defaultValue = "UTC") @NotNull ZoneId reportTimeZone,
        @Bindable(defaultValue = "") List<String> apiKeys) {

    public static final String PREFIX = "batch";
}
