package com.returnsorter.report.dashboard;

import com.returnsorter.events.ConfidenceBands;
import com.returnsorter.events.RunStatus;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.ChannelDelivery;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;
import com.returnsorter.report.dashboard.SvgCharts.Axis;
import com.returnsorter.report.dashboard.SvgCharts.Bar;
import com.returnsorter.report.dashboard.SvgCharts.Column;
import com.returnsorter.report.dashboard.SvgCharts.Segment;
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

import static com.returnsorter.report.dashboard.Html.count;
import static com.returnsorter.report.dashboard.Html.escape;
import static com.returnsorter.report.dashboard.Html.percent;

/**
 * The dashboard: one self-contained HTML page with the overall state, the last run, 30-day trends,
 * category and confidence distributions, recent alerts and recent runs.
 *
 * <p>Like the run report it has inline CSS and inline SVG only — no script, nothing loaded — under a
 * Content-Security-Policy that would block anything else, and everything from data is HTML-escaped.
 * It reloads itself with a {@code <meta http-equiv="refresh">}. Links are relative
 * ({@code runs/<runId>/report}, {@code runs/<runId>}), so serve the page from the service's root.
 */
public final class DashboardPage {

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
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

    /** The whole page. */
    public static String render(DashboardView view) {
        return new Page(view).render();
    }

    private static final class Page {

        private final DashboardView view;
        private final List<RunRecord> runs;
        @Nullable
        private final RunRecord last;
        private final DailyTrend trend;
        private final List<AlertRecord> openAlerts;
        private final Health health;
        private final StringBuilder html = new StringBuilder(96 * 1024);
        private final DateTimeFormatter dateTime;
        private final DateTimeFormatter shortDateTime;
        private final DateTimeFormatter shortDay;
        private final DateTimeFormatter time;
        private final DateTimeFormatter day;
        private final DateTimeFormatter longDay;
        private final DateTimeFormatter iso;
        private final String zoneLabel;

        Page(DashboardView view) {
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
            // Summer or winter time as of now, e.g. CEST rather than CET.
            this.zoneLabel = zone.normalized().equals(ZoneOffset.UTC)
                    ? "UTC" : DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).withZone(zone).format(view.now());
        }

        String render() {
            html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                    .append("style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n");
            long refresh = view.refresh().toSeconds();
            if (refresh > 0) {
                html.append("<meta http-equiv=\"refresh\" content=\"").append(refresh).append("\">\n");
            }
            html.append("<meta name=\"robots\" content=\"noindex\">\n<title>")
                    .append(escape(health.level().word() + " · Return Sorter dashboard")).append("</title>\n<style>")
                    .append(DashboardCss.STYLE).append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
            masthead();
            banner();
            if (runs.isEmpty()) {
                noRuns();
            } else {
                lastRun(last);
                trends();
                distributions();
            }
            alerts();
            if (!runs.isEmpty()) {
                recentRuns();
            }
            footer();
            html.append("</main>\n</body>\n</html>\n");
            return html.toString();
        }

        private void masthead() {
            html.append("<header class=\"masthead\"><div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>")
                    .append("Return Sorter</div><div>Dashboard · updated ").append(timeTag(view.now(), time))
                    .append(' ').append(escape(zoneLabel));
            if (view.refresh().toSeconds() > 0) {
                html.append(" · reloads every ").append(escape(span(view.refresh())));
            }
            html.append("</div></header>\n");
        }

        private void banner() {
            Health.Level level = health.level();
            html.append("<section class=\"banner ").append(level.cssClass()).append("\" role=\"status\">\n")
                    .append("<div class=\"banner-icon\" aria-hidden=\"true\">").append(switch (level) {
                        case HEALTHY -> "✓";
                        case ATTENTION -> "!";
                        case FAILING -> "✕";
                        case WAITING -> CLOCK;
                    }).append("</div>\n")
                    .append("<div class=\"banner-body\">\n<p class=\"eyebrow\">").append(escape(level.word())).append("</p>\n")
                    .append("<h1>").append(escape(health.headline())).append("</h1>\n");
            if (!health.reasons().isEmpty()) {
                html.append("<p class=\"lead\">").append(escape(String.join(" ", health.reasons()))).append("</p>\n");
            }
            html.append("<dl class=\"meta\">\n");
            meta("Last run", last == null ? "none yet" : timeTag(last.startedAt(), shortDay) + relative(last.startedAt()));
            meta("Next run", nextRun());
            meta("Open alerts", count(openAlerts.size()));
            // With the date: when the service is down the browser keeps showing the last page it got.
            meta("Updated", timeTag(view.now(), shortDay) + " " + escape(zoneLabel));
            html.append("</dl>\n</div>\n</section>\n");
        }

