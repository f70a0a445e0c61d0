package com.returnsorter.report.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health-report}: how the nightly sort is doing, for a person or a monitoring probe.
 *
 * @param status             {@code healthy}, {@code degraded} (look at it today), {@code unhealthy} (act now)
 *                           or {@code unknown} (no run recorded yet)
 * @param reasons            why the status is not healthy; empty when it is
 * @param hoursSinceLastRun  hours since the last real run finished; null when there is none
 * @param last7Days          real runs started in the last 7 days
 * @param failedRunsLast30Days real runs with status {@code failed} in the last 30 days
 * @param openAlerts         unresolved alerts per severity (at most the 500 newest are counted)
 */
@Serdeable
public record HealthReport(
        String status,
        List<String> reasons,
        Instant checkedAt,
        @Nullable LastRun lastRun,
        @Nullable Double hoursSinceLastRun,
        Period last7Days,
        int failedRunsLast30Days,
        Map<String, Integer> openAlerts,
        Instant nextScheduledRun,
        String schedule,
        String timeZone) {

    @Serdeable
    public record LastRun(String runId, String status, Instant startedAt, Instant finishedAt, int totalImages,
                          double successRate) {
    }

    /**
     * @param successRate successful / images × 100 over the period; null when there were no images
     */
    @Serdeable
    public record Period(int runs, int images, int successful, @Nullable Double successRate) {
    }
}
