package com.returnsorter.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import java.time.Instant;

/**
 * The message on topic {@value Topics#BATCH_TRIGGER}:
 * {@code {"reason": "scheduled"|"manual"|"continuation", "requestedAt", "maxItems"?, "dryRun"?, "runId"?}}.
 *
 * <p>{@code runId} is absent on a scheduled trigger (the run id then comes from the message's
 * publish time and id, so a redelivery maps to the same run) and present on a continuation and on
 * a run started through {@code POST /runs}, which names its run before publishing.
 *
 * @param maxItems at most this many photos are handled by the run; the rest stay in {@code incoming/}
 * @param dryRun   classify and report, but move nothing
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchTrigger(
        @NotNull TriggerReason reason,
        @Nullable Instant requestedAt,
        @Nullable @Positive @Max(1_000_000) Integer maxItems,
        @Nullable Boolean dryRun,
        @Nullable @Pattern(regexp = RunIds.PATTERN, message = "must look like 20260102_020000_ab12cd") String runId) {

    public static BatchTrigger scheduled(Instant requestedAt) {
        return new BatchTrigger(TriggerReason.SCHEDULED, requestedAt, null, null, null);
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** The message that continues {@code runId} in a new push request; options are kept in the run's state. */
    public static BatchTrigger continuation(String runId, Instant requestedAt) {
        return new BatchTrigger(TriggerReason.CONTINUATION, requestedAt, null, null, runId);
    }
}
