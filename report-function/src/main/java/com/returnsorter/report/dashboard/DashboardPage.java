package com.returnsorter.report.dashboard;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.RunStatus;
import com.returnsorter.pages.Badge;
import com.returnsorter.pages.Figure;
import com.returnsorter.pages.Format;
import com.returnsorter.pages.Layout;
import com.returnsorter.pages.Moment;
import com.returnsorter.pages.Nav;
import com.returnsorter.pages.charts.BarChart;
import com.returnsorter.pages.charts.BarChart.Bar;
import com.returnsorter.pages.charts.ColumnChart;
import com.returnsorter.pages.charts.ColumnChart.Axis;
import com.returnsorter.pages.charts.ColumnChart.Column;
import com.returnsorter.pages.charts.ColumnChart.Segment;
import com.returnsorter.pages.dashboard.Dashboard;
import com.returnsorter.pages.runs.RunList;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

import static com.returnsorter.pages.Format.count;
import static com.returnsorter.pages.Format.percent;

/**
 * Works out what the dashboard shows — the overall state, the last run, 30-day trends, category and
 * confidence distributions, recent alerts and recent runs — as the model {@link Dashboard} of the
 * {@code dashboard} template (module pages, docs/pages.md).
 *
 * <p>The page loads nothing (inline CSS and SVG under a Content-Security-Policy), reloads itself, and links
 * relatively ({@code runs/<runId>/report}, {@code runs/<runId>}), so it is served from the service's root.
 */
public final class DashboardPage {

    /** The template. */
    public static final String VIEW = "dashboard";
    /** Rows of the recent-runs table. */
    static final int MAX_RUNS = 15;
    /** Rows of the alerts table. */
    static final int MAX_ALERTS = 10;
    /** A day at or above this success rate is green: the default high-error-rate rule alerts above 10 % failed. */
    static final int GOOD_RATE = 90;
    static final int POOR_RATE = 50;

    private static final int MAX_CATEGORY_BARS = 12;
    private static final int MAX_MESSAGE = 180;

    private DashboardPage() {
    }

    /** The model of the whole page. */
    public static Dashboard model(DashboardView view) {
        return new Builder(view).build();
    }

    /** The model of {@code GET /runs} in a browser: the runs of the last {@code days} days, newest first. */
    public static RunList runList(List<RunRecord> runs, int days, ZoneId zone, Instant now) {
        List<RunRecord> newestFirst = runs.stream().sorted(Comparator.comparing(RunRecord::startedAt).reversed()).toList();
        String summary = (newestFirst.size() == 1 ? "1 run" : count(newestFirst.size()) + " runs") + " in the last " + days
                + " days, newest first. Times in " + zoneLabel(zone, now) + ".";
        return new RunList(Layout.page("Runs", Nav.RUNS), days, summary, runRows(newestFirst, zone),
                "runs?days=" + days + "&format=csv");
    }

