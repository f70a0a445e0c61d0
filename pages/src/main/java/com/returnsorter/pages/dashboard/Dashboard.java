package com.returnsorter.pages.dashboard;

import com.returnsorter.pages.Badge;
import com.returnsorter.pages.Figure;
import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Moment;
import com.returnsorter.pages.charts.BarChart;
import com.returnsorter.pages.charts.ColumnChart;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The model of {@code dashboard.jte}: the overall state, the last run, 30-day trends, category and
 * confidence distributions, recent alerts and recent runs — everything already worked out and formatted,
 * so the template only lays it out. Built by report-function's {@code DashboardPage}.
 *
 * @param layout        title, navigation (Dashboard current), reload interval
 * @param updated       when the page was rendered
 * @param zoneLabel     e.g. {@code CET}
 * @param reloadsEvery  e.g. {@code 5 min}; null when the page does not reload
 * @param header        the banner
 * @param noRuns        set when no run was recorded yet (the empty state); the sections below are then null
 * @param lastRun       the newest run
 * @param trends        the per-day charts; null when there are no runs
 * @param distributions categories and confidence; null when no real run is in the window
 * @param alerts        the recent alerts
 * @param runs          the recent runs; null when there are none
 * @param quality       live accuracy from the reviewers' decisions; null when not computed
 * @param footer        the closing line
 */
@Introspected
public record Dashboard(
        Layout layout,
        Moment updated,
        String zoneLabel,
        @Nullable String reloadsEvery,
        Header header,
        @Nullable NoRuns noRuns,
        @Nullable LastRun lastRun,
        @Nullable Trends trends,
        @Nullable Distributions distributions,
        Alerts alerts,
        @Nullable Runs runs,
        @Nullable Quality quality,
        String footer) {

    /** The same page without the live-accuracy section. */
    public Dashboard(Layout layout, Moment updated, String zoneLabel, @Nullable String reloadsEvery, Header header,
                     @Nullable NoRuns noRuns, @Nullable LastRun lastRun, @Nullable Trends trends,
                     @Nullable Distributions distributions, Alerts alerts, @Nullable Runs runs, String footer) {
        this(layout, updated, zoneLabel, reloadsEvery, header, noRuns, lastRun, trends, distributions, alerts, runs,
                null, footer);
    }

    /**
     * Live accuracy: how often reviewers kept the model's category (docs/quality.md).
     *
     * @param summary    e.g. "Last 30 days: the model was right on 41 of 60 reviewed photos (68.3 %, 95 % interval …)."
     * @param note       what is counted and what is left out
     * @param categories one row per category the model said; empty when nothing was reviewed
     * @param weeks      one row per ISO week, newest first
     * @param confusion  model said X, person said Y, most frequent first
     */
    @Introspected
    public record Quality(String summary, String note, List<QualityRow> categories, List<QualityRow> weeks,
                         List<ConfusionRow> confusion) {
    }

    /** One line of live accuracy: a category or a week, with the number of decisions behind it. */
    @Introspected
    public record QualityRow(String label, String reviewed, String accuracy, String interval) {
    }

    /** @param right whether the person kept the model's category (an approval) */
    @Introspected
    public record ConfusionRow(String model, String person, String count, boolean right) {
    }

    /**
     * The banner.
     *
     * @param level    the CSS class: {@code healthy}, {@code attention}, {@code failing}, {@code waiting}
     * @param icon     ✓, ! or ✕; null for the clock of {@code waiting}
     * @param lastRun  when the last run started; null for none yet
     * @param nextRun  when the next one is due; null when not known
     */
    @Introspected
    public record Header(String level, @Nullable String icon, String word, String headline, @Nullable String lead,
                         @Nullable Moment lastRun, @Nullable Moment nextRun, String openAlerts, Moment updated) {
    }

    /**
     * The empty state.
     *
     * @param nextRun  when the next run is due; null when not known
     * @param overdue  whether that time has passed
     */
    @Introspected
    public record NoRuns(@Nullable Moment nextRun, boolean overdue, String zoneLabel) {
    }

    @Introspected
    public record LastRun(String runId, String reportHref, String jsonHref, Badge status, boolean dryRun, Moment started,
                          Moment finished, String zoneLabel, String trigger, @Nullable String model, List<Figure> figures,
                          @Nullable String error, @Nullable String note) {
    }

    /**
     * The per-day charts.
     *
     * @param emptyNote set (and everything else empty) when no real run falls in the window
     * @param summary   e.g. "Last 30 days: 4 runs, 1,000 photos, 97.0% sorted or sent to review."
     * @param goodRate  a day at or above this rate is green
     * @param poorRate  a day below this rate is red
     * @param days      the days with runs, newest first, for the table of figures
     */
    @Introspected
    public record Trends(@Nullable String emptyNote, String summary, @Nullable ColumnChart success, int goodRate, int poorRate,
                         @Nullable ColumnChart volume, List<DayRow> days) {
    }

    @Introspected
    public record DayRow(String day, String runs, String images, String successful, String failed, String successRate) {
    }

    /**
     * @param categories null when no photo was classified in the window
     * @param confidence null when no confidence bands were recorded
     */
    @Introspected
    public record Distributions(int days, @Nullable BarChart categories, @Nullable BarChart confidence) {
    }

    /**
     * @param note e.g. "Showing the 10 newest of 23 alerts."; null when all are shown
     */
    @Introspected
    public record Alerts(int open, String openLabel, List<AlertRow> rows, @Nullable String note) {
    }

    /**
     * @param state     {@code resolved}, {@code info} (a run summary: nobody resolves it) or {@code open}
     * @param resolved  when it was resolved; null when not
     */
    @Introspected
    public record AlertRow(Badge severity, String subject, @Nullable String message, String rule, @Nullable Moment created,
                           @Nullable String runId, @Nullable String runHref, String state, @Nullable Moment resolved,
                           @Nullable String resolvedBy, List<Channel> channels) {
    }

    /** A channel's delivery: {@code state} is its CSS class and word, {@code title} the detail on hover. */
    @Introspected
    public record Channel(String state, String icon, String name, String title) {
    }

    @Introspected
    public record Runs(List<RunRow> rows, @Nullable String note) {
    }

    @Introspected
    public record RunRow(String runId, String href, boolean dryRun, Moment started, String trigger, Badge status,
                         String photos, String successRate, String failed, String toReview, String duration) {
    }
}