        private void meta(String term, String valueHtml) {
            html.append("<div><dt>").append(term).append("</dt><dd>").append(valueHtml).append("</dd></div>\n");
        }

        private String nextRun() {
            Instant next = view.nextScheduledRun();
            return next == null ? "not known" : timeTag(next, shortDay) + relative(next);
        }

        private void noRuns() {
            html.append("<section class=\"card empty-state\" id=\"no-runs\">\n").append(TRAY)
                    .append("<h2>No runs recorded yet</h2>\n<p>");
            Instant next = view.nextScheduledRun();
            if (next == null) {
                html.append("When the next run is due is not known here.");
            } else {
                html.append(next.isBefore(view.now()) ? "The next run was due " : "The next run is due ")
                        .append("<strong>").append(timeTag(next, dateTime)).append(' ').append(escape(zoneLabel))
                        .append("</strong>").append(relative(next)).append('.');
            }
            html.append("</p>\n<p class=\"muted\">Trends, distributions and the list of runs appear here once the nightly ")
                    .append("job has reported its first run.</p>\n</section>\n");
        }

        private void lastRun(RunRecord run) {
            html.append("<section class=\"card\" id=\"last-run\">\n<div class=\"card-head\"><h2>Last run</h2>")
                    .append(statusBadge(run.status()));
            if (run.dryRun()) {
                html.append("<span class=\"badge dry\">dry run — nothing moved</span>");
            }
            html.append("<div class=\"links\"><a href=\"").append(reportHref(run.runId())).append("\">Run report</a>")
                    .append("<a href=\"").append(escape("runs/" + Html.pathSegment(run.runId()))).append("\">JSON</a></div></div>\n")
                    .append("<p class=\"when\"><code>").append(escape(run.runId())).append("</code> · ")
                    .append(timeTag(run.startedAt(), dateTime)).append(" – ").append(timeTag(run.finishedAt(), time))
                    .append(' ').append(escape(zoneLabel)).append(" · ").append(escape(run.trigger()));
            if (run.model() != null) {
                html.append(" · model ").append(escape(run.model().name())).append(' ').append(escape(run.model().version()));
            }
            html.append("</p>\n<div class=\"figures\">\n");
            figure("", "Photos", count(run.totalImages()));
            figure("rate", "Success rate", percent(run.successRate()));
            figure("failed", "Failed", count(run.failed()));
            figure("review", "To review", count(run.lowConfidence()));
            figure("", "Duration", Html.duration(run.durationSeconds()));
            html.append("</div>\n");
            if (run.errorMessage() != null && !run.errorMessage().isBlank()) {
                html.append("<p class=\"error\"><strong>Error:</strong> ").append(escape(run.errorMessage())).append("</p>\n");
            }
            if (run.itemsNote() != null && !run.itemsNote().isBlank()) {
                html.append("<p class=\"note\">").append(escape(run.itemsNote())).append("</p>\n");
            }
            html.append("</section>\n");
        }

        private void figure(String kind, String label, String value) {
            html.append("<div class=\"figure ").append(kind).append("\"><div class=\"label\">").append(label)
                    .append("</div><div class=\"value\">").append(escape(value)).append("</div></div>\n");
        }

