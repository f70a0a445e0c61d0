package com.returnsorter.report.stats;

import com.returnsorter.events.RunStatus;
import com.returnsorter.report.ReportConfiguration;
import com.returnsorter.report.alerts.AlertConfiguration;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.HistoryStore;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.quality.Accuracy;
import com.returnsorter.report.quality.LiveAccuracy;
import com.returnsorter.report.quality.QualityReport;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The health report and the weekly report, computed from the history store's runs and alerts. */
@Singleton
public class RunStatistics {

    /** Open alerts counted for the health report; more than this many open alerts is a problem of its own. */
    static final int OPEN_ALERTS_COUNTED = 500;
    /** Below this 7-day success rate the health report says degraded. */
    static final double HEALTHY_SUCCESS_RATE = 90.0;

    private final HistoryStore history;
    private final Schedule schedule;
    private final AlertConfiguration alerts;
    private final ZoneId zone;
    private final Clock clock;
    private final LiveAccuracy liveAccuracy;

    public RunStatistics(HistoryStore history, Schedule schedule, AlertConfiguration alerts,
                         ReportConfiguration report, Clock clock, LiveAccuracy liveAccuracy) {
        this.liveAccuracy = liveAccuracy;
        this.history = history;
        this.schedule = schedule;
        this.alerts = alerts;
        this.zone = report.timeZone();
        this.clock = clock;
    }

    public HealthReport health() {
        Instant now = clock.instant();
        List<RunRecord> month = real(history.runsStartedSince(now.minus(Duration.ofDays(30))));
        List<RunRecord> week = month.stream().filter(r -> !r.startedAt().isBefore(now.minus(Duration.ofDays(7)))).toList();
        RunRecord last = history.lastFinishedRun().orElse(null);
        Map<String, Integer> open = new TreeMap<>();
        for (AlertRecord alert : history.alerts(new HistoryStore.AlertQuery(false, null, null, OPEN_ALERTS_COUNTED))) {
            open.merge(alert.severity().wireName(), 1, Integer::sum);
        }
        HealthReport.Period period = period(week);
        int failedRuns = (int) month.stream().filter(r -> r.status() == RunStatus.FAILED).count();

        List<String> unhealthy = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (last != null) {
            if (last.status() == RunStatus.FAILED) {
                unhealthy.add("the last run failed: " + last.runId());
            }
            if (last.finishedAt().plus(alerts.missedRunAfter()).isBefore(now)) {
                unhealthy.add("no run finished in the last " + alerts.missedRunAfter().toHours() + " h");
            }
        }
        if (open.getOrDefault(Severity.CRITICAL.wireName(), 0) > 0) {
            unhealthy.add(open.get(Severity.CRITICAL.wireName()) + " open critical alert(s)");
        }
        if (open.getOrDefault(Severity.ERROR.wireName(), 0) > 0) {
            degraded.add(open.get(Severity.ERROR.wireName()) + " open error alert(s)");
        }
        if (period.successRate() != null && period.successRate() < HEALTHY_SUCCESS_RATE) {
            degraded.add(String.format(java.util.Locale.ROOT, "7-day success rate %.1f %% is below %.0f %%",
                    period.successRate(), HEALTHY_SUCCESS_RATE));
        }
        if (failedRuns > 0) {
            degraded.add(failedRuns + " failed run(s) in the last 30 days");
        }
        String status;
        List<String> reasons = new ArrayList<>(unhealthy);
        if (!unhealthy.isEmpty()) {
            status = "unhealthy";
            reasons.addAll(degraded);
        } else if (!degraded.isEmpty()) {
            status = "degraded";
            reasons.addAll(degraded);
        } else if (last == null) {
            status = "unknown";
            reasons.add("no run recorded yet");
        } else {
            status = "healthy";
        }
        return new HealthReport(status, reasons, now,
                last == null ? null : new HealthReport.LastRun(last.runId(), last.status().wireName(),
                        last.startedAt(), last.finishedAt(), last.totalImages(), last.successRate()),
                last == null ? null : round(Duration.between(last.finishedAt(), now).toSeconds() / 3600.0),
                period, failedRuns, open, schedule.nextAfter(now), schedule.expression(), zone.getId());
    }

