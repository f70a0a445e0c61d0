package com.returnsorter.report.dashboard;

import com.returnsorter.events.RunStatus;
import com.returnsorter.pages.Format;
import com.returnsorter.report.alerts.AlertRecord;
import com.returnsorter.report.alerts.Severity;
import com.returnsorter.report.history.RunRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.returnsorter.report.dashboard.DashboardFixtures.HOSTILE;
import static com.returnsorter.report.dashboard.DashboardFixtures.NEXT_RUN;
import static com.returnsorter.report.dashboard.DashboardFixtures.NOW;
import static com.returnsorter.report.dashboard.DashboardFixtures.ZONE;
import static com.returnsorter.report.dashboard.DashboardFixtures.alerts;
import static com.returnsorter.report.dashboard.DashboardFixtures.night;
import static com.returnsorter.report.dashboard.DashboardFixtures.render;
import static com.returnsorter.report.dashboard.DashboardFixtures.nights;
import static com.returnsorter.report.dashboard.DashboardFixtures.run;
import static com.returnsorter.report.dashboard.DashboardFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;

class DashboardPageTest {

    @Test
    void showsAClearEmptyStateWithTheNextRunWhenNothingHasRunYet() {
        String html = render(view(List.of(), List.of()));

        assertThat(html).contains("<section class=\"banner waiting\"", "<h1>Waiting for the first run</h1>",
                "<h2>No runs recorded yet</h2>",
                "The next run is due <strong><time datetime=\"2026-03-04T02:00:00+01:00\">Wed 4 Mar 2026, 02:00</time> CET",
                "(in 16 h 45 min)", "<h2>Recent alerts</h2>", "No alerts.");
        assertThat(html).doesNotContain("<svg class=\"chart", "<table", "id=\"last-run\"");
        assertSane(html);
    }

    @Test
    void saysSoWhenTheNextRunIsNotKnown() {
        String html = render(new DashboardView(NOW, ZONE, 30, List.of(), List.of(), null, Duration.ofMinutes(1),
                Duration.ofHours(36)));

        assertThat(html).contains("No runs recorded yet", "When the next run is due is not known here.", "<dd>not known</dd>");
        assertSane(html);
    }

    @Test
    void showsTheLastRunWithItsFiguresAndLinks() {
        RunRecord run = nights(1, 7).get(0);
        String html = render(view(List.of(run), List.of()));

        String card = section(html, "last-run");
        assertThat(card).contains("<h2>Last run</h2>", "<code>" + run.runId() + "</code>",
                "href=\"runs/" + run.runId() + "/report\"", "href=\"runs/" + run.runId() + "\"",
                "Tue 3 Mar 2026, 02:00</time> – ",
                figure("Photos", String.format(Locale.ROOT, "%,d", run.totalImages())),
                figure("Success rate", String.format(Locale.ROOT, "%.1f%%", run.successRate())),
                figure("Failed", String.valueOf(run.failed())),
                figure("To review", String.valueOf(run.lowConfidence())),
                figure("Duration", Format.duration(run.durationSeconds())));
        assertThat(card).contains(run.status() == RunStatus.SUCCESS ? "✓</span> Success" : "!</span> Partial");
        assertSane(html);
    }

    @Test
    void drawsOneDayPerColumnWithEmptyDaysAsGapsForASingleRun() {
        String html = render(view(nights(1, 7), List.of()));

        String success = section(html, "success-trend");
        assertThat(columns(success)).isEqualTo(30);
        assertThat(occurrences(success, "class=\"track\"")).isEqualTo(1);
        assertThat(occurrences(success, "class=\"gap\"")).isEqualTo(29);
        assertThat(success).contains("<title>Mon 2 Feb: no run</title>", "Tue 3 Mar: ");
        assertThat(occurrences(section(html, "volume-trend"), "class=\"gap\"")).isEqualTo(29);
        assertThat(occurrences(section(html, "runs"), "<tr>")).isEqualTo(2);
        assertSane(html);
    }

