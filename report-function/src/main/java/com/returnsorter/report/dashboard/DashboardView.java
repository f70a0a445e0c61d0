package com.returnsorter.report.dashboard;

import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.quality.QualityReport;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What the dashboard shows.
 *
 * @param now              when the page is rendered
 * @param timeZone         the zone of every time and of the day buckets of the trends
 * @param days             how many days the trends cover (30)
 * @param runs             the runs of the last {@code days} days, newest first (dry runs included, marked)
 * @param alerts           recent alerts, newest first (open ones and the last resolved ones)
 * @param nextScheduledRun when the nightly job fires next; null when unknown
 * @param refresh          how often the page reloads itself
 * @param missedRunAfter   with no run finished for this long, the page asks for attention ({@code alerts.missed-run-after})
 * @param quality          live accuracy from the decisions of the same days; null to leave the section out
 */
public record DashboardView(
        Instant now,
        ZoneId timeZone,
        int days,
        List<RunRecord> runs,
        List<AlertRecord> alerts,
        @Nullable Instant nextScheduledRun,
        Duration refresh,
        Duration missedRunAfter,
        @Nullable QualityReport quality) {

    public DashboardView(Instant now, ZoneId timeZone, int days, List<RunRecord> runs, List<AlertRecord> alerts,
                         @Nullable Instant nextScheduledRun, Duration refresh, Duration missedRunAfter) {
        this(now, timeZone, days, runs, alerts, nextScheduledRun, refresh, missedRunAfter, null);
    }

    public DashboardView {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(timeZone, "timeZone");
        runs = List.copyOf(runs);
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(missedRunAfter, "missedRunAfter");
    }
}