    /** A row of the runs table per run, in the order given. */
    static List<Dashboard.RunRow> runRows(List<RunRecord> runs, ZoneId zone) {
        DateTimeFormatter shortDateTime = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.ENGLISH).withZone(zone);
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        return runs.stream()
                .map(run -> new Dashboard.RunRow(run.runId(), reportHref(run.runId()), run.dryRun(),
                        new Moment(iso.format(run.startedAt().truncatedTo(ChronoUnit.SECONDS)), shortDateTime.format(run.startedAt())),
                        run.trigger(), statusBadge(run.status()), count(run.totalImages()), percent(run.successRate()),
                        count(run.failed()), count(run.lowConfidence()), Format.duration(run.durationSeconds())))
                .toList();
    }

    private static Badge statusBadge(RunStatus status) {
        return switch (status) {
            case SUCCESS -> new Badge("success", "✓", "Success");
            case PARTIAL -> new Badge("partial", "!", "Partial");
            case FAILED -> new Badge("failed", "✕", "Failed");
        };
    }

    private static String reportHref(String runId) {
        return "runs/" + Format.pathSegment(runId) + "/report";
    }

    /** Summer or winter time as of {@code now}, e.g. CEST rather than CET. */
    private static String zoneLabel(ZoneId zone, Instant now) {
        return zone.normalized().equals(ZoneOffset.UTC)
                ? "UTC" : DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).withZone(zone).format(now);
    }

    private static final class Builder {

        private final DashboardView view;
        private final List<RunRecord> runs;
        @Nullable
        private final RunRecord last;
        private final DailyTrend trend;
        private final List<AlertRecord> openAlerts;
        private final Health health;
        private final DateTimeFormatter dateTime;
        private final DateTimeFormatter shortDateTime;
        private final DateTimeFormatter shortDay;
        private final DateTimeFormatter time;
        private final DateTimeFormatter day;
        private final DateTimeFormatter longDay;
        private final DateTimeFormatter iso;
        private final String zoneLabel;

        Builder(DashboardView view) {
            this.view = view;
            ZoneId zone = view.timeZone();
            this.runs = view.runs().stream().sorted(Comparator.comparing(RunRecord::startedAt).reversed()).toList();
            this.last = runs.isEmpty() ? null : runs.get(0);
            this.trend = DailyTrend.of(runs, zone, view.now().atZone(zone).toLocalDate(), view.days());
            this.openAlerts = Health.open(view.alerts());
            this.health = Health.of(last, openAlerts, view.now(), view.missedRunAfter());
            this.dateTime = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(zone);
            this.shortDateTime = DateTimeFormatter.ofPattern("d MMM, HH:mm", Locale.ENGLISH).withZone(zone);
            this.shortDay = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH).withZone(zone);
            this.time = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(zone);
            this.day = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
            this.longDay = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
            this.iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
            this.zoneLabel = zoneLabel(zone, view.now());
        }

        Dashboard build() {
            Layout layout = Layout.page(health.level().word() + " · Dashboard", Nav.DASHBOARD).withRefresh(view.refresh());
            String reloads = view.refresh().toSeconds() > 0 ? Format.span(view.refresh()) : null;
            boolean none = runs.isEmpty();
            return new Dashboard(layout, moment(view.now(), time), zoneLabel, reloads, header(),
                    none ? noRuns() : null,
                    none ? null : lastRun(last),
                    none ? null : trends(),
                    none || trend.runs().isEmpty() ? null : distributions(),
                    alerts(),
                    none ? null : recentRuns(),
                    view.quality() == null ? null : QualitySection.of(view.quality()),
                    "Times in " + zoneLabel + " (" + view.timeZone().getId() + "). Trends and distributions cover the last "
                            + trend.days().size() + " days and leave out dry runs. Return Sorter · report-function");
        }

        private Dashboard.Header header() {
            Health.Level level = health.level();
            String icon = switch (level) {
                case HEALTHY -> "✓";
                case ATTENTION -> "!";
                case FAILING -> "✕";
                case WAITING -> null;
            };
            Instant next = view.nextScheduledRun();
            return new Dashboard.Header(level.cssClass(), icon, level.word(), health.headline(),
                    health.reasons().isEmpty() ? null : String.join(" ", health.reasons()),
                    last == null ? null : relative(last.startedAt(), shortDay),
                    next == null ? null : relative(next, shortDay),
                    count(openAlerts.size()), moment(view.now(), shortDay));
        }

        private Dashboard.NoRuns noRuns() {
            Instant next = view.nextScheduledRun();
            return new Dashboard.NoRuns(next == null ? null : relative(next, dateTime),
                    next != null && next.isBefore(view.now()), zoneLabel);
        }

        private Dashboard.LastRun lastRun(RunRecord run) {
            List<Figure> figures = List.of(
                    new Figure("", "Photos", count(run.totalImages())),
                    new Figure("rate", "Success rate", percent(run.successRate())),
                    new Figure("failed", "Failed", count(run.failed())),
                    new Figure("review", "To review", count(run.lowConfidence())),
                    new Figure("", "Duration", Format.duration(run.durationSeconds())));
            return new Dashboard.LastRun(run.runId(), reportHref(run.runId()), "runs/" + Format.pathSegment(run.runId()),
                    statusBadge(run.status()), run.dryRun(), moment(run.startedAt(), dateTime), moment(run.finishedAt(), time),
                    zoneLabel, run.trigger(),
                    run.model() == null ? null : run.model().name() + " " + run.model().version(), figures,
                    blankToNull(run.errorMessage()), blankToNull(run.itemsNote()));
        }

        private Dashboard.Trends trends() {
            int days = trend.days().size();
            if (trend.runs().isEmpty()) {
                return new Dashboard.Trends("No run in the last " + days + " days counts towards the trends (dry runs are left out).",
                        "", null, GOOD_RATE, POOR_RATE, null, List.of());
            }
            OptionalDouble overall = trend.successRate();
            String summary = "Last " + days + " days: " + count(trend.runs().size())
                    + (trend.runs().size() == 1 ? " run, " : " runs, ") + count(trend.images()) + " photos"
                    + (overall.isPresent() ? ", " + percent(overall.getAsDouble()) + " sorted or sent to review" : "")
                    + ". Several runs on one day count by their photos; dry runs are left out.";
            ColumnChart success = ColumnChart.of("Success rate per day over the last " + days + " days", successColumns(),
                    new Axis(100, 25, v -> String.format(Locale.ROOT, "%.0f%%", v)));
            int busiest = trend.days().stream().mapToInt(DailyTrend.Day::images).max().orElse(0);
            double step = ColumnChart.niceStep(Math.max(busiest, 4), 4);
            ColumnChart volume = ColumnChart.of("Photos per day over the last " + days + " days", volumeColumns(),
                    new Axis(step * Math.max(1, Math.ceil(busiest / step)), step, v -> count(Math.round(v))));
            List<Dashboard.DayRow> rows = new ArrayList<>();
            for (int i = trend.days().size() - 1; i >= 0; i--) {
                DailyTrend.Day d = trend.days().get(i);
                if (d.hasRuns()) {
                    rows.add(new Dashboard.DayRow(d.date().format(longDay), count(d.runs()), count(d.images()),
                            count(d.successful()), count(d.failed()),
                            d.successRate().isPresent() ? percent(d.successRate().getAsDouble()) : "—"));
                }
            }
            return new Dashboard.Trends(null, summary, success, GOOD_RATE, POOR_RATE, volume, rows);
        }

        private List<Column> successColumns() {
            return trend.days().stream().map(d -> {
                String label = d.date().format(day);
                String when = d.date().format(longDay) + ": ";
                if (!d.hasRuns()) {
                    return new Column(label, null, "", when + "no run");
                }
                OptionalDouble rate = d.successRate();
                if (rate.isEmpty()) {
                    return new Column(label, List.of(), "–", when + runs(d.runs()) + ", no photos");
                }
                double r = rate.getAsDouble();
                String kind = r >= GOOD_RATE ? "good" : r >= POOR_RATE ? "warn" : "bad";
                // Rounded down, so a day that lost a photo never reads as 100.
                return new Column(label, List.of(new Segment(r, kind)), String.valueOf((int) Math.floor(r)),
                        when + percent(r) + " of " + count(d.images()) + " photos sorted or sent to review ("
                                + runs(d.runs()) + ")");
            }).toList();
        }

        private List<Column> volumeColumns() {
            return trend.days().stream().map(d -> {
                String label = d.date().format(day);
                String when = d.date().format(longDay) + ": ";
                if (!d.hasRuns()) {
                    return new Column(label, null, "", when + "no run");
                }
                return new Column(label, List.of(new Segment(d.successful(), "ok"), new Segment(d.failed(), "lost")),
                        count(d.images()), when + count(d.images()) + " photos, " + count(d.successful())
                        + " sorted or to review, " + count(d.failed()) + " failed (" + runs(d.runs()) + ")");
            }).toList();
        }

        private Dashboard.Distributions distributions() {
            Map<String, Integer> categories = new TreeMap<>();
            int high = 0;
            int medium = 0;
            int low = 0;
            java.util.Set<Double> thresholds = new java.util.TreeSet<>();
            for (RunRecord run : trend.runs()) {
                thresholds.add(run.confidence().threshold());
                run.categories().forEach((name, n) -> categories.merge(name, n == null ? 0 : n, Integer::sum));
                high += run.confidence().high();
                medium += run.confidence().medium();
                low += run.confidence().low();
            }
            int days = trend.days().size();
            List<Bar> bars = categoryBars(categories);
            long categorised = bars.stream().mapToLong(Bar::count).sum();
            BarChart categoryChart = categorised == 0 ? null
                    : BarChart.of("Classified photos by category over the last " + days + " days", bars, categorised);
            int classified = high + medium + low;
            BarChart confidenceChart = null;
            if (classified > 0) {
                // The threshold the runs used; runs with different thresholds each counted at their own.
                String threshold = thresholds.size() == 1
                        ? String.format(Locale.ROOT, "%.0f", thresholds.iterator().next() * 100) : null;
                String sure = String.format(Locale.ROOT, "%.0f", ConfidenceBands.HIGH * 100);
                confidenceChart = BarChart.of("Classified photos by confidence band over the last " + days + " days", List.of(
                        new Bar("High >" + sure + "%", high, "high"),
                        new Bar(threshold != null ? "Medium " + threshold + "–" + sure + "%"
                                : "Medium review threshold–" + sure + "%", medium, "medium"),
                        new Bar(threshold != null ? "Low <" + threshold + "%" : "Low <review threshold", low, "low")),
                        classified);
            }
            return new Dashboard.Distributions(days, categoryChart, confidenceChart);
        }

        private static List<Bar> categoryBars(Map<String, Integer> categories) {
            List<Map.Entry<String, Integer>> entries = new ArrayList<>(categories.entrySet());
            entries.removeIf(e -> e.getValue() <= 0);
            entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            if (entries.size() <= MAX_CATEGORY_BARS) {
                return entries.stream().map(e -> new Bar(e.getKey(), e.getValue(), "category")).toList();
            }
            List<Bar> bars = new ArrayList<>(entries.subList(0, MAX_CATEGORY_BARS - 1).stream()
                    .map(e -> new Bar(e.getKey(), e.getValue(), "category")).toList());
            List<Map.Entry<String, Integer>> rest = entries.subList(MAX_CATEGORY_BARS - 1, entries.size());
            bars.add(new Bar(rest.size() + " other categories", rest.stream().mapToInt(Map.Entry::getValue).sum(), "other"));
            return bars;
        }

        private Dashboard.Alerts alerts() {
            List<AlertRecord> alerts = view.alerts();
            List<Dashboard.AlertRow> rows = new ArrayList<>();
            for (AlertRecord alert : alerts.subList(0, Math.min(MAX_ALERTS, alerts.size()))) {
                String severity = alert.severity().wireName();
                String state = alert.resolved() ? "resolved" : alert.severity() == Severity.INFO ? "info" : "open";
                rows.add(new Dashboard.AlertRow(new Badge(severity.toLowerCase(Locale.ROOT), null, severity), alert.subject(),
                        alert.message() == null || alert.message().isBlank() ? null : Format.truncate(alert.message(), MAX_MESSAGE),
                        alert.rule(), alert.createdAt() == null ? null : moment(alert.createdAt(), shortDateTime),
                        alert.runId(), alert.runId() == null ? null : reportHref(alert.runId()), state,
                        alert.resolved() && alert.resolvedAt() != null ? moment(alert.resolvedAt(), shortDateTime) : null,
                        alert.resolved() ? alert.resolvedBy() : null, channels(alert)));
            }
            String note = alerts.size() > MAX_ALERTS
                    ? "Showing the " + MAX_ALERTS + " newest of " + count(alerts.size()) + " alerts." : null;
            return new Dashboard.Alerts(openAlerts.size(), count(openAlerts.size()) + " open", rows, note);
        }

        private static List<Dashboard.Channel> channels(AlertRecord alert) {
            List<Dashboard.Channel> channels = new ArrayList<>();
            alert.channels().forEach((name, delivery) -> {
                ChannelDelivery.State state = delivery.state() == null ? ChannelDelivery.State.PENDING : delivery.state();
                String icon = switch (state) {
                    case DELIVERED -> "✓";
                    case FAILED, REFUSED -> "✕";
                    case PENDING, SENDING -> "…";
                };
                String detail = delivery.error() != null ? delivery.error()
                        : delivery.target() != null ? delivery.target() : state.wireName();
                channels.add(new Dashboard.Channel(state.wireName(), icon, name,
                        detail + " (" + delivery.attempts() + (delivery.attempts() == 1 ? " attempt)" : " attempts)")));
            });
            return channels;
        }

        private Dashboard.Runs recentRuns() {
            String note = runs.size() > MAX_RUNS ? "Showing the " + MAX_RUNS + " newest of " + count(runs.size()) + " runs." : null;
            return new Dashboard.Runs(runRows(runs.subList(0, Math.min(MAX_RUNS, runs.size())), view.timeZone()), note);
        }

        private Moment moment(Instant at, DateTimeFormatter format) {
            return new Moment(iso.format(at.truncatedTo(ChronoUnit.SECONDS)), format.format(at));
        }

        /** The moment with "(in 5 h 12 min)", "(3 days ago)" or "(now)". */
        private Moment relative(Instant at, DateTimeFormatter format) {
            Duration between = Duration.between(view.now(), at);
            String span = Format.span(between.abs());
            String relative = between.abs().toMinutes() < 1 ? "now" : between.isNegative() ? span + " ago" : "in " + span;
            return new Moment(iso.format(at.truncatedTo(ChronoUnit.SECONDS)), format.format(at), relative);
        }

        private static String runs(int n) {
            return n == 1 ? "1 run" : count(n) + " runs";
        }

        @Nullable
        private static String blankToNull(@Nullable String text) {
            return text == null || text.isBlank() ? null : text;
        }
    }
}