    @Test
    void showsOnlyTheWindowsDaysOfSixtyRuns() {
        List<RunRecord> runs = nights(60, 11);
        assertThat(runs).hasSize(60);
        assertThat(runs.get(runs.size() - 1).startedAt()).isBefore(night(55));
        String html = render(view(runs, alerts()));

        String success = section(html, "success-trend");
        assertThat(columns(success)).isEqualTo(30);
        assertThat(columns(section(html, "volume-trend"))).isEqualTo(30);
        assertThat(success).contains("<title>Mon 2 Feb: ").doesNotContain("<title>Sun 1 Feb");
        // Day labels are thinned out so that they do not overlap: every other day at 30 days.
        assertThat(occurrences(success, "class=\"xlabel\"")).isEqualTo(15);
        assertThat(success).contains(">3 Mar</text>");
        assertThat(occurrences(section(html, "runs"), "<tr>")).isEqualTo(DashboardPage.MAX_RUNS + 1);
        assertThat(html).contains("Showing the 15 newest of 60 runs");
        assertSane(html);
    }

    @Test
    void weighsSeveralRunsOnOneDayByTheirPhotos() {
        List<RunRecord> runs = List.of(
                run("20260303_100000_second", night(0).plusSeconds(8 * 3600), 300, 150),
                run("20260303_010000_first", night(0), 100, 10));
        String html = render(view(runs, List.of()));

        // (90 % × 100 + 50 % × 300) / 400 photos = 60 %, not the 70 % of the two rates' mean.
        assertThat(section(html, "success-trend"))
                .contains("<title>Tue 3 Mar: 60.0% of 400 photos sorted or sent to review (2 runs)</title>")
                .contains(">60</text>");
        assertThat(section(html, "volume-trend"))
                .contains("<title>Tue 3 Mar: 400 photos, 240 sorted or to review, 160 failed (2 runs)</title>")
                .contains("<td class=\"num\">400</td>");
        assertThat(section(html, "last-run")).contains("20260303_100000_second");
        assertThat(columns(section(html, "success-trend"))).isEqualTo(30);
        assertSane(html);
    }

    @Test
    void leavesDryRunsOutOfTrendsAndDistributionsButListsThem() {
        RunRecord dry = run("20260302_010000_dryrun", night(1), 80, 0, 0, RunStatus.SUCCESS, true, Map.of("DryOnly", 80));
        RunRecord real = run("20260301_010000_real", night(2), 120, 0);
        String html = render(view(List.of(dry, real), List.of()));

        assertThat(section(html, "success-trend")).contains("<title>Mon 2 Mar: no run</title>", "Last 30 days: 1 run, 120 photos");
        assertThat(section(html, "categories")).doesNotContain("DryOnly").contains(">Dress</text>");
        assertThat(section(html, "runs")).contains("20260302_010000_dryrun", "<span class=\"badge dry\">dry run</span>");
        // The last run is the dry one: it is what ran last, and it says so.
        assertThat(section(html, "last-run")).contains("dry run — nothing moved");
        assertSane(html);
    }

    @Test
    void explainsMissingTrendsWhenOnlyDryRunsRan() {
        RunRecord dry = run("20260302_010000_dryrun", night(1), 80, 0, 0, RunStatus.SUCCESS, true, Map.of("Bag", 80));
        String html = render(view(List.of(dry), List.of()));

        assertThat(html).contains("No run in the last 30 days counts towards the trends").doesNotContain("<svg class=\"chart");
        assertSane(html);
    }

    @Test
    void drawsAZeroPercentDayUnlikeADayWithoutARun() {
        RunRecord failed = run("20260303_010000_failed", night(0), 50, 50, 0, RunStatus.FAILED, false, Map.of());
        String html = render(view(List.of(failed), List.of()));

        String success = section(html, "success-trend");
        assertThat(success).contains("<title>Tue 3 Mar: 0.0% of 50 photos sorted or sent to review (1 run)</title>");
        assertThat(lastColumn(success)).contains("class=\"track\"", "class=\"bad\"", "height=\"3.0\"", ">0</text>")
                .doesNotContain("class=\"gap\"");
        assertThat(html).contains("<section class=\"banner failing\"", "The last run failed",
                "POST /predict answered 503 Service Unavailable");
        assertSane(html);
    }

    @Test
    void aRunWithoutPhotosHasNoRateRatherThanZero() {
        RunRecord empty = run("20260303_010000_empty", night(0), 0, 0, 0, RunStatus.SUCCESS, false, Map.of());
        RunRecord broken = new RunRecord("20260302_010000_nan", "scheduled", false, night(1), night(1), Double.NaN, 0, 0, 0,
                0, 0, 0, 0, Double.NaN, RunStatus.SUCCESS, null, null, null, null, null, "", 0, null, night(1));
        String html = render(view(List.of(empty, broken), List.of()));

        assertThat(section(html, "success-trend")).contains("<title>Tue 3 Mar: 1 run, no photos</title>",
                "Last 30 days: 2 runs, 0 photos. ");
        assertThat(section(html, "categories")).contains("No photo was classified in this period.");
        assertSane(html);
    }

