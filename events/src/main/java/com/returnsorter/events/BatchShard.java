package com.returnsorter.events;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The message on topic {@value Topics#BATCH_SHARD}: {@code {"runId", "shard"}}, one slice of a run's
 * listing of {@code incoming/}. The slice's keys are not in the message: the run wrote them, before
 * publishing, into the shard's own state object ({@code state/runs/<runId>_s<shard>.json}), so every
 * delivery of the message works the same keys, and a delivery of a shard that is journaled already
 * changes nothing.
 */
@Serdeable
public record BatchShard(
        @NotNull @Pattern(regexp = RunIds.PATTERN, message = "must look like 20260102_020000_ab12cd") String runId,
        @PositiveOrZero int shard) {
}