    /** The seven days ending {@code lastDay} (inclusive, in the report's zone), against the seven before. */
    public WeeklyReport weekly(LocalDate lastDay) {
        LocalDate from = lastDay.minusDays(6);
        LocalDate previousFrom = from.minusDays(7);
        List<RunRecord> runs = real(history.runsStartedSince(previousFrom.atStartOfDay(zone).toInstant()));
        List<RunRecord> thisWeek = within(runs, from, lastDay);
        List<RunRecord> lastWeek = within(runs, previousFrom, from.minusDays(1));

        List<WeeklyReport.Day> daily = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(lastDay); day = day.plusDays(1)) {
            WeeklyReport.Totals totals = totals(within(runs, day, day));
            daily.add(new WeeklyReport.Day(day, totals.runs(), totals.images(), totals.successful(), totals.failed(),
                    totals.lowConfidence(), totals.successRate()));
        }
        Map<String, Integer> categories = new TreeMap<>();
        thisWeek.forEach(run -> run.categories().forEach((name, count) -> categories.merge(name, count, Integer::sum)));
        Map<String, Integer> mostFirst = new LinkedHashMap<>();
        categories.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEachOrdered(e -> mostFirst.put(e.getKey(), e.getValue()));

        WeeklyReport.Totals now = totals(thisWeek);
        WeeklyReport.Totals before = totals(lastWeek);
        WeeklyReport.Change change = new WeeklyReport.Change(now.runs() - before.runs(),
                percentChange(now.images(), before.images()),
                now.successRate() == null || before.successRate() == null ? null
                        : round(now.successRate() - before.successRate()),
                percentChange(now.lowConfidence(), before.lowConfidence()));
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
        QualityReport quality = liveAccuracy.between(start, end, 7);
        Accuracy previousQuality = liveAccuracy.between(previousFrom.atStartOfDay(zone).toInstant(), start, 7).overall();
        return new WeeklyReport(from, lastDay, zone.getId(), now, daily, mostFirst, before, change, quality,
                previousQuality);
    }

    /** Today in the report's zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    private List<RunRecord> within(List<RunRecord> runs, LocalDate first, LocalDate last) {
        return runs.stream().filter(run -> {
            LocalDate day = LocalDate.ofInstant(run.startedAt(), zone);
            return !day.isBefore(first) && !day.isAfter(last);
        }).toList();
    }

    private static List<RunRecord> real(List<RunRecord> runs) {
        return runs.stream().filter(run -> !run.dryRun()).toList();
    }

    private static HealthReport.Period period(List<RunRecord> runs) {
        WeeklyReport.Totals totals = totals(runs);
        return new HealthReport.Period(totals.runs(), totals.images(), totals.successful(), totals.successRate());
    }

    private static WeeklyReport.Totals totals(List<RunRecord> runs) {
        int images = 0;
        int successful = 0;
        int failed = 0;
        int low = 0;
        int rejected = 0;
        int failedRuns = 0;
        double seconds = 0;
        for (RunRecord run : runs) {
            images += run.totalImages();
            successful += run.successful();
            failed += run.failed();
            low += run.lowConfidence();
            rejected += run.rejected();
            seconds += run.durationSeconds();
            failedRuns += run.status() == RunStatus.FAILED ? 1 : 0;
        }
        return new WeeklyReport.Totals(runs.size(), failedRuns, images, successful, failed, low, rejected,
                images == 0 ? null : round(100.0 * successful / images),
                runs.isEmpty() ? null : round(seconds / runs.size()));
    }

    private static Double percentChange(int now, int before) {
        return before == 0 ? null : round(100.0 * (now - before) / before);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