    @Test
    void sumsCategoriesAndConfidenceOverThePeriod() {
        RunRecord a = run("a", night(0), 100, 0, 10, RunStatus.SUCCESS, false, Map.of("Dress", 60, "Coat", 40));
        RunRecord b = run("b", night(3), 50, 0, 5, RunStatus.SUCCESS, false, Map.of("Coat", 50));
        RunRecord old = run("old", night(40), 500, 0, 0, RunStatus.SUCCESS, false, Map.of("Bag", 500));
        String html = render(view(List.of(a, b, old), List.of()));

        String categories = section(html, "categories");
        assertThat(categories).contains("<title>Coat: 90 (60.0%)</title>", "<title>Dress: 60 (40.0%)</title>")
                .doesNotContain("Bag");
        assertThat(categories.indexOf(">Coat<")).isLessThan(categories.indexOf(">Dress<"));
        // run(): high = 70 % of the confident photos, the rest medium, review = low.
        assertThat(section(html, "confidence")).contains("<title>High &gt;85%: 94 (62.7%)</title>",
                "<title>Medium 70–85%: 41 (27.3%)</title>", "<title>Low &lt;70%: 15 (10.0%)</title>");
    }

    @Test
    void theConfidenceBandsNameTheThresholdTheRunsUsed() {
        RunRecord a = withThreshold(run("a", night(0), 100, 0, 10, RunStatus.SUCCESS, false, Map.of("Coat", 100)), 0.6);
        RunRecord b = withThreshold(run("b", night(1), 50, 0, 5, RunStatus.SUCCESS, false, Map.of("Coat", 50)), 0.6);

        String same = section(render(view(List.of(a, b), List.of())), "confidence");
        String mixed = section(render(view(List.of(a, withThreshold(b, 0.8)), List.of())), "confidence");

        assertThat(same).contains("<title>Medium 60–85%: ", "<title>Low &lt;60%: ").doesNotContain("70%");
        assertThat(mixed).contains("<title>Low &lt;review threshold: 15 ").doesNotContain("70%");
    }

    private static RunRecord withThreshold(RunRecord r, double threshold) {
        return new RunRecord(r.runId(), r.trigger(), r.dryRun(), r.startedAt(), r.finishedAt(), r.durationSeconds(),
                r.totalImages(), r.successful(), r.failed(), r.sorted(), r.lowConfidence(), r.rejected(),
                r.leftInIncoming(), r.successRate(), r.status(), r.errorMessage(), r.categories(),
                new RunRecord.Confidence(r.confidence().high(), r.confidence().medium(), r.confidence().low(), threshold),
                r.reports(), r.model(), r.bucket(), r.itemCount(), r.itemsNote(), r.recordedAt());
    }

    @Test
    void escapesEverythingThatComesFromData() {
        String id = "20260303_010000_<b>\"x\"&y z";
        RunRecord run = run(id, night(0), 10, 0, 0, RunStatus.SUCCESS, false, Map.of(HOSTILE, 10));
        AlertRecord alert = new AlertRecord("a1", NOW, Severity.ERROR, "high-error-rate</td>", HOSTILE + " subject",
                "message <script>alert(2)</script>", id, Map.of(), false, null, null);
        String html = render(view(List.of(run), List.of(alert)));

        assertThat(html).doesNotContain("<img", "<script", "<b>", "</td></code>")
                .contains("&lt;img src=x onerror=alert(1)&gt;", "&lt;img src=x onerror=alert(1)&gt; subject",
                        "message &lt;script&gt;alert(2)&lt;/script&gt;", "high-error-rate&lt;/td&gt;",
                        "<code>20260303_010000_&lt;b&gt;\"x\"&amp;y z</code>",
                        "href=\"runs/20260303_010000_%3Cb%3E%22x%22%26y%20z/report\"");
        assertSane(html);
    }

    @Test
    void reloadsItselfAndLoadsNothing() {
        String html = render(view(nights(5, 3), alerts()));

        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta http-equiv=\"refresh\" content=\"300\">",
                        // jte escapes the quotes of attribute values; the browser reads &#39; as '.
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;",
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", "reloads every 5 min")
                .doesNotContain("<script", "<link", "<img", "<iframe", " src=", "url(", "http://", "https://");
        assertThat(render(new DashboardView(NOW, ZONE, 30, List.of(), List.of(), null, Duration.ZERO, Duration.ofHours(36))))
                .doesNotContain("http-equiv=\"refresh\"");
    }