        private void trends() {
            int days = trend.days().size();
            if (trend.runs().isEmpty()) {
                html.append("<section class=\"card\" id=\"trends\">\n<h2>Trends</h2>\n<p class=\"none\">No run in the last ")
                        .append(days).append(" days counts towards the trends (dry runs are left out).</p>\n</section>\n");
                return;
            }
            OptionalDouble overall = trend.successRate();
            html.append("<section class=\"card\" id=\"success-trend\">\n<h2>Success rate per day</h2>\n<p class=\"sub\">Last ")
                    .append(days).append(" days: ").append(count(trend.runs().size()))
                    .append(trend.runs().size() == 1 ? " run, " : " runs, ").append(count(trend.images())).append(" photos")
                    .append(overall.isPresent() ? ", " + percent(overall.getAsDouble()) + " sorted or sent to review" : "")
                    .append(". Several runs on one day count by their photos; dry runs are left out.</p>\n");
            SvgCharts.columns(html, "Success rate per day over the last " + days + " days", successColumns(),
                    new Axis(100, 25, v -> String.format(Locale.ROOT, "%.0f%%", v)));
            html.append("<ul class=\"legend\"><li><span class=\"swatch good\"></span>").append(GOOD_RATE)
                    .append("% or more</li><li><span class=\"swatch warn\"></span>").append(POOR_RATE).append("% to ")
                    .append(GOOD_RATE).append("%</li><li><span class=\"swatch bad\"></span>under ")
                    .append(POOR_RATE).append("%</li><li><span class=\"swatch gap\"></span>no run that day</li></ul>\n")
                    .append("</section>\n");

            int busiest = trend.days().stream().mapToInt(DailyTrend.Day::images).max().orElse(0);
            double step = SvgCharts.niceStep(Math.max(busiest, 4), 4);
            html.append("<section class=\"card\" id=\"volume-trend\">\n<h2>Photos per day</h2>\n<p class=\"sub\">Photos ")
                    .append("handled by the runs of each day, split into sorted (or sent to review) and failed.</p>\n");
            SvgCharts.columns(html, "Photos per day over the last " + days + " days", volumeColumns(),
                    new Axis(step * Math.max(1, Math.ceil(busiest / step)), step, v -> count(Math.round(v))));
            html.append("<ul class=\"legend\"><li><span class=\"swatch ok\"></span>sorted or to review</li>")
                    .append("<li><span class=\"swatch lost\"></span>failed (rejected or left in incoming/)</li>")
                    .append("<li><span class=\"swatch gap\"></span>no run that day</li></ul>\n");
            dailyTable();
            html.append("</section>\n");
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

        /** The trends' figures as text, for reading exact numbers and for screen readers. */
        private void dailyTable() {
            html.append("<details>\n<summary>Figures per day</summary>\n<div class=\"scroll\"><table>\n<thead><tr><th>Day</th>")
                    .append("<th class=\"num\">Runs</th><th class=\"num\">Photos</th><th class=\"num\">Sorted or to review</th>")
                    .append("<th class=\"num\">Failed</th><th class=\"num\">Success rate</th></tr></thead>\n<tbody>\n");
            for (int i = trend.days().size() - 1; i >= 0; i--) {
                DailyTrend.Day d = trend.days().get(i);
                if (!d.hasRuns()) {
                    continue;
                }
                html.append("<tr><td>").append(escape(d.date().format(longDay))).append("</td><td class=\"num\">")
                        .append(count(d.runs())).append("</td><td class=\"num\">").append(count(d.images()))
                        .append("</td><td class=\"num\">").append(count(d.successful())).append("</td><td class=\"num\">")
                        .append(count(d.failed())).append("</td><td class=\"num\">")
                        .append(d.successRate().isPresent() ? percent(d.successRate().getAsDouble()) : "—")
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table></div>\n</details>\n");
        }

        private void distributions() {
            if (trend.runs().isEmpty()) {
                return;
            }
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
            html.append("<div class=\"grid2\">\n<section class=\"card\" id=\"categories\">\n<h2>Categories</h2>\n")
                    .append("<p class=\"sub\">Classified photos by predicted category, last ").append(days).append(" days</p>\n");
            List<Bar> bars = categoryBars(categories);
            int categorised = bars.stream().mapToInt(Bar::count).sum();
            if (categorised == 0) {
                html.append("<p class=\"none\">No photo was classified in this period.</p>\n");
            } else {
                SvgCharts.bars(html, "Classified photos by category over the last " + days + " days", bars, categorised);
            }
            html.append("</section>\n<section class=\"card\" id=\"confidence\">\n<h2>Confidence</h2>\n")
                    .append("<p class=\"sub\">How sure the model was, last ").append(days).append(" days</p>\n");
            int classified = high + medium + low;
            if (classified == 0) {
                html.append("<p class=\"none\">No confidence bands were recorded in this period.</p>\n");
            } else {
                // The threshold the runs used; runs with different thresholds each counted at their own.
                String threshold = thresholds.size() == 1
                        ? String.format(Locale.ROOT, "%.0f", thresholds.iterator().next() * 100) : null;
                String sure = String.format(Locale.ROOT, "%.0f", ConfidenceBands.HIGH * 100);
                SvgCharts.bars(html, "Classified photos by confidence band over the last " + days + " days", List.of(
                        new Bar("High >" + sure + "%", high, "high"),
                        new Bar(threshold != null ? "Medium " + threshold + "–" + sure + "%"
                                : "Medium review threshold–" + sure + "%", medium, "medium"),
                        new Bar(threshold != null ? "Low <" + threshold + "%" : "Low <review threshold", low, "low")),
                        classified);
                html.append("<ul class=\"legend\"><li><span class=\"swatch high\"></span>High: sorted, nothing to do</li>")
                        .append("<li><span class=\"swatch medium\"></span>Medium: sorted</li>")
                        .append("<li><span class=\"swatch low\"></span>Low: moved to review/</li></ul>\n");
            }
            html.append("</section>\n</div>\n");
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

        private void alerts() {
            List<AlertRecord> alerts = view.alerts();
            html.append("<section class=\"card\" id=\"alerts\">\n<div class=\"card-head\"><h2>Recent alerts</h2>")
                    .append("<span class=\"pill").append(openAlerts.isEmpty() ? "" : " open").append("\">")
                    .append(count(openAlerts.size())).append(" open</span></div>\n");
            if (alerts.isEmpty()) {
                html.append("<p class=\"none\">No alerts.</p>\n</section>\n");
                return;
            }
            html.append("<div class=\"scroll\"><table class=\"alerts\">\n<thead><tr><th>Severity</th><th>Alert</th><th>When</th><th>Run</th>")
                    .append("<th>State</th><th>Channels</th></tr></thead>\n<tbody>\n");
            for (AlertRecord alert : alerts.subList(0, Math.min(MAX_ALERTS, alerts.size()))) {
                String severity = alert.severity().wireName();
                html.append("<tr><td><span class=\"badge ").append(severity.toLowerCase(Locale.ROOT)).append("\">")
                        .append(severity).append("</span></td><td><div class=\"subject\">").append(escape(alert.subject()))
                        .append("</div>");
                if (alert.message() != null && !alert.message().isBlank()) {
                    html.append("<div class=\"message\">").append(escape(Html.truncate(alert.message(), MAX_MESSAGE)))
                            .append("</div>");
                }
                html.append("<code class=\"small muted\">").append(escape(alert.rule())).append("</code></td><td class=\"nowrap\">")
                        .append(alert.createdAt() == null ? "—" : timeTag(alert.createdAt(), shortDateTime)).append("</td><td>")
                        .append(alert.runId() == null ? "<span class=\"muted\">—</span>" : "<a href=\"" + reportHref(alert.runId())
                                + "\"><code>" + escape(alert.runId()) + "</code></a>")
                        .append("</td><td>");
                if (alert.resolved()) {
                    html.append("<span class=\"badge resolved\">Resolved</span>");
                    if (alert.resolvedAt() != null || alert.resolvedBy() != null) {
                        html.append("<div class=\"small muted\">")
                                .append(alert.resolvedAt() == null ? "" : timeTag(alert.resolvedAt(), shortDateTime))
                                .append(alert.resolvedBy() == null ? "" : " by " + escape(alert.resolvedBy())).append("</div>");
                    }
                } else if (alert.severity() == Severity.INFO) {
                    // Run summaries are news, not problems: nobody resolves them.
                    html.append("<span class=\"muted\">for information</span>");
                } else {
                    html.append("<span class=\"badge open\">Open</span>");
                }
                html.append("</td><td>");
                channels(alert);
                html.append("</td></tr>\n");
            }
            html.append("</tbody>\n</table></div>\n");
            if (alerts.size() > MAX_ALERTS) {
                html.append("<p class=\"note\">Showing the ").append(MAX_ALERTS).append(" newest of ").append(count(alerts.size()))
                        .append(" alerts.</p>\n");
            }
            html.append("</section>\n");
        }

        private void channels(AlertRecord alert) {
            if (alert.channels().isEmpty()) {
                html.append("<span class=\"muted\">—</span>");
                return;
            }
            alert.channels().forEach((name, delivery) -> {
                ChannelDelivery.State state = delivery.state() == null ? ChannelDelivery.State.PENDING : delivery.state();
                String icon = switch (state) {
                    case DELIVERED -> "✓";
                    case FAILED, REFUSED -> "✕";
                    case PENDING, SENDING -> "…";
                };
                String detail = delivery.error() != null ? delivery.error()
                        : delivery.target() != null ? delivery.target() : state.wireName();
                html.append("<span class=\"chan ").append(state.wireName()).append("\" title=\"")
                        .append(escape(detail + " (" + delivery.attempts() + (delivery.attempts() == 1 ? " attempt)" : " attempts)")))
                        .append("\"><span aria-hidden=\"true\">").append(icon).append("</span> ").append(escape(name))
                        .append(' ').append(state.wireName()).append("</span>");
            });
        }

        private void recentRuns() {
            html.append("<section class=\"card\" id=\"runs\">\n<div class=\"card-head\"><h2>Recent runs</h2></div>\n")
                    .append("<div class=\"scroll\"><table class=\"runs\">\n<thead><tr><th>Run</th><th>Started</th><th>Trigger</th><th>Status</th>")
                    .append("<th class=\"num\">Photos</th><th class=\"num\">Success rate</th><th class=\"num\">Failed</th>")
                    .append("<th class=\"num\">To review</th><th class=\"num\">Duration</th></tr></thead>\n<tbody>\n");
            for (RunRecord run : runs.subList(0, Math.min(MAX_RUNS, runs.size()))) {
                html.append("<tr><td><a href=\"").append(reportHref(run.runId())).append("\"><code>").append(escape(run.runId()))
                        .append("</code></a>").append(run.dryRun() ? " <span class=\"badge dry\">dry run</span>" : "")
                        .append("</td><td class=\"nowrap\">").append(timeTag(run.startedAt(), shortDateTime))
                        .append("</td><td>").append(escape(run.trigger())).append("</td><td>").append(statusBadge(run.status()))
                        .append("</td><td class=\"num\">").append(count(run.totalImages()))
                        .append("</td><td class=\"num\">").append(percent(run.successRate()))
                        .append("</td><td class=\"num\">").append(count(run.failed()))
                        .append("</td><td class=\"num\">").append(count(run.lowConfidence()))
                        .append("</td><td class=\"num\">").append(escape(Html.duration(run.durationSeconds())))
                        .append("</td></tr>\n");
            }
            html.append("</tbody>\n</table></div>\n");
            if (runs.size() > MAX_RUNS) {
                html.append("<p class=\"note\">Showing the ").append(MAX_RUNS).append(" newest of ").append(count(runs.size()))
                        .append(" runs.</p>\n");
            }
            html.append("</section>\n");
        }

        private void footer() {
            html.append("<footer>Times in ").append(escape(zoneLabel)).append(" (").append(escape(view.timeZone().getId()))
                    .append("). Trends and distributions cover the last ").append(trend.days().size())
                    .append(" days and leave out dry runs. Return Sorter · report-function</footer>\n");
        }

        private static String statusBadge(RunStatus status) {
            return switch (status) {
                case SUCCESS -> "<span class=\"badge success\"><span aria-hidden=\"true\">✓</span> Success</span>";
                case PARTIAL -> "<span class=\"badge partial\"><span aria-hidden=\"true\">!</span> Partial</span>";
                case FAILED -> "<span class=\"badge failed\"><span aria-hidden=\"true\">✕</span> Failed</span>";
            };
        }

        private static String reportHref(String runId) {
            return escape("runs/" + Html.pathSegment(runId) + "/report");
        }

        private String timeTag(Instant at, DateTimeFormatter format) {
            return "<time datetime=\"" + iso.format(at.truncatedTo(ChronoUnit.SECONDS)) + "\">" + escape(format.format(at))
                    + "</time>";
        }

        /** " (in 5 h 12 min)" or " (3 days ago)". */
        private String relative(Instant at) {
            Duration between = Duration.between(view.now(), at);
            if (between.abs().toMinutes() < 1) {
                return " <span class=\"rel\">(now)</span>";
            }
            String span = span(between.abs());
            return " <span class=\"rel\">(" + escape(between.isNegative() ? span + " ago" : "in " + span) + ")</span>";
        }

        private static String runs(int n) {
            return n == 1 ? "1 run" : count(n) + " runs";
        }
    }

    /** A length of time in words, to the minute: "45 s", "12 min", "5 h 12 min", "3 days". */
    static String span(Duration duration) {
        long seconds = duration.abs().toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 48 * 60) {
            return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
        }
        return (minutes / (24 * 60)) + " days";
    }

    /** A clock face, white on the banner's icon disc. */
    private static final String CLOCK = "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" fill=\"none\" stroke=\"#fff\" "
            + "stroke-width=\"2.2\" stroke-linecap=\"round\"><circle cx=\"12\" cy=\"12\" r=\"9\"/><path d=\"M12 7 V12 L15.5 14\"/></svg>";

    /** An empty in-tray. */
    private static final String TRAY = "<svg class=\"empty-icon\" viewBox=\"0 0 48 48\" aria-hidden=\"true\" fill=\"none\" "
            + "stroke-width=\"2.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"
            + "<path d=\"M6 28 L12 10 H36 L42 28 V38 a2 2 0 0 1 -2 2 H8 a2 2 0 0 1 -2 -2 Z\"/>"
            + "<path d=\"M6 28 H16 L19 33 H29 L32 28 H42\"/></svg>\n";
}
