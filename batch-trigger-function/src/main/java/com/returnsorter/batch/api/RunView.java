package com.returnsorter.batch.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.returnsorter.events.RunSummary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * A run as {@code GET /runs/{runId}} shows it: its phase and progress while it runs, and the
 * summary once it has finished.
 *
 * @param phase  {@code queued}, {@code running} or {@code finished}
 * @param status {@code success}, {@code partial} or {@code failed} once finished
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        String runId,
        String phase,
        @Nullable String status,
        String trigger,
        boolean dryRun,
        @Nullable Integer maxItems,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Progress progress,
        int deliveries,
        @Nullable String errorMessage,
        List<String> timeline,
        @Nullable RunSummary.ReportPaths reports,
        @Nullable RunSummary summary) {

    /**
     * @param listed     photos found in {@code incoming/} when the run started (up to {@code maxItems})
     * @param classified photos the predict function answered for
     * @param moved      photos moved out of {@code incoming/}
     * @param failed     rejected photos plus photos left in {@code incoming/} after transient errors
     * @param remaining  listed photos not handled yet
     * @param shards     for a run split into shards: how many it has published so far (all, once it is
     *                   {@code sharded}); absent for a run worked in one piece
     * @param shardsDone for a sharded run: shards journaled (their photos are in the other counts)
     */
    @Serdeable
    public record Progress(int listed, int classified, int moved, int failed, int remaining, int sorted, int review,
                           int rejected, int leftInIncoming, @Nullable Integer shards, @Nullable Integer shardsDone) {
    }
}