    @Test
    void chartsAndTablesAreLabelledForScreenReaders() {
        String html = render(view(nights(20, 5), alerts()));

        assertThat(occurrences(html, "role=\"img\" aria-label=\"")).isEqualTo(4);
        assertThat(html).contains("aria-label=\"Success rate per day over the last 30 days\"",
                "<title>Success rate per day over the last 30 days</title>", "<th>Severity</th>", "<th>Run</th>",
                "<summary>Figures per day</summary>");
        // Status and severity carry words as well as colours.
        assertThat(html).contains("Partial</span>", ">WARNING</span>", ">Open</span>", ">Resolved</span>");
    }

    @Test
    void listsAlertsWithSeverityStateAndChannelDeliveries() {
        String html = render(view(nights(20, 5), alerts()));

        String alerts = section(html, "alerts");
        assertThat(alerts).contains("<span class=\"pill open\">1 open</span>", "<span class=\"badge critical\">CRITICAL</span>",
                "The nightly sort failed", "<code class=\"small muted\">run-failed</code>",
                "href=\"runs/20260222_010000_zz99yy/report\"", "by anna@example.com",
                "✓</span> slack delivered</span>", "✕</span> email failed</span>", "title=\"421 try again later (2 attempts)\"",
                "…</span> slack pending</span>");
        // INFO run summaries are news, not open problems.
        assertThat(occurrences(alerts, ">Open</span>")).isEqualTo(1);
        assertThat(alerts).contains("<span class=\"muted\">for information</span>");
        assertThat(html).contains("<section class=\"banner attention\"");
    }

    @Test
    void derivesTheOverallStateFromTheLastRunAndOpenAlerts() {
        RunRecord good = run("good", night(0), 100, 0);
        RunRecord partial = run("partial", night(0), 100, 12);
        AlertRecord critical = new AlertRecord("c", NOW, Severity.CRITICAL, "run-failed", "s", "m", "x", Map.of(), false,
                null, null);

        assertThat(render(view(List.of(good), List.of())))
                .contains("banner healthy", "<title>Healthy · Dashboard · Return Sorter</title>",
                        "The nightly sort is running smoothly", "The last run sorted 100 of 100 photos. No open alerts.");
        assertThat(render(view(List.of(partial), List.of())))
                .contains("banner attention", "The last run finished with problems", "could not sort 12 of 100 photos");
        assertThat(render(view(List.of(good), List.of(critical))))
                .contains("banner failing", "A critical alert is open");
        assertThat(render(view(List.of(good), List.of(critical.resolve(NOW, "ops")))))
                .contains("banner healthy");
        RunRecord stale = run("stale", night(2), 100, 0);
        assertThat(render(view(List.of(stale), List.of())))
                .contains("banner attention", "No run has finished for 36 hours");
    }

    @Test
    void formatsNumbersTheSameWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            RunRecord big = run("big", night(0), 12_345, 1_234);
            String html = render(view(List.of(big), List.of()));
            assertThat(section(html, "last-run")).contains(figure("Photos", "12,345"), figure("Success rate", "90.0%"));
            assertThat(html).doesNotContain("90,0");
            Matcher coordinates = Pattern.compile(" (?:x|y|width|height)=\"([^\"]*)\"").matcher(html);
            while (coordinates.find()) {
                assertThat(coordinates.group(1)).matches("-?\\d+(\\.\\d+)?");
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    /** No broken numbers anywhere, whatever the data. */
    private static void assertSane(String html) {
        assertThat(html).doesNotContain("NaN", "Infinity", "null").endsWith("</html>\n");
    }

    private static String figure(String label, String value) {
        return "<div class=\"label\">" + label + "</div><div class=\"value\">" + value + "</div>";
    }

    /** The element with {@code id} up to the end of its section. */
    static String section(String html, String id) {
        int start = html.indexOf("id=\"" + id + "\"");
        assertThat(start).as("section %s", id).isNotNegative();
        return html.substring(start, html.indexOf("</section>", start));
    }

    static int columns(String chart) {
        return occurrences(chart.substring(0, chart.indexOf("</svg>")), "<g><title>");
    }

    private static String lastColumn(String chart) {
        String svg = chart.substring(0, chart.indexOf("</svg>"));
        return svg.substring(svg.lastIndexOf("<g><title>"));
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
